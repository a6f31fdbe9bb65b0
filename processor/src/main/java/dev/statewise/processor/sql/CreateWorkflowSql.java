package dev.statewise.processor.sql;

import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Edge;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.runtime.Audit;
import dev.statewise.runtime.SqlStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL that creates one workflow's schema: its table with one CHECK per state, the transition
 * table and the trigger that allows state changes only along it, the append-only history, the
 * indexes, and comments from the declaration's Javadoc. PostgreSQL 14 or later.
 */
public final class CreateWorkflowSql {

    /** Where a function's text names the schema, written in when the migration runs. */
    static final String SCHEMA = "@schema";

    /** What the reader of a migration needs to know about the blocks that create functions. */
    static final String FUNCTIONS_NOTE = "Each block writes the schema this migration runs in for " + SCHEMA
            + ": no session can redirect a function to a table, function or operator of its own (decision 0019).";

    private final Workflow workflow;
    private final String table;
    private final String state;
    /** Whether to write the whole migration, or only the relations jOOQ's DDL interpreter reads. */
    private final boolean complete;
    /** For jOOQ: the tables it sees beside this one; a foreign key to any other is left out. */
    private final Set<String> tablesBeside;
    private final StringBuilder sql = new StringBuilder();
    private final SchemaObjects.Builder objects = new SchemaObjects.Builder();
    /** The function being written, and where its text starts. */
    private String functionName;
    private int functionStart;

    private final Grants grants;

    private CreateWorkflowSql(Workflow workflow, boolean complete, Set<String> tablesBeside, Grants grants) {
        this.workflow = workflow;
        this.grants = grants;
        this.table = workflow.table();
        this.state = workflow.stateColumn();
        this.complete = complete;
        this.tablesBeside = tablesBeside;
    }

    /** The migration that creates the workflow's schema, granting nothing. */
    public static String of(Workflow workflow) {
        return of(workflow, Grants.NONE);
    }

    /** The migration that creates the workflow's schema and grants the roles their privileges. */
    public static String of(Workflow workflow, Grants grants) {
        return new CreateWorkflowSql(workflow, true, Set.of(), grants).write();
    }

    /**
     * The same tables, keys, checks, indexes and column comments, without the rows, functions and
     * triggers: what jOOQ's code generator needs, in the subset its DDL interpreter understands.
     *
     * @param tablesBeside the tables jOOQ generates classes for together with this one: foreign
     *     keys to others are left out, since the interpreter cannot resolve them
     */
    public static String relations(Workflow workflow, Set<String> tablesBeside) {
        return new CreateWorkflowSql(workflow, false, tablesBeside, Grants.NONE).write();
    }

    /**
     * The objects of the migration that a later change may alter: checks, indexes, functions and
     * comments, each with its definition as the migration writes it.
     */
    public static SchemaObjects objects(Workflow workflow) {
        CreateWorkflowSql create = new CreateWorkflowSql(workflow, true, Set.of(), Grants.NONE);
        create.write();
        return create.objects.build();
    }

    private String write() {
        if (complete) {
            line("-- Statewise: the schema of workflow " + workflow.qualifiedName() + ".");
            line("-- Generated from its declaration. Commit this file and never edit it: Flyway checks");
            line("-- its checksum, and a change to the workflow is written as the next migration.");
            line("");
            if (workflow.fields().stream().anyMatch(f -> f.reference().isPresent())) {
                // A foreign key locks the table it references, which others use: wait for it no longer.
                line(NextMigration.LOCK_TIMEOUT);
                line("");
            }
        }
        entityTable();
        transitionTable();
        historyTable();
        if (complete) {
            sql.append(commentLines(FUNCTIONS_NOTE));
            beforeInsert();
            beforeUpdate();
            beforeDelete();
            appendOnly();
            edgesKept();
            edgesOwnerOnly();
            if (!grants.isEmpty()) {
                sql.append(commentLines(GRANTS_NOTE));
                sql.append(grant(workflow, grants));
                line("");
            }
        }
        return sql.toString();
    }

    // The workflow's own table

