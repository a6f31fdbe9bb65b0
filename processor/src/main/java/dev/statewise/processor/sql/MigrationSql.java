package dev.statewise.processor.sql;

import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.schema.Sql;
import dev.statewise.runtime.Columns.History;
import dev.statewise.processor.sql.Match.Fill;
import dev.statewise.processor.sql.MigrationStep.AddAuditColumns;
import dev.statewise.processor.sql.MigrationStep.AddCheckNotValid;
import dev.statewise.processor.sql.MigrationStep.AddColumn;
import dev.statewise.processor.sql.MigrationStep.AddEdges;
import dev.statewise.processor.sql.MigrationStep.AddForeignKeyNotValid;
import dev.statewise.processor.sql.MigrationStep.ChangeType;
import dev.statewise.processor.sql.MigrationStep.CreateIndex;
import dev.statewise.processor.sql.MigrationStep.CreateTrigger;
import dev.statewise.processor.sql.MigrationStep.DropColumn;
import dev.statewise.processor.sql.MigrationStep.DropConstraint;
import dev.statewise.processor.sql.MigrationStep.DropHistoryForeignKeys;
import dev.statewise.processor.sql.MigrationStep.DropIndex;
import dev.statewise.processor.sql.MigrationStep.DropNotNull;
import dev.statewise.processor.sql.MigrationStep.EnableRowSecurity;
import dev.statewise.processor.sql.MigrationStep.EventFeed;
import dev.statewise.processor.sql.MigrationStep.FillValues;
import dev.statewise.processor.sql.MigrationStep.GrantPrivileges;
import dev.statewise.processor.sql.MigrationStep.IndexInTransaction;
import dev.statewise.processor.sql.MigrationStep.MoveRows;
import dev.statewise.processor.sql.MigrationStep.RenameColumn;
import dev.statewise.processor.sql.MigrationStep.RepairStateTimes;
import dev.statewise.processor.sql.MigrationStep.ReplaceFunction;
import dev.statewise.processor.sql.MigrationStep.RetireEdges;
import dev.statewise.processor.sql.MigrationStep.RevokeExecute;
import dev.statewise.processor.sql.MigrationStep.RevokePrivileges;
import dev.statewise.processor.sql.MigrationStep.Section;
import dev.statewise.processor.sql.MigrationStep.SetComment;
import dev.statewise.processor.sql.MigrationStep.SetNotNull;
import dev.statewise.processor.sql.MigrationStep.SetStateDefault;
import dev.statewise.processor.sql.MigrationStep.StateTimeColumns;
import dev.statewise.processor.sql.MigrationStep.SwitchTrigger;
import dev.statewise.processor.sql.MigrationStep.ValidateConstraint;
import dev.statewise.processor.sql.MigrationStep.ValidateRule;
import dev.statewise.processor.sql.MigrationStep.ValidateWhereRowsAllow;
import dev.statewise.processor.sql.Snapshot.EdgeRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The steps of a planned change as the SQL of its migrations, in sections under their comments. */
final class MigrationSql {

    /** The lock timeout at the top of each migration: a migration waits no longer for a lock. */
    static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s';";

    private MigrationSql() {}

    /** The migration that makes the change. */
    static String migration(Workflow workflow, String words, String snapshotFile, List<MigrationStep> steps) {
        Text sql = new Text();
        sql.comment("Statewise: changes workflow " + workflow.qualifiedName() + ": " + words + ".");
        sql.comment("Generated from its declaration and " + snapshotFile + ". Commit this file and never edit it: "
                + "Flyway checks its checksum, and the next change is written as the next migration.");
        sql.line("");
        sql.line(LOCK_TIMEOUT);
        sql.line("");
        Section current = null;
        for (MigrationStep step : steps) {
            if (step.section() != current) {
                current = step.section();
                sql.section(current.title);
            }
            sql.text(statement(step));
        }
        return sql.toString();
    }

    /** The second migration, which validates what the first added NOT VALID; empty when nothing needs it. */
    static String validation(Workflow workflow, List<MigrationStep> steps) {
        if (steps.isEmpty()) {
            return "";
        }
        Text sql = new Text();
        sql.comment("Statewise: validates the constraints that the previous migration of workflow "
                + workflow.qualifiedName() + " added NOT VALID, in a transaction of its own: validating scans "
                + "the table without blocking its readers and writers. Commit this file and never edit it.");
        sql.line("");
        sql.line(LOCK_TIMEOUT);
        sql.line("");
        steps.forEach(step -> sql.text(statement(step)));
        return sql.toString();
    }

