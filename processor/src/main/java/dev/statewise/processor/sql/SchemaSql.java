package dev.statewise.processor.sql;

import dev.statewise.processor.schema.Grants;
import dev.statewise.processor.schema.Sql;
import dev.statewise.processor.schema.Sql.Dialect;
import dev.statewise.processor.schema.WorkflowSchema;
import dev.statewise.processor.schema.WorkflowSchema.Column;
import dev.statewise.processor.schema.WorkflowSchema.Comment;
import dev.statewise.processor.schema.WorkflowSchema.Index;
import dev.statewise.processor.schema.WorkflowSchema.OnColumn;
import dev.statewise.processor.schema.WorkflowSchema.Privileges;
import dev.statewise.processor.schema.WorkflowSchema.Rights;
import dev.statewise.processor.schema.WorkflowSchema.RowSecurity;
import dev.statewise.processor.schema.WorkflowSchema.Rows;
import dev.statewise.processor.schema.WorkflowSchema.Table;
import dev.statewise.processor.schema.WorkflowSchema.Trigger;
import dev.statewise.processor.schema.WorkflowSchema.TriggerFunction;
import dev.statewise.runtime.Columns.FeedPosition;
import dev.statewise.runtime.SqlStates;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Each object of a {@link WorkflowSchema} as the statement that creates it. */
final class SchemaSql {

    private static final String SCHEMA = WorkflowSchema.SCHEMA;

    /** What the reader of a migration needs to know about the blocks that create functions. */
    static final String FUNCTIONS_NOTE = "Each block writes the schema this migration runs in for " + SCHEMA
            + ": no session can redirect a function to a table, function or operator of its own (decision 0019).";

    static final String GRANTS_NOTE = "Privileges of the roles that the processor options statewise.applicationRole"
            + " and statewise.readOnlyRole name (Statewise's docs/database.md).";

    private SchemaSql() {}

    /**
     * A table with its columns in aligned columns and its constraints.
     *
     * @param alignTypes whether the constraints after the types line up too
     * @param foreignKeys which foreign keys to declare
     */
    static String table(Table table, Dialect dialect, boolean alignTypes, Predicate<String> foreignKeys) {
        List<String> definitions = new ArrayList<>(aligned(table.columns(), dialect, alignTypes));
        definitions.add("CONSTRAINT " + table.primaryKey().name() + " PRIMARY KEY ("
                + String.join(", ", table.primaryKey().columns()) + ")");
        table.checks().forEach(c -> definitions.add("CONSTRAINT " + c.name() + " CHECK ("
                + c.condition().render(dialect) + ")"));
        table.foreignKeys().stream().filter(fk -> foreignKeys.test(fk.referencedTable())).forEach(fk ->
                definitions.add("CONSTRAINT " + fk.name() + " FOREIGN KEY (" + Sql.column(fk.column()).render(dialect)
                        + ") REFERENCES " + fk.referencedTable() + " (" + Sql.column(fk.referencedColumn()).render(dialect) + ")"));
        return "CREATE TABLE " + table.name() + " (\n    " + String.join(",\n    ", definitions) + "\n);\n";
    }