    private void entityTable() {
        List<String[]> columns = new ArrayList<>();
        columns.add(new String[] {Naming.ID, "bigint", "GENERATED ALWAYS AS IDENTITY"});
        columns.add(new String[] {column(state), "text", "NOT NULL" + stateDefault()});
        for (Field field : workflow.fields()) {
            columns.add(new String[] {column(field.column()), complete ? sqlType(field) : explicitPrecision(sqlType(field)),
                    field.presence() == Field.Presence.ALWAYS ? "NOT NULL" : ""});
        }
        columns.add(new String[] {Naming.VERSION, "bigint", "NOT NULL DEFAULT 0"});
        columns.add(new String[] {Naming.CREATED_AT, timestamptz(), "NOT NULL DEFAULT now()"});
        columns.add(new String[] {Naming.UPDATED_AT, timestamptz(), "NOT NULL DEFAULT now()"});
        columns.add(new String[] {Naming.CREATED_BY, "text", ""});
        columns.add(new String[] {Naming.CREATED_REASON, "text", ""});
        columns.add(new String[] {Naming.CREATED_LOGIN_ROLE, "text", ""});
        columns.add(new String[] {Naming.TRANSITION, "text", ""});
        columns.add(new String[] {Naming.TRANSITION_ACTOR, "text", ""});
        columns.add(new String[] {Naming.TRANSITION_REASON, "text", ""});

        List<String> constraints = new ArrayList<>();
        constraints.add("CONSTRAINT " + Naming.primaryKey(table) + " PRIMARY KEY (" + Naming.ID + ")");
        check(constraints, Naming.stateValuesCheck(workflow), column(state) + " IN ("
                + literals(workflow.stateNames()) + ")");
        for (Field field : workflow.fields()) {
            fieldCondition(field, column(field.column()))
                    .ifPresent(condition -> check(constraints, Naming.fieldCheck(workflow, field), condition));
        }
        for (State s : workflow.states()) {
            stateCondition(s.name()).ifPresent(condition -> check(constraints, Naming.stateCheck(workflow, s.name()),
                    column(state) + " <> " + literal(s.name()) + " OR " + condition));
        }
        for (Field field : workflow.fields()) {
            field.reference().filter(r -> complete || tablesBeside.contains(r.table())).ifPresent(reference -> {
                String name = Naming.foreignKey(workflow, field);
                String definition = "FOREIGN KEY (" + column(field.column()) + ") REFERENCES " + reference.table()
                        + " (" + column(Naming.ID) + ")";
                constraints.add("CONSTRAINT " + name + " " + definition);
                objects.foreignKey(name, definition);
            });
        }

        line("CREATE TABLE " + table + " (");
        List<String> definitions = new ArrayList<>(aligned(columns));
        definitions.addAll(constraints);
        for (int i = 0; i < definitions.size(); i++) {
            line("    " + definitions.get(i) + (i + 1 < definitions.size() ? "," : ""));
        }
        line(");");
        line("");
        comment("TABLE " + table, workflow.javadoc().isEmpty()
                ? "Rows of workflow " + workflow.simpleName() + "." : workflow.javadoc());
        comment("COLUMN " + table + "." + column(state), "The state: one of " + String.join(", ", workflow.stateNames())
                + ". It changes only along a transition listed in " + Naming.transitionTable(workflow) + ".");
        for (Field field : workflow.fields()) {
            if (!field.javadoc().isEmpty()) {
                comment("COLUMN " + table + "." + column(field.column()), field.javadoc());
            }
        }
        comment("COLUMN " + table + "." + Naming.VERSION,
                "Incremented by every update, for optimistic locking.");
        comment("COLUMN " + table + "." + Naming.CREATED_BY,
                "Who created the row: the transition_actor of its INSERT. Set by the database, never changed.");
        comment("COLUMN " + table + "." + Naming.CREATED_REASON,
                "Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.");
        comment("COLUMN " + table + "." + Naming.CREATED_LOGIN_ROLE,
                "The login role (session_user) that inserted the row. Set by the database, never changed.");
        comment("COLUMN " + table + "." + Naming.TRANSITION,
                "Write-only: the transition a state change takes, needed when several lead to the same "
                        + "state and for self-transitions. Recorded in " + Naming.historyTable(workflow)
                        + ", then reset to NULL.");
        comment("COLUMN " + table + "." + Naming.TRANSITION_ACTOR,
                "Write-only: who takes the transition. Recorded in " + Naming.historyTable(workflow)
                        + ", then reset to NULL.");
        comment("COLUMN " + table + "." + Naming.TRANSITION_REASON,
                "Write-only: why the transition is taken. Recorded in " + Naming.historyTable(workflow)
                        + ", then reset to NULL.");
        for (State s : complete ? workflow.states() : List.<State>of()) {
            if (stateCondition(s.name()).isPresent()) {
                String rule = requirementText(s.name());
                comment("CONSTRAINT " + Naming.stateCheck(workflow, s.name()) + " ON " + table,
                        s.javadoc().isEmpty() ? rule : s.name() + ": " + s.javadoc() + " " + rule);
            }
        }
        line("");
        index(Naming.stateIndex(workflow), table + " (" + column(state) + ")");
        List<String> terminal = workflow.terminalStates().stream().map(State::name).toList();
        if (!terminal.isEmpty()) {
            index(Naming.activeStateIndex(workflow), table + " (" + column(state) + ", " + Naming.ID + ") WHERE "
                    + column(state) + " NOT IN (" + literals(terminal) + ")");
        }
        for (Field field : workflow.fields()) {
            if (field.needsReferenceIndex()) {
                index(Naming.referenceIndex(workflow, field), table + " (" + column(field.column()) + ")");
            }
            field.unique().ifPresent(unique -> uniqueIndex(Naming.uniqueIndex(workflow, field),
                    table + " (" + column(field.column()) + ")" + (unique.states().isEmpty() ? ""
                            : " WHERE " + column(state) + " IN (" + literals(unique.states()) + ")")));
        }
        line("");
    }