    /** A step's statements, each line ending with its line break. */
    static String statement(MigrationStep step) {
        if (step instanceof IndexInTransaction) {
            return "-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's"
                    + " docs/evolution.md.\n";
        } else if (step instanceof DropConstraint s) {
            return "ALTER TABLE " + s.table() + " DROP CONSTRAINT " + s.name() + ";\n";
        } else if (step instanceof DropIndex s) {
            return "-- squawk-ignore require-concurrent-index-deletion\nDROP INDEX " + s.name() + ";\n";
        } else if (step instanceof AddColumn s) {
            return "ALTER TABLE " + s.table() + " ADD COLUMN " + s.column() + " " + s.type() + ";\n";
        } else if (step instanceof RenameColumn s) {
            return "ALTER TABLE " + s.table() + " RENAME COLUMN " + s.from() + " TO " + s.to() + ";\n";
        } else if (step instanceof ChangeType s) {
            return "ALTER TABLE " + s.table() + " ALTER COLUMN " + s.column() + " TYPE " + s.type() + ";\n";
        } else if (step instanceof DropNotNull s) {
            return "ALTER TABLE " + s.table() + " ALTER COLUMN " + s.column() + " DROP NOT NULL;\n";
        } else if (step instanceof AddEdges s) {
            return "INSERT INTO " + s.table() + " (transition, from_state, to_state, description) VALUES\n"
                    + s.edges().stream().map(MigrationSql::edgeValues).collect(Collectors.joining(",\n")) + "\n"
                    + "ON CONFLICT (from_state, to_state, transition)\n"
                    + "    DO UPDATE SET description = EXCLUDED.description, retired = false;\n";
        } else if (step instanceof SwitchTrigger s) {
            return "ALTER TABLE " + s.table() + (s.enable() ? " ENABLE" : " DISABLE") + " TRIGGER " + s.trigger() + ";\n";
        } else if (step instanceof MoveRows s) {
            List<String> set = new ArrayList<>();
            set.add(Sql.of("$C = $L", s.stateColumn(), s.to()).toString());
            s.fills().forEach(fill -> set.add(assignment(fill)));
            set.add(Naming.VERSION + " = " + Naming.VERSION + " + 1");
            set.add(Naming.UPDATED_AT + " = now()");
            set.add(s.times().toString());
            return "UPDATE " + s.table() + " SET " + String.join(", ", set) + "\n"
                    + Sql.of(" WHERE $C = $L;", s.stateColumn(), s.from()) + "\n";
        } else if (step instanceof StateTimeColumns s) {
            List<String> changes = new ArrayList<>();
            s.added().forEach(c -> changes.add("ADD COLUMN " + c + " timestamptz"));
            s.dropped().forEach(c -> changes.add("DROP COLUMN " + c));
            // A default in ADD COLUMN would be every existing row's value; set apart, it is only new rows'.
            return "ALTER TABLE " + s.table() + " " + String.join(", ", changes) + ";\n"
                    + s.defaultNow().map(c -> "ALTER TABLE " + s.table() + " ALTER COLUMN " + c + " SET DEFAULT now();\n")
                            .orElse("");
        } else if (step instanceof EventFeed s) {
            return s.add() ? eventFeedAdded(s) : eventFeedRemoved(s);
        } else if (step instanceof FillValues s) {
            Fill fill = s.fill();
            return "UPDATE " + s.table() + " SET " + fill.column() + " = " + (fill.clears() ? "NULL" : fill.backfill()) + "\n"
                    + " WHERE " + fill.column() + (fill.clears() ? " IS NOT NULL" : " IS NULL") + " AND "
                    + Sql.of("$C IN ($L);", s.stateColumn(), s.states()) + "\n";
        } else if (step instanceof DropColumn s) {
            return "ALTER TABLE " + s.table() + " DROP COLUMN " + s.column() + ";\n";
        } else if (step instanceof RetireEdges s) {
            return "UPDATE " + s.table() + " SET retired = true\n"
                    + " WHERE (transition, from_state, to_state) IN (" + s.edges().stream()
                            .map(e -> Sql.of("($L, $L, $L)", e.transition(), e.from(), e.to()).toString())
                            .collect(Collectors.joining(", ")) + ");\n";
        } else if (step instanceof SetStateDefault s) {
            return "ALTER TABLE " + s.table() + " ALTER COLUMN " + s.stateColumn()
                    + s.state().map(state -> " SET DEFAULT " + Sql.literal(state)).orElse(" DROP DEFAULT") + ";\n";
        } else if (step instanceof AddAuditColumns s) {
            return "ALTER TABLE " + s.table() + " " + s.columns().stream().map(c -> "ADD COLUMN " + c + " text")
                    .collect(Collectors.joining(", ")) + ";\n"
                    + "ALTER TABLE " + s.history() + " ADD COLUMN " + s.historyColumn() + " text;\n";
        } else if (step instanceof ReplaceFunction s) {
            return SchemaSql.createFunction(s.function(), true);
        } else if (step instanceof CreateTrigger s) {
            return SchemaSql.trigger(s.trigger());
        } else if (step instanceof DropHistoryForeignKeys s) {
            return "ALTER TABLE " + s.history() + " " + s.names().stream().map(n -> "DROP CONSTRAINT IF EXISTS " + n)
                    .collect(Collectors.joining(", ")) + ";\n";
        } else if (step instanceof EnableRowSecurity s) {
            return SchemaSql.rowSecurity(s.security()) + "\n";
        } else if (step instanceof RevokeExecute s) {
            return SchemaSql.revokeExecute(s.functions()) + "\n";
        } else if (step instanceof AddCheckNotValid s) {
            return "ALTER TABLE " + s.table() + " ADD CONSTRAINT " + s.check().name() + " " + s.check().definition()
                    + " NOT VALID;\n";
        } else if (step instanceof AddForeignKeyNotValid s) {
            return "ALTER TABLE " + s.table() + " ADD CONSTRAINT " + s.name() + " " + s.definition() + " NOT VALID;\n";
        } else if (step instanceof CreateIndex s) {
            return "-- squawk-ignore require-concurrent-index-creation\n" + s.statement() + "\n";
        } else if (step instanceof RevokePrivileges s) {
            return SchemaSql.revoke(s.privileges(), s.role());
        } else if (step instanceof GrantPrivileges s) {
            return SchemaSql.grant(s.privileges());
        } else if (step instanceof SetComment s) {
            return SchemaSql.commentOn(s.object(), s.text()) + "\n";
        } else if (step instanceof ValidateConstraint s) {
            return "ALTER TABLE " + s.table() + " VALIDATE CONSTRAINT " + s.name() + ";\n";
        } else if (step instanceof ValidateRule s) {
            return validateRule(s);
        } else if (step instanceof ValidateWhereRowsAllow s) {
            return """
                    DO $validate$ BEGIN
                        ALTER TABLE %1$s VALIDATE CONSTRAINT %2$s;
                    EXCEPTION WHEN check_violation THEN
                        RAISE WARNING '%2$s stays NOT VALID: rows written before it break it; new rows are checked';
                    END $validate$;
                    """.formatted(s.table(), s.name());
        } else if (step instanceof RepairStateTimes s) {
            String since = s.columns().get(0);
            return "-- The trigger sets " + String.join(" and ", s.columns()) + " of these rows anew; they keep their version.\n"
                    + "UPDATE " + s.table() + " SET " + since + " = " + since + "\n WHERE " + s.where() + ";\n";
        } else if (step instanceof SetNotNull s) {
            return "ALTER TABLE " + s.table() + " VALIDATE CONSTRAINT " + s.check() + ";\n"
                    + "-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.\n"
                    + "ALTER TABLE " + s.table() + " ALTER COLUMN " + s.column() + " SET NOT NULL;\n"
                    + "ALTER TABLE " + s.table() + " DROP CONSTRAINT " + s.check() + ";\n";
        }
        throw new IllegalArgumentException("no SQL for " + step);
    }