    /** Column definitions with names and types in aligned columns, trailing blanks trimmed. */
    private static List<String> aligned(List<Column> columns, Dialect dialect, boolean alignTypes) {
        List<String[]> texts = columns.stream().map(c -> new String[] {Sql.column(c.name()).render(dialect),
                (dialect == Dialect.JOOQ ? c.type().withExplicitPrecision() : c.type()).toString(),
                c.constraint().render(dialect)}).toList();
        int nameWidth = texts.stream().mapToInt(c -> c[0].length()).max().orElse(0);
        int typeWidth = !alignTypes ? 0
                : texts.stream().filter(c -> !c[2].isEmpty()).mapToInt(c -> c[1].length()).max().orElse(0);
        return texts.stream()
                .map(c -> (pad(c[0], nameWidth) + " " + pad(c[1], typeWidth) + " " + c[2]).stripTrailing())
                .toList();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    static String comment(Comment comment, Dialect dialect) {
        String on = comment.on() instanceof OnColumn column
                ? "COLUMN " + column.table() + "." + Sql.column(column.column()).render(dialect) : comment.on().sql();
        return commentOn(on, comment.text());
    }

    /** The statement that sets or, with {@code null}, removes a comment. */
    static String commentOn(String object, String text) {
        return "COMMENT ON " + object + " IS " + Sql.literal(text) + ";";
    }

    static String index(Index index, Dialect dialect) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + index.name() + " ON " + index.table() + " ("
                + index.columns().stream().map(c -> Sql.column(c).render(dialect)).collect(Collectors.joining(", "))
                + ")" + (index.where().isEmpty() ? "" : " WHERE " + index.where().render(dialect)) + ";";
    }

    /** An INSERT of the rows, one per line. */
    static String rows(Rows rows) {
        return "INSERT INTO " + rows.table() + " (" + String.join(", ", rows.columns()) + ") VALUES\n"
                + rows.values().stream()
                        .map(row -> "    (" + row.stream().map(v -> Sql.literal(v).toString())
                                .collect(Collectors.joining(", ")) + ")")
                        .collect(Collectors.joining(",\n")) + ";\n";
    }

    /**
     * A function's text, with {@value #SCHEMA} where the schema goes: what the snapshot keeps a
     * digest of. A function resolves nothing through the caller's search_path: it names its tables
     * with the schema written in when the migration runs, and finds everything else in pg_catalog
     * (decision 0019). One with the owner's rights first makes sure it runs for its own table.
     */
    static String functionText(TriggerFunction function) {
        boolean owner = function.rights() == Rights.OWNER;
        StringBuilder text = new StringBuilder();
        text.append("CREATE FUNCTION ").append(SCHEMA).append('.').append(function.name()).append("() RETURNS trigger\n");
        text.append("    LANGUAGE plpgsql\n");
        if (owner) {
            text.append("    SECURITY DEFINER\n");
        }
        text.append("    SET search_path = pg_catalog, pg_temp\n");
        text.append("AS $$\n");
        if (!function.declarations().isEmpty()) {
            text.append("DECLARE\n");
            function.declarations().forEach(d -> text.append("    ").append(d).append('\n'));
        }
        text.append("BEGIN\n");
        if (owner) {
            text.append(Sql.of("""
                        IF TG_RELID <> $L::regclass THEN
                            RAISE EXCEPTION USING
                                ERRCODE = $L,
                                MESSAGE = format($L, TG_RELID::regclass);
                        END IF;
                    """, SCHEMA + "." + function.table(), SqlStates.INSUFFICIENT_PRIVILEGE,
                    function.name() + " runs for table " + function.table() + " only, not for %s"));
        }
        text.append(function.body());
        text.append("END\n$$\n");
        return text.toString();
    }

    /**
     * The statement that creates or replaces a function: a block that writes in the schema the
     * migration runs in, quoted as an identifier, and runs the text.
     */
    static String createFunction(TriggerFunction function, boolean replace) {
        String text = functionText(function);
        if (replace) {
            text = "CREATE OR REPLACE" + text.substring("CREATE".length());
        }
        return "DO $create$ BEGIN EXECUTE replace($function$\n" + text
                + "$function$, '" + SCHEMA + "', quote_ident(current_schema())); END $create$;\n";
    }

    static String revokeExecute(List<String> functions) {
        return "REVOKE EXECUTE ON FUNCTION " + functions.stream().map(f -> f + "()").collect(Collectors.joining(", "))
                + " FROM PUBLIC;";
    }

    static String trigger(Trigger trigger) {
        return "CREATE TRIGGER " + trigger.name() + " " + trigger.events() + " ON " + trigger.table() + "\n"
                + "    FOR EACH " + trigger.level() + " " + (trigger.when().isEmpty() ? "" : "WHEN (" + trigger.when() + ") ")
                + "EXECUTE FUNCTION " + trigger.function() + "();\n";
    }