    private void check(List<String> constraints, String name, String condition) {
        String definition = "CHECK (" + condition + ")";
        constraints.add("CONSTRAINT " + name + " " + definition);
        objects.check(name, definition);
    }

    private String stateDefault() {
        List<State> initial = workflow.initialStates();
        return initial.size() == 1 ? " DEFAULT " + literal(initial.get(0).name()) : "";
    }

    private void index(String name, String definition) {
        String statement = "CREATE INDEX " + name + " ON " + definition + ";";
        line(statement);
        objects.index(name, statement);
    }

    private void uniqueIndex(String name, String definition) {
        String statement = "CREATE UNIQUE INDEX " + name + " ON " + definition + ";";
        line(statement);
        objects.index(name, statement);
    }

    /** What a row in the state must satisfy beyond the columns' NOT NULL, if anything. */
    private Optional<String> stateCondition(String s) {
        if (!workflow.hasRule(s)) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>();
        for (Field field : workflow.fields()) {
            if (field.presence() != Field.Presence.ALWAYS && field.requiredIn(s)) {
                terms.add(column(field.column()) + " IS NOT NULL");
            }
        }
        for (Field field : workflow.fields()) {
            if (field.nullIn(s)) {
                terms.add(column(field.column()) + " IS NULL");
            }
        }
        return Optional.of(terms.size() == 1 ? terms.get(0) : "(" + String.join(" AND ", terms) + ")");
    }

    private String requirementText(String s) {
        List<String> required = workflow.fields().stream()
                .filter(f -> f.presence() != Field.Presence.ALWAYS && f.requiredIn(s))
                .map(Field::column).toList();
        List<String> cleared = workflow.fields().stream().filter(f -> f.nullIn(s)).map(Field::column).toList();
        List<String> parts = new ArrayList<>();
        if (!required.isEmpty()) {
            parts.add(String.join(", ", required) + " set");
        }
        if (!cleared.isEmpty()) {
            parts.add(String.join(", ", cleared) + " NULL");
        }
        return "A row in " + s + " has " + String.join("; ", parts) + ".";
    }

    /**
     * A column of the workflow's table as an expression names it. For jOOQ's DDL interpreter it is
     * quoted: unquoted, it reads {@code level} or {@code prior} as Oracle's CONNECT BY pseudo-columns.
     */
    private String column(String name) {
        return complete ? name : "\"" + name + "\"";
    }

    private String timestamptz() {
        return complete ? "timestamptz" : explicitPrecision("timestamptz");
    }

    /**
     * PostgreSQL gives a timestamp without a declared precision the precision 6, where jOOQ's DDL
     * interpreter assumes none: say it, for jOOQ only, so both see the same type.
     */
    private static String explicitPrecision(String type) {
        return type.equals("timestamp") || type.equals("timestamptz") ? type + "(6)" : type;
    }

    /**
     * What a field's values must be in every state, beyond its SQL type: one of an enum's
     * constants, or nothing its Java type cannot hold. {@code BigDecimal} has no NaN or infinity,
     * {@code java.time} no infinite date, jOOQ reads a JSON {@code null} as no value at all.
     */
    private static Optional<String> fieldCondition(Field field, String column) {
        return switch (field.type().kind()) {
            case ENUM -> Optional.of(column + " IN (" + literals(field.type().enumConstants()) + ")");
            case DECIMAL -> Optional.of(column + " NOT IN ('NaN', 'Infinity', '-Infinity')");
            // isfinite() is immutable, where 'infinity'::timestamptz would be converted for every row.
            case LOCAL_DATE, LOCAL_DATE_TIME, OFFSET_DATE_TIME, INSTANT -> Optional.of("isfinite(" + column + ") IS NOT FALSE");
            case JSON -> Optional.of(column + " <> 'null'");
            default -> Optional.empty();
        };
    }

