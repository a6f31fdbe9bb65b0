package dev.statewise.processor.schema;

import dev.statewise.processor.model.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Everything the migrations of one workflow create, as typed objects with every name resolved:
 * what the renderers write as SQL, what the snapshot records and what a change is planned on.
 * {@link #objects} keeps them in the order the first migration creates them.
 *
 * @param table the workflow's own table
 * @param edges the transition table: one row per edge
 * @param history the append-only history of state changes
 * @param times the columns the triggers keep from the state column, and the timed states' deadlines
 */
public record WorkflowSchema(Table table, Table edges, Table history, StateTimes times, List<SchemaObject> objects) {

    /**
     * Where a function's body names the schema: the migration writes in the schema it runs in
     * (decision 0019), which the processor cannot know.
     */
    public static final String SCHEMA = "@schema";

    public WorkflowSchema {
        objects = List.copyOf(objects);
    }

    /** The schema that enforces the workflow, with the privileges of the roles the options name. */
    public static WorkflowSchema of(Workflow workflow, Grants grants) {
        return SchemaBuilder.build(workflow, grants);
    }

    /**
     * The columns the triggers keep from the state column: when the row entered its state, and in
     * a workflow with timeouts its deadline and when a failed timeout is tried again.
     *
     * @param deadline empty without timeouts, like {@code retryAt}
     * @param deadlines one per timed state, in declaration order
     */
    public record StateTimes(String since, Optional<String> deadline, Optional<String> retryAt,
            List<Deadline> deadlines) {

        public StateTimes {
            deadlines = List.copyOf(deadlines);
        }

        /** The columns, since first. */
        public List<String> columns() {
            List<String> columns = new ArrayList<>(List.of(since));
            deadline.ifPresent(columns::add);
            retryAt.ifPresent(columns::add);
            return columns;
        }

        public Optional<Deadline> deadline(String state) {
            return deadlines.stream().filter(d -> d.state().equals(state)).findFirst();
        }
    }

    /**
     * A timed state's deadline: a fixed number of seconds after the row entered the state (elapsed
     * time, so that a change of daylight-saving time moves none), or the instant a column holds.
     */
    public record Deadline(String state, Optional<String> seconds, Optional<String> column) {

        /**
         * The deadline of a row that entered the state at {@code since}.
         *
         * @param row what the row's columns are prefixed with: {@code NEW.} in a trigger, nothing in a CHECK
         */
        public Sql of(String row, Sql since) {
            return seconds.map(s -> Sql.of("$S + interval $L", since, s + " seconds"))
                    .orElseGet(() -> Sql.of(row + "$C", column.orElseThrow()));
        }
    }

    /** One object of the schema. */
    public sealed interface SchemaObject
            permits Table, Comment, Index, Rows, TriggerFunction, Trigger, RowSecurity, Privileges {}

    /**
     * A table with its constraints, in the order they are declared: the primary key, the checks,
     * the foreign keys.
     */
    public record Table(String name, List<Column> columns, PrimaryKey primaryKey, List<Check> checks,
            List<ForeignKey> foreignKeys) implements SchemaObject {

        public Table {
            columns = List.copyOf(columns);
            checks = List.copyOf(checks);
            foreignKeys = List.copyOf(foreignKeys);
        }

        public Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + name + " in " + this.name));
        }
    }

    /**
     * A column.
     *
     * @param constraint what follows its type, {@code NOT NULL DEFAULT now()}; empty for none
     */
    public record Column(String name, SqlType type, Sql constraint) {}

    public record PrimaryKey(String name, List<String> columns) {}

    /** A CHECK constraint, by its name and its condition. */
    public record Check(String name, Sql condition) {

        /** The definition as the migration writes it, and the snapshot keeps it. */
        public String definition() {
            return "CHECK (" + condition + ")";
        }
    }

    /** A foreign key to the id of another workflow's table. */
    public record ForeignKey(String name, String column, String referencedTable, String referencedColumn) {

        public String definition() {
            return "FOREIGN KEY (" + column + ") REFERENCES " + referencedTable + " (" + referencedColumn + ")";
        }
    }

    /**
     * An index.
     *
     * @param where the condition of a partial index, empty for all rows
     */
    public record Index(String name, String table, boolean unique, List<String> columns, Sql where)
            implements SchemaObject {

        public Index {
            columns = List.copyOf(columns);
        }
    }

    /** A comment from the declaration's Javadoc, or one that says what a Statewise object is for. */
    public record Comment(Target on, String text) implements SchemaObject {}

    /** What a comment is on, as {@code COMMENT ON} names it. */
    public sealed interface Target {

        /** As {@code COMMENT ON} names it, and the snapshot keys the comment: {@code COLUMN task.title}. */
        String sql();

        /** A target as the snapshot keys it. */
        static Target parse(String text) {
            if (text.startsWith("TABLE ")) {
                return new OnTable(text.substring("TABLE ".length()));
            }
            if (text.startsWith("COLUMN ")) {
                String column = text.substring("COLUMN ".length());
                int dot = column.indexOf('.');
                if (dot > 0) {
                    return new OnColumn(column.substring(0, dot), column.substring(dot + 1));
                }
            }
            if (text.startsWith("CONSTRAINT ") && text.contains(" ON ")) {
                String rest = text.substring("CONSTRAINT ".length());
                int on = rest.indexOf(" ON ");
                return new OnConstraint(rest.substring(0, on), rest.substring(on + " ON ".length()));
            }
            throw new IllegalArgumentException("not a comment Statewise writes: " + text);
        }
    }

    public record OnTable(String table) implements Target {
        public String sql() {
            return "TABLE " + table;
        }
    }

    public record OnColumn(String table, String column) implements Target {
        public String sql() {
            return "COLUMN " + table + "." + column;
        }
    }

    public record OnConstraint(String constraint, String table) implements Target {
        public String sql() {
            return "CONSTRAINT " + constraint + " ON " + table;
        }
    }

    /** Rows the migration inserts: the edges of the transition table. Each value a text or NULL. */
    public record Rows(String table, List<String> columns, List<List<String>> values) implements SchemaObject {

        public Rows {
            columns = List.copyOf(columns);
            values = values.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
        }
    }

    /** With whose rights a function runs. */
    public enum Rights { INVOKER, OWNER }

    /**
     * A trigger function in PL/pgSQL. Its body names the workflow's tables with {@code @schema},
     * which the migration replaces with the schema it runs in (decision 0019).
     *
     * @param table for a function with the owner's rights, the only table it runs for
     * @param declarations the variables of its {@code DECLARE} section, each with its type
     */
    public record TriggerFunction(String name, String table, Rights rights, List<String> declarations, Sql body)
            implements SchemaObject {

        public TriggerFunction {
            declarations = List.copyOf(declarations);
        }
    }

    public enum Level { ROW, STATEMENT }

    /**
     * A trigger.
     *
     * @param events {@code BEFORE UPDATE}, {@code BEFORE INSERT OR UPDATE}, ...
     * @param when its {@code WHEN} condition; empty for none
     */
    public record Trigger(String name, String function, String events, String table, Level level, Sql when)
            implements SchemaObject {}

    /** Row-level security on a table with one policy: every role may read what it may select. */
    public record RowSecurity(String table, String readPolicy) implements SchemaObject {}

    /**
     * What the roles named by the options may do: the application writes the workflow's table, and
     * with an event feed its consumers' positions, and reads the others; the read-only role reads
     * all of them.
     *
     * @param written the tables the application may read, insert into and update
     * @param positions the feed's position tables, whose rows the application may read, insert
     *     and move, never rename or delete
     */
    public record Privileges(Grants grants, List<String> written, List<String> positions, List<String> readOnly,
            List<String> all) implements SchemaObject {

        public Privileges {
            written = List.copyOf(written);
            positions = List.copyOf(positions);
            readOnly = List.copyOf(readOnly);
            all = List.copyOf(all);
        }
    }

    // Lookups

    public List<Index> indexes() {
        return objects.stream().filter(Index.class::isInstance).map(Index.class::cast).toList();
    }

    public List<Comment> comments() {
        return objects.stream().filter(Comment.class::isInstance).map(Comment.class::cast).toList();
    }

    public List<TriggerFunction> functions() {
        return objects.stream().filter(TriggerFunction.class::isInstance).map(TriggerFunction.class::cast).toList();
    }

    public List<Trigger> triggers() {
        return objects.stream().filter(Trigger.class::isInstance).map(Trigger.class::cast).toList();
    }

    public Trigger trigger(String name) {
        return triggers().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no trigger " + name));
    }
}