    /** Row-level security on the history: every role may read the rows it may select, none but the owner write. */
    static String rowSecurity(RowSecurity security) {
        return "ALTER TABLE " + security.table() + " ENABLE ROW LEVEL SECURITY;\n"
                + "CREATE POLICY " + security.readPolicy() + " ON " + security.table() + " FOR SELECT USING (true);";
    }

    /**
     * The grants of the roles: each must exist, else the migration fails saying how to create it;
     * both get the schema; the application may write the workflow's table and its feed's positions
     * (no DELETE: the repository deletes nothing, and a consumer's row is the owner's to remove) and
     * read its history and transitions, the read-only role read them all. The owner gives them, so a role that applies no migration gets nothing more.
     */
    static String grant(Privileges privileges) {
        StringBuilder sql = new StringBuilder();
        Grants grants = privileges.grants();
        grants.applicationRole().ifPresent(role -> sql.append(roleMustExist(role, Grants.APPLICATION_ROLE_OPTION))
                .append("GRANT SELECT, INSERT, UPDATE ON ").append(String.join(", ", privileges.written())).append(" TO ").append(role)
                .append(";\n")
                .append(privileges.positions().stream().map(p -> grantPositions(p, role)).collect(Collectors.joining()))
                .append("GRANT SELECT ON ").append(String.join(", ", privileges.readOnly())).append(" TO ").append(role)
                .append(";\n"));
        grants.readOnlyRole().ifPresent(role -> sql.append(roleMustExist(role, Grants.READ_ONLY_ROLE_OPTION))
                .append("GRANT SELECT ON ").append(String.join(", ", privileges.all())).append(" TO ")
                .append(role).append(";\n"));
        return sql.toString();
    }

    /**
     * The application's share of a feed's positions: it reads them, creates its consumers' rows and
     * moves them, and neither deletes nor renames one, which would send a running consumer back to
     * its start.
     */
    static String grantPositions(String positions, String role) {
        return "GRANT SELECT, INSERT ON " + positions + " TO " + role + ";\n"
                + "GRANT UPDATE (" + String.join(", ", FeedPosition.FEED_XID, FeedPosition.HISTORY_ID,
                        FeedPosition.DELIVERED, FeedPosition.MOVED_AT, FeedPosition.ATTEMPTS, FeedPosition.FAILING_SINCE,
                        FeedPosition.RETRY_AT, FeedPosition.LAST_ERROR) + ") ON " + positions + " TO " + role + ";\n";
    }

    /** Takes back what {@link #grant} gave a role that no option names any more. */
    static String revoke(Privileges privileges, String role) {
        return "REVOKE ALL ON " + String.join(", ", privileges.all()) + " FROM " + role + ";\n";
    }

    private static String roleMustExist(String role, String option) {
        return Sql.of("""
                DO $$grant$$ BEGIN
                    IF to_regrole($L) IS NULL THEN
                        RAISE EXCEPTION $L USING HINT = $L;
                    END IF;
                    EXECUTE format('GRANT USAGE ON SCHEMA %I TO $N', current_schema());
                END $$grant$$;
                """, role, "role " + role + " does not exist", "-A" + option + " names it: create it before this "
                        + "migration runs (CREATE ROLE " + role + " NOLOGIN) and grant it to the roles that log in",
                role).toString();
    }

    /** A comment, in lines of at most 100 characters where its words allow. */
    static String commentLines(String words) {
        StringBuilder lines = new StringBuilder();
        StringBuilder current = new StringBuilder("--");
        for (String word : words.split(" ")) {
            if (current.length() > 2 && current.length() + 1 + word.length() > 100) {
                lines.append(current).append('\n');
                current = new StringBuilder("--");
            }
            current.append(' ').append(word);
        }
        return lines.append(current).append('\n').toString();
    }
}