    /** The column's SQL type as the migration declares it. */
    public static String sqlType(Field field) {
        ColumnSize size = field.size();
        return switch (field.type().kind()) {
            case STRING -> size.length() > 0 ? "varchar(" + size.length() + ")" : "text";
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case LONG -> "bigint";
            case DECIMAL -> size.precision() == 0 ? "numeric"
                    : "numeric(" + size.precision() + ", " + size.scale() + ")";
            case UUID -> "uuid";
            case LOCAL_DATE -> "date";
            case LOCAL_DATE_TIME -> "timestamp";
            case OFFSET_DATE_TIME, INSTANT -> "timestamptz";
            case ENUM -> "text";
            case BYTES -> "bytea";
            case JSON -> "jsonb";
            case UNSUPPORTED -> throw new IllegalArgumentException("unsupported type " + field.type());
        };
    }

    // The transition table: one row per edge, so that a new edge is a row, not a new function

    private void transitionTable() {
        String edges = Naming.transitionTable(workflow);
        line("CREATE TABLE " + edges + " (");
        line("    transition  text NOT NULL,");
        line("    from_state  text NOT NULL,");
        line("    to_state    text NOT NULL,");
        line("    description text,");
        line("    retired     boolean NOT NULL DEFAULT false,");
        line("    CONSTRAINT " + Naming.primaryKey(edges) + " PRIMARY KEY (from_state, to_state, transition)");
        line(");");
        line("");
        comment("TABLE " + edges, "The transitions of workflow " + workflow.simpleName() + ": a row of "
                + table + " may change state only along one of these edges that is not retired.");
        comment("COLUMN " + edges + ".retired", "True for an edge the workflow no longer has: kept because "
                + "history rows may reference it, and refused to every new state change.");
        line("");
        List<Edge> all = workflow.edges();
        if (complete && !all.isEmpty()) {
            line("INSERT INTO " + edges + " (transition, from_state, to_state, description) VALUES");
            for (int i = 0; i < all.size(); i++) {
                Edge edge = all.get(i);
                String description = edge.transition().javadoc();
                line("    (" + literal(edge.name()) + ", " + literal(edge.from()) + ", " + literal(edge.to()) + ", "
                        + (description.isEmpty() ? "NULL" : literal(description)) + ")"
                        + (i + 1 < all.size() ? "," : ";"));
            }
            line("");
        }
    }

    // The history: one row per state change, only along a declared edge, never changed

    private void historyTable() {
        String history = Naming.historyTable(workflow);
        String entity = Naming.historyEntityColumn(workflow);
        List<String[]> columns = List.of(
                new String[] {Naming.ID, "bigint", "GENERATED ALWAYS AS IDENTITY"},
                new String[] {entity, "bigint", "NOT NULL"},
                new String[] {"transition", "text", "NOT NULL"},
                new String[] {"from_state", "text", "NOT NULL"},
                new String[] {"to_state", "text", "NOT NULL"},
                new String[] {"actor", "text", ""},
                new String[] {"reason", "text", ""},
                new String[] {Naming.LOGIN_ROLE, "text", ""},
                new String[] {"occurred_at", timestamptz(), "NOT NULL DEFAULT now()"});
        line("CREATE TABLE " + history + " (");
        for (String column : aligned(columns)) {
            line("    " + column + ",");
        }
        line("    CONSTRAINT " + Naming.primaryKey(history) + " PRIMARY KEY (" + Naming.ID + "),");
        List<String> bounds = historyChecks(workflow).entrySet().stream()
                .map(check -> "    CONSTRAINT " + check.getKey() + " " + check.getValue()).toList();
        line(String.join(",\n", bounds));
        line(");");
        line("");
        comment("TABLE " + history, "Every state change of " + table + ", one row each, written only by trigger "
                + Naming.beforeUpdateFunction(workflow) + " with its owner's rights, for repository and raw SQL alike,"
                + " along an edge of " + Naming.transitionTable(workflow) + ". Append-only: row-level security lets"
                + " other roles read it and write none of it.");
        comment("COLUMN " + history + "." + Naming.LOGIN_ROLE,
                "The login role (session_user) whose statement made the change; actor is who the caller names.");
        line("");
        line("CREATE INDEX " + Naming.historyIndex(workflow) + " ON " + history + " (" + entity
                + ", occurred_at);");
        line("");
    }