    /**
     * The feed's columns change only the catalog: the history's rows read the constant default
     * {@code '0'} (from before the feed), and the defaults set afterwards are for new rows alone.
     */
    private static String eventFeedAdded(EventFeed s) {
        String history = s.history();
        String key = History.FEED_XID;
        return "ALTER TABLE " + history + " ADD COLUMN " + History.VERSION + " bigint, ADD COLUMN " + key
                + " xid8 NOT NULL DEFAULT '0';\n"
                + "ALTER TABLE " + history + " ALTER COLUMN " + key + " SET DEFAULT pg_current_xact_id();\n"
                + "-- For new rows only: the rows there are stay '0', from before the feed.\n"
                + "ALTER TABLE " + history + " ADD CONSTRAINT " + s.historyCheck().name() + " "
                + s.historyCheck().definition() + " NOT VALID;\n"
                + "ALTER TABLE " + s.table() + " ADD COLUMN " + s.feedXid() + " xid8;\n"
                + "ALTER TABLE " + s.table() + " ALTER COLUMN " + s.feedXid() + " SET DEFAULT pg_current_xact_id();\n"
                + s.createPositions() + s.grants();
    }

    /** The feed's objects dropped; the index and the CHECK go with the history's columns, the rows stay. */
    private static String eventFeedRemoved(EventFeed s) {
        return "-- squawk-ignore ban-drop-table\n"
                + "DROP TABLE " + s.positions() + ";\n"
                + "ALTER TABLE " + s.table() + " DROP COLUMN " + s.feedXid() + ";\n"
                + "ALTER TABLE " + s.history() + " DROP COLUMN " + History.VERSION + ", DROP COLUMN " + History.FEED_XID
                + ";\n";
    }