    /**
     * The history keeps actor and reason for ever: they are bounded, as {@code Audit} bounds them
     * in Java. By name, the CHECK each definition.
     */
    static Map<String, String> historyChecks(Workflow workflow) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put(Naming.historyCheck(workflow, "actor"), "CHECK (char_length(actor) <= " + Audit.MAX_ACTOR_LENGTH + ")");
        checks.put(Naming.historyCheck(workflow, "reason"), "CHECK (char_length(reason) <= " + Audit.MAX_REASON_LENGTH + ")");
        return checks;
    }

    // Triggers

    private void beforeInsert() {
        String function = Naming.beforeInsertFunction(workflow);
        List<String> initial = workflow.initialStates().stream().map(State::name).toList();
        functionHeader(function, Rights.INVOKER, List.of());
        line("    IF NEW." + state + " NOT IN (" + literals(initial) + ") THEN");
        line("        RAISE EXCEPTION USING");
        line("            ERRCODE = '" + SqlStates.NOT_AN_INITIAL_STATE + "',");
        line("            TABLE = " + literal(table) + ",");
        line("            COLUMN = " + literal(state) + ",");
        line("            MESSAGE = format(" + literal(workflow.simpleName() + ": a new row starts in "
                + String.join(" or ", initial) + ", not in %s") + ", NEW." + state + ");");
        line("    END IF;");
        // The same bounds as the history's CHECKs, for the row that keeps who created it.
        line("    IF char_length(NEW." + Naming.TRANSITION_ACTOR + ") > " + Audit.MAX_ACTOR_LENGTH
                + " OR char_length(NEW." + Naming.TRANSITION_REASON + ") > " + Audit.MAX_REASON_LENGTH + " THEN");
        line("        RAISE EXCEPTION USING");
        line("            ERRCODE = '" + SqlStates.CHECK_VIOLATION + "',");
        line("            TABLE = " + literal(table) + ",");
        line("            MESSAGE = " + literal(workflow.simpleName() + ": who creates a row is at most "
                + Audit.MAX_ACTOR_LENGTH + " characters, and why at most " + Audit.MAX_REASON_LENGTH) + ";");
        line("    END IF;");
        line("    NEW." + Naming.VERSION + " := 0;");
        line("    NEW." + Naming.CREATED_AT + " := now();");
        line("    NEW." + Naming.UPDATED_AT + " := NEW." + Naming.CREATED_AT + ";");
        line("    NEW." + Naming.CREATED_BY + " := NEW." + Naming.TRANSITION_ACTOR + ";");
        line("    NEW." + Naming.CREATED_REASON + " := NEW." + Naming.TRANSITION_REASON + ";");
        line("    NEW." + Naming.CREATED_LOGIN_ROLE + " := session_user;");
        resetTransitionColumns();
        line("    RETURN NEW;");
        functionFooter();
        trigger(function, "BEFORE INSERT", table, "ROW");
    }

    private void beforeUpdate() {
        String function = Naming.beforeUpdateFunction(workflow);
        String edges = qualified(Naming.transitionTable(workflow));
        String name = workflow.simpleName();
        functionHeader(function, Rights.OWNER, List.of("edge_count integer;", "edge_name text;"));
        line("    IF NEW." + Naming.ID + " <> OLD." + Naming.ID + " THEN");
        raiseHistoryRefusal("        ", table, "format(" + literal(name + " %s: its id never changes, since "
                + Naming.historyTable(workflow) + " names the row by it") + ", OLD." + Naming.ID + ")");
        line("    END IF;");
        line("    IF NEW." + state + " IS NOT NULL");
        line("            AND (NEW." + state + " IS DISTINCT FROM OLD." + state + " OR NEW.transition IS NOT NULL) THEN");
        // A named transition is one key lookup; an unnamed one must be the only edge between the states.
        line("        IF NEW.transition IS NOT NULL THEN");
        line("            SELECT e.transition INTO edge_name");
        line("              FROM " + edges + " e");
        line("             WHERE e.from_state = OLD." + state);
        line("               AND e.to_state = NEW." + state);
        line("               AND e.transition = NEW.transition");
        line("               AND NOT e.retired;");
        line("            GET DIAGNOSTICS edge_count = ROW_COUNT;");
        line("        ELSE");
        line("            SELECT count(*), min(e.transition) INTO edge_count, edge_name");
        line("              FROM " + edges + " e");
        line("             WHERE e.from_state = OLD." + state);
        line("               AND e.to_state = NEW." + state);
        line("               AND NOT e.retired;");
        line("        END IF;");
        line("        IF edge_count = 0 THEN");
        line("            RAISE EXCEPTION USING");
        line("                ERRCODE = '" + SqlStates.ILLEGAL_TRANSITION + "',");
        line("                TABLE = " + literal(table) + ",");
        line("                COLUMN = " + literal(state) + ",");
        line("                MESSAGE = format(" + literal(name + " %s: %s from %s to %s; allowed from %s: %s") + ",");
        line("                    OLD." + Naming.ID + ",");
        line("                    CASE WHEN NEW.transition IS NULL THEN 'no transition'");
        line("                         ELSE format('transition %s does not lead', NEW.transition) END,");
        line("                    OLD." + state + ", NEW." + state + ", OLD." + state + ",");
        line("                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '");
        line("                                                ORDER BY a.to_state, a.transition)");
        line("                                FROM " + edges + " a WHERE a.from_state = OLD." + state
                + " AND NOT a.retired), 'none')),");
        illegalTransitionDetail();
        line("        ELSIF edge_count > 1 THEN");
        line("            RAISE EXCEPTION USING");
        line("                ERRCODE = '" + SqlStates.ILLEGAL_TRANSITION + "',");
        line("                TABLE = " + literal(table) + ",");
        line("                COLUMN = " + literal(Naming.TRANSITION) + ",");
        line("                MESSAGE = format(" + literal(name
                + " %s: several transitions lead from %s to %s; name one in column transition") + ",");
        line("                    OLD." + Naming.ID + ", OLD." + state + ", NEW." + state + "),");
        illegalTransitionDetail();
        line("        END IF;");
        line("        INSERT INTO " + qualified(Naming.historyTable(workflow)) + " (" + Naming.historyEntityColumn(workflow)
                + ", transition, from_state, to_state, actor, reason, " + Naming.LOGIN_ROLE + ")");
        line("        VALUES (OLD." + Naming.ID + ", edge_name, OLD." + state + ", NEW." + state + ", NEW."
                + Naming.TRANSITION_ACTOR + ", NEW." + Naming.TRANSITION_REASON + ", session_user);");
        line("    END IF;");
        line("    NEW." + Naming.VERSION + " := OLD." + Naming.VERSION + " + 1;");
        for (String kept : List.of(Naming.CREATED_AT, Naming.CREATED_BY, Naming.CREATED_REASON, Naming.CREATED_LOGIN_ROLE)) {
            line("    NEW." + kept + " := OLD." + kept + ";");
        }
        line("    NEW." + Naming.UPDATED_AT + " := now();");
        resetTransitionColumns();
        line("    RETURN NEW;");
        functionFooter();
        trigger(function, "BEFORE UPDATE", table, "ROW");
    }

    /**
     * What an illegal transition's error carries for programs, as JSON in its DETAIL, so that
     * {@code Failures} need not read the message: the row, the states and the transition named.
     */
    private void illegalTransitionDetail() {
        line("                DETAIL = json_build_object('id', OLD." + Naming.ID + ", 'from', OLD." + state
                + ", 'to', NEW." + state + ", 'transition', NEW.transition)::text;");
    }

    /** A row that has changed state keeps its history: it is never deleted. */
    private void beforeDelete() {
        String function = Naming.beforeDeleteFunction(workflow);
        String history = Naming.historyTable(workflow);
        functionHeader(function, Rights.OWNER, List.of());
        line("    IF TG_OP = 'TRUNCATE' THEN");
        line("        IF EXISTS (SELECT FROM " + qualified(history) + ") THEN");
        raiseHistoryRefusal("            ", table, literal(table + ": TRUNCATE refused, since " + history
                + " holds the history of its rows; a row that has changed state is never deleted"));
        line("        END IF;");
        line("        RETURN NULL;");
        line("    END IF;");
        line("    IF EXISTS (SELECT FROM " + qualified(history) + " h WHERE h." + Naming.historyEntityColumn(workflow)
                + " = OLD." + Naming.ID + ") THEN");
        raiseHistoryRefusal("        ", table, "format(" + literal(workflow.simpleName() + " %s: DELETE refused, since " + history
                + " holds its history; a row that has changed state is never deleted") + ", OLD." + Naming.ID + ")");
        line("    END IF;");
        line("    RETURN OLD;");
        functionFooter();
        trigger(function, "BEFORE DELETE", table, "ROW");
        trigger(Naming.beforeTruncateTrigger(workflow), function, "BEFORE TRUNCATE", table, "STATEMENT", "");
    }

    /** The RAISE of every refusal that keeps the history whole ({@code 23SW3}); {@code message} is SQL. */
    private void raiseHistoryRefusal(String indent, String on, String message) {
        line(indent + "RAISE EXCEPTION USING");
        line(indent + "    ERRCODE = '" + SqlStates.HISTORY_IS_APPEND_ONLY + "',");
        line(indent + "    TABLE = " + literal(on) + ",");
        line(indent + "    MESSAGE = " + message + ";");
    }

    /**
     * The history refuses every change, and every row not written by a trigger, whoever writes it
     * (decision 0018). That is a guard against mistakes, the owner's included; against other roles,
     * at any trigger depth, row-level security with a policy for reading only refuses every row:
     * the workflow's trigger runs with the owner's rights and is not subject to it (decision 0019).
     */
    private void appendOnly() {
        String function = Naming.appendOnlyFunction(workflow);
        String history = Naming.historyTable(workflow);
        functionHeader(function, Rights.INVOKER, List.of());
        raiseHistoryRefusal("    ", history, "CASE TG_OP\n"
                + "            WHEN 'INSERT' THEN " + literal(history + " is written only by trigger "
                        + Naming.beforeUpdateFunction(workflow) + ": INSERT refused") + "\n"
                + "            ELSE format(" + literal(history + " is append-only: %s refused") + ", TG_OP) END");
        functionFooter();
        trigger(function, "BEFORE UPDATE OR DELETE OR TRUNCATE", history, "STATEMENT");
        // Inside a trigger the depth is 1 or more; the WHEN spares the trigger's own rows a function call.
        trigger(Naming.historyBeforeInsertTrigger(workflow), function, "BEFORE INSERT", history, "ROW",
                "WHEN (pg_trigger_depth() = 0) ");
        line(historyRowSecurity(workflow));
        line("");
    }

    /** Row-level security on the history: every role may read the rows it may select, none but the owner write. */
    static String historyRowSecurity(Workflow workflow) {
        String history = Naming.historyTable(workflow);
        return "ALTER TABLE " + history + " ENABLE ROW LEVEL SECURITY;\n"
                + "CREATE POLICY " + Naming.historyReadPolicy(workflow) + " ON " + history + " FOR SELECT USING (true);";
    }

    /** The edges history may name stay: an edge the workflow drops is retired, never deleted or renamed. */
    private void edgesKept() {
        String function = Naming.edgesKeptFunction(workflow);
        String edges = Naming.transitionTable(workflow);
        functionHeader(function, Rights.INVOKER, List.of());
        raiseHistoryRefusal("    ", edges, "format(" + literal(edges + ": %s refused, since history may name any of"
                + " its edges; retire an edge instead (SET retired = true)") + ", TG_OP)");
        functionFooter();
        trigger(function, "BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE", edges,
                "STATEMENT");
    }

    /**
     * Only the edge table's owner, who applies the migrations, adds, retires or takes back an edge.
     * Runs with the caller's rights, since it asks who the caller is: inside a function with the
     * owner's rights {@code current_user} is the owner.
     */
    private void edgesOwnerOnly() {
        String function = Naming.edgesOwnerOnlyFunction(workflow);
        String edges = Naming.transitionTable(workflow);
        functionHeader(function, Rights.INVOKER, List.of());
        line("    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN");
        line("        RAISE EXCEPTION USING");
        line("            ERRCODE = '" + SqlStates.INSUFFICIENT_PRIVILEGE + "',");
        line("            TABLE = " + literal(edges) + ",");
        line("            MESSAGE = format(" + literal(edges + ": %s refused to %s; only its owner changes the"
                + " edges, by a migration") + ", TG_OP, current_user);");
        line("    END IF;");
        line("    RETURN NULL;");
        functionFooter();
        trigger(function, "BEFORE INSERT OR UPDATE", edges, "STATEMENT");
    }

    private void resetTransitionColumns() {
        line("    NEW." + Naming.TRANSITION + " := NULL;");
        line("    NEW." + Naming.TRANSITION_ACTOR + " := NULL;");
        line("    NEW." + Naming.TRANSITION_REASON + " := NULL;");
    }

    /** With whose rights a function runs. */
    private enum Rights { INVOKER, OWNER }

    /** A table of the workflow's schema as a function names it: with the schema the migration runs in. */
    private static String qualified(String table) {
        return SCHEMA + "." + table;
    }

    /**
     * A function resolves nothing through the caller's search_path: it names its tables with the
     * schema written in when the migration runs, and finds everything else in pg_catalog
     * (decision 0019). One with the owner's rights first makes sure it runs for its own table.
     */
    private void functionHeader(String function, Rights rights, List<String> declarations) {
        functionName = function;
        functionStart = sql.length();
        line("CREATE FUNCTION " + qualified(function) + "() RETURNS trigger");
        line("    LANGUAGE plpgsql");
        if (rights == Rights.OWNER) {
            line("    SECURITY DEFINER");
        }
        line("    SET search_path = pg_catalog, pg_temp");
        line("AS $$");
        if (!declarations.isEmpty()) {
            line("DECLARE");
            declarations.forEach(d -> line("    " + d));
        }
        line("BEGIN");
        if (rights == Rights.OWNER) {
            line("    IF TG_RELID <> '" + qualified(table) + "'::regclass THEN");
            line("        RAISE EXCEPTION USING");
            line("            ERRCODE = '" + SqlStates.INSUFFICIENT_PRIVILEGE + "',");
            line("            MESSAGE = format(" + literal(function + " runs for table " + table + " only, not for %s")
                    + ", TG_RELID::regclass);");
            line("    END IF;");
        }
    }

    private void functionFooter() {
        line("END");
        line("$$");
        String text = sql.substring(functionStart);
        sql.setLength(functionStart);
        objects.function(functionName, text);
        sql.append(createFunction(text));
        line("REVOKE EXECUTE ON FUNCTION " + functionName + "() FROM PUBLIC;");
        line("");
    }

    /**
     * The statement that creates or replaces a function, given its text with {@value #SCHEMA} where
     * the schema goes: a block that writes in the schema the migration runs in, quoted as an
     * identifier, and runs the text.
     */
    static String createFunction(String text) {
        return "DO $create$ BEGIN EXECUTE replace($function$\n" + text
                + "$function$, '" + SCHEMA + "', quote_ident(current_schema())); END $create$;\n";
    }

    private void trigger(String function, String events, String on, String level) {
        trigger(function, function, events, on, level, "");
    }

    private void trigger(String name, String function, String events, String on, String level, String when) {
        String statement = "CREATE TRIGGER " + name + " " + events + " ON " + on + "\n"
                + "    FOR EACH " + level + " " + when + "EXECUTE FUNCTION " + function + "();\n";
        sql.append(statement);
        objects.trigger(name, statement);
        line("");
    }

    // Privileges

    static final String GRANTS_NOTE = "Privileges of the roles that the processor options statewise.applicationRole"
            + " and statewise.readOnlyRole name (Statewise's docs/database.md).";

    /**
     * The grants of the roles: each must exist, else the migration fails saying how to create it;
     * both get the schema; the application may write the workflow's table (no DELETE: the
     * repository deletes nothing) and read its history and transitions, the read-only role read all
     * three. The owner gives them, so a role that applies no migration gets nothing more.
     */
    static String grant(Workflow workflow, Grants grants) {
        StringBuilder sql = new StringBuilder();
        String history = Naming.historyTable(workflow);
        String edges = Naming.transitionTable(workflow);
        grants.applicationRole().ifPresent(role -> sql.append(roleMustExist(role, Grants.APPLICATION_ROLE_OPTION))
                .append("GRANT SELECT, INSERT, UPDATE ON ").append(workflow.table()).append(" TO ").append(role)
                .append(";\n")
                .append("GRANT SELECT ON ").append(history).append(", ").append(edges).append(" TO ").append(role)
                .append(";\n"));
        grants.readOnlyRole().ifPresent(role -> sql.append(roleMustExist(role, Grants.READ_ONLY_ROLE_OPTION))
                .append("GRANT SELECT ON ").append(String.join(", ", Naming.tables(workflow))).append(" TO ")
                .append(role).append(";\n"));
        return sql.toString();
    }

    /** Takes back what {@link #grant} gave a role that no option names any more. */
    static String revoke(Workflow workflow, String role) {
        return "REVOKE ALL ON " + String.join(", ", Naming.tables(workflow)) + " FROM " + role + ";\n";
    }

    private static String roleMustExist(String role, String option) {
        return """
                DO $grant$ BEGIN
                    IF to_regrole(%1$s) IS NULL THEN
                        RAISE EXCEPTION 'role %2$s does not exist' USING HINT = %3$s;
                    END IF;
                    EXECUTE format('GRANT USAGE ON SCHEMA %%I TO %2$s', current_schema());
                END $grant$;
                """.formatted(literal(role), role, literal("-A" + option + " names it: create it before this "
                        + "migration runs (CREATE ROLE " + role + " NOLOGIN) and grant it to the roles that log in"));
    }

    // Text

    private void comment(String object, String text) {
        line(commentOn(object, text));
        objects.comment(object, text);
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

    static String commentOn(String object, String text) {
        return "COMMENT ON " + object + " IS " + (text == null ? "NULL" : literal(text)) + ";";
    }

    private void line(String text) {
        sql.append(text).append('\n');
    }

    /** Column definitions with names and types in aligned columns, trailing blanks trimmed. */
    private static List<String> aligned(List<String[]> columns) {
        int nameWidth = columns.stream().mapToInt(c -> c[0].length()).max().orElse(0);
        int typeWidth = columns.stream().filter(c -> !c[2].isEmpty()).mapToInt(c -> c[1].length()).max().orElse(0);
        return columns.stream()
                .map(c -> (pad(c[0], nameWidth) + " " + pad(c[1], typeWidth) + " " + c[2]).stripTrailing())
                .toList();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    /**
     * A string literal. One with a {@code $} is written as an escape string with {@code \x24} in
     * its place: a {@code $} could end the dollar quotes of a function's body, and Flyway reads
     * {@code ${...}} anywhere in a migration as a placeholder. Java allows {@code $} in the names of
     * states and types, and Javadoc may hold anything.
     */
    static String literal(String text) {
        if (text.indexOf('$') < 0) {
            return "'" + text.replace("'", "''") + "'";
        }
        return "E'" + text.replace("\\", "\\\\").replace("'", "''").replace("$", "\\x24") + "'";
    }

    static String literals(List<String> texts) {
        return texts.stream().map(CreateWorkflowSql::literal).collect(Collectors.joining(", "));
    }
}