    /**
     * A rule's validation: the ids of the first rows that break it, if any, stop the migration with
     * a message that names the rule and them; then VALIDATE, which scans without blocking writes. A
     * row breaks it where its condition is false, not NULL, as the CHECK has it.
     */
    private static String validateRule(ValidateRule s) {
        return Sql.named("""
                -- Rows that break $constraint:N stop this migration, naming the first of them:
                -- mend them, or move them out of the rule's states, and migrate again. Statewise's
                -- docs/evolution.md shows the query that finds them all beforehand.
                DO $$validate$$
                DECLARE
                    ids text;
                BEGIN
                    SELECT string_agg(r.$id:C::text, ', ' ORDER BY r.$id:C) INTO ids
                      FROM (SELECT $id:C FROM $table:N WHERE ($condition:S) IS FALSE ORDER BY $id:C LIMIT 20) r;
                    IF ids IS NOT NULL THEN
                        RAISE EXCEPTION USING
                            ERRCODE = 'check_violation',
                            TABLE = $tableName:L,
                            CONSTRAINT = $constraintName:L,
                            MESSAGE = format($message:L, ids),
                            HINT = $hint:L;
                    END IF;
                END $$validate$$;
                ALTER TABLE $table:N VALIDATE CONSTRAINT $constraint:N;
                """, Map.of("id", s.id(), "table", s.table(), "tableName", s.table(), "condition", s.check().condition(),
                "constraint", s.check().name(), "constraintName", s.check().name(),
                // format() reads % in the rule's literals as its own: doubled, they stand for themselves.
                "message", (s.table() + ": rows break " + s.rule() + " (" + s.check().name() + ")").replace("%", "%%")
                        + "; the first, by id: %s",
                "hint", "Mend these rows, or move them out of the rule's states, then migrate again.")).toString();
    }

    private static String edgeValues(EdgeRow edge) {
        return Sql.of("    ($L, $L, $L, $L)", edge.transition(), edge.from(), edge.to(), edge.description()).toString();
    }

    /** The assignment for rows moving to a new state, which keeps a value they have. */
    private static String assignment(Fill fill) {
        return fill.column() + " = " + (fill.clears() ? "NULL" : "coalesce(" + fill.column() + ", " + fill.backfill() + ")");
    }

    /** A migration's text, in sections that appear only when they hold a statement. */
    private static final class Text {
        private final StringBuilder text = new StringBuilder();
        private String pendingSection;

        void section(String title) {
            pendingSection = title.isEmpty() ? null : title;
        }

        void line(String line) {
            if (pendingSection != null) {
                String title = pendingSection;
                pendingSection = null;
                if (!text.toString().endsWith("\n\n")) {
                    text.append('\n');
                }
                comment(title);
            }
            text.append(line).append('\n');
        }

        /** A comment, in lines of at most 100 characters where its words allow. */
        void comment(String words) {
            text(SchemaSql.commentLines(words));
        }

        /** A block that ends with its own line break. */
        void text(String block) {
            line(block.stripTrailing());
        }

        @Override
        public String toString() {
            return text.toString().stripTrailing() + "\n";
        }
    }
}
