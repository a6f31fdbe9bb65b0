package dev.statewise.processor.schema;

import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Edge;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Invariant;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Timeout;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.schema.WorkflowSchema.Check;
import dev.statewise.processor.schema.WorkflowSchema.Column;
import dev.statewise.processor.schema.WorkflowSchema.Comment;
import dev.statewise.processor.schema.WorkflowSchema.Deadline;
import dev.statewise.processor.schema.WorkflowSchema.ForeignKey;
import dev.statewise.processor.schema.WorkflowSchema.Index;
import dev.statewise.processor.schema.WorkflowSchema.Level;
import dev.statewise.processor.schema.WorkflowSchema.OnColumn;
import dev.statewise.processor.schema.WorkflowSchema.OnConstraint;
import dev.statewise.processor.schema.WorkflowSchema.OnTable;
import dev.statewise.processor.schema.WorkflowSchema.PrimaryKey;
import dev.statewise.processor.schema.WorkflowSchema.Privileges;
import dev.statewise.processor.schema.WorkflowSchema.Rights;
import dev.statewise.processor.schema.WorkflowSchema.RowSecurity;
import dev.statewise.processor.schema.WorkflowSchema.Rows;
import dev.statewise.processor.schema.WorkflowSchema.SchemaObject;
import dev.statewise.processor.schema.WorkflowSchema.Table;
import dev.statewise.processor.schema.WorkflowSchema.Trigger;
import dev.statewise.processor.schema.WorkflowSchema.TriggerFunction;
import dev.statewise.runtime.Audit;
import dev.statewise.runtime.Columns.FeedPosition;
import dev.statewise.runtime.Columns.History;
import dev.statewise.runtime.SqlStates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Derives a workflow's schema from its model: the table with one CHECK per state and one per rule
 * between fields (decision 0025), the transition table with one row per edge, the append-only
 * history, the trigger functions that keep them, and comments from the declaration's Javadoc. A
 * pure function; every name comes from {@link Naming}.
 */
final class SchemaBuilder {

    private final Workflow workflow;
    private final String table;
    private final String state;
    private final String history;
    private final String edges;
    private final String since;
    private final String deadline;
    private final String retryAt;
    private final String feedXid;
    private final List<SchemaObject> objects = new ArrayList<>();

    private SchemaBuilder(Workflow workflow) {
        this.workflow = workflow;
        this.table = workflow.table();
        this.state = workflow.stateColumn();
        this.history = Naming.historyTable(workflow);
        this.edges = Naming.transitionTable(workflow);
        this.since = Naming.stateSince(workflow);
        this.deadline = Naming.stateDeadline(workflow);
        this.retryAt = Naming.stateRetryAt(workflow);
        this.feedXid = Naming.stateFeedXid(workflow);
    }

    static WorkflowSchema build(Workflow workflow, Grants grants) {
        return new SchemaBuilder(workflow).build(grants);
    }

    private WorkflowSchema build(Grants grants) {
        Table entity = entityTable();
        Table transitions = transitionTable();
        Table changes = historyTable();
        if (workflow.feed()) {
            feedPositionTable();
        }
        beforeInsert();
        beforeUpdate();
        beforeDelete();
        appendOnly();
        edgesKept();
        edgesOwnerOnly();
        if (!grants.isEmpty()) {
            objects.add(new Privileges(grants, List.of(table),
                    workflow.feed() ? List.of(Naming.feedPositionTable(workflow)) : List.of(), List.of(history, edges),
                    Naming.tables(workflow)));
        }
        return new WorkflowSchema(entity, transitions, changes, times(), objects);
    }

    // The workflow's own table

    private Table entityTable() {
        List<Column> columns = new ArrayList<>();
        columns.add(column(Naming.ID, "bigint", "GENERATED ALWAYS AS IDENTITY"));
        List<State> initial = workflow.initialStates();
        columns.add(new Column(state, SqlType.of("text"), initial.size() == 1
                ? Sql.of("NOT NULL DEFAULT $L", initial.get(0).name()) : Sql.of("NOT NULL")));
        for (Field field : workflow.fields()) {
            columns.add(new Column(field.column(), sqlType(field),
                    Sql.of(field.presence() == Field.Presence.ALWAYS ? "NOT NULL" : "")));
        }
        columns.add(column(Naming.VERSION, "bigint", "NOT NULL DEFAULT 0"));
        columns.add(column(Naming.CREATED_AT, "timestamptz", "NOT NULL DEFAULT now()"));
        columns.add(column(Naming.UPDATED_AT, "timestamptz", "NOT NULL DEFAULT now()"));
        columns.add(column(since, "timestamptz", "NOT NULL DEFAULT now()"));
        if (workflow.hasTimeouts()) {
            columns.add(column(deadline, "timestamptz", ""));
            columns.add(column(retryAt, "timestamptz", ""));
        }
        if (workflow.feed()) {
            columns.add(column(feedXid, "xid8", "DEFAULT pg_current_xact_id()"));
        }
        for (String audit : List.of(Naming.CREATED_BY, Naming.CREATED_REASON, Naming.CREATED_LOGIN_ROLE,
                Naming.TRANSITION, Naming.TRANSITION_ACTOR, Naming.TRANSITION_REASON)) {
            columns.add(column(audit, "text", ""));
        }

        List<Check> checks = new ArrayList<>();
        checks.add(new Check(Naming.stateValuesCheck(workflow), Sql.of("$C IN ($L)", state, workflow.stateNames())));
        for (Field field : workflow.fields()) {
            valueCondition(field).ifPresent(condition -> checks.add(new Check(Naming.fieldCheck(workflow, field), condition)));
        }
        for (State s : workflow.states()) {
            stateCondition(s.name()).ifPresent(condition -> checks.add(new Check(Naming.stateCheck(workflow, s.name()),
                    Sql.of("$C <> $L OR $S", state, s.name(), condition))));
        }
        for (Invariant invariant : workflow.invariants()) {
            checks.add(ruleCheck(invariant));
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (Field field : workflow.fields()) {
            field.reference().ifPresent(reference -> foreignKeys.add(new ForeignKey(Naming.foreignKey(workflow, field),
                    field.column(), reference.table(), Naming.ID)));
        }
        Table entity = new Table(table, columns, new PrimaryKey(Naming.primaryKey(table), List.of(Naming.ID)), checks,
                foreignKeys);
        objects.add(entity);

        comment(new OnTable(table), workflow.javadoc().isEmpty()
                ? "Rows of workflow " + workflow.simpleName() + "." : workflow.javadoc());
        comment(new OnColumn(table, state), "The state: one of " + String.join(", ", workflow.stateNames())
                + ". It changes only along a transition listed in " + edges + ".");
        for (Field field : workflow.fields()) {
            if (!field.javadoc().isEmpty()) {
                comment(new OnColumn(table, field.column()), field.javadoc());
            }
        }
        comment(new OnColumn(table, Naming.VERSION), "Incremented by every update, for optimistic locking.");
        comment(new OnColumn(table, since), "When the row entered its current state, its creation included; a "
                + "self-transition keeps it. Set by the triggers alone.");
        if (workflow.hasTimeouts()) {
            comment(new OnColumn(table, deadline), "When the row's timeout falls due: "
                    + String.join("; ", workflow.timedStates().stream().map(this::timeoutText).toList())
                    + ". NULL in the other states. Set by the triggers alone.");
            comment(new OnColumn(table, retryAt), "When a due timeout whose firing failed is tried again. NULL until "
                    + "a firing fails; cleared whenever the deadline changes.");
        }
        if (workflow.feed()) {
            comment(new OnColumn(table, feedXid), "The feed key of the row's latest event, which the next one "
                    + "is raised to (decision 0028). NULL until the row's first change of state with the feed. Set by "
                    + "the triggers alone.");
        }
        comment(new OnColumn(table, Naming.CREATED_BY),
                "Who created the row: the transition_actor of its INSERT. Set by the database, never changed.");
        comment(new OnColumn(table, Naming.CREATED_REASON),
                "Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.");
        comment(new OnColumn(table, Naming.CREATED_LOGIN_ROLE),
                "The login role (session_user) that inserted the row. Set by the database, never changed.");
        comment(new OnColumn(table, Naming.TRANSITION),
                "Write-only: the transition a state change takes, needed when several lead to the same "
                        + "state and for self-transitions. Recorded in " + history + ", then reset to NULL.");
        comment(new OnColumn(table, Naming.TRANSITION_ACTOR),
                "Write-only: who takes the transition. Recorded in " + history + ", then reset to NULL.");
        comment(new OnColumn(table, Naming.TRANSITION_REASON),
                "Write-only: why the transition is taken. Recorded in " + history + ", then reset to NULL.");
        for (State s : workflow.states()) {
            if (stateCondition(s.name()).isPresent()) {
                String rule = requirementText(s.name());
                comment(new OnConstraint(Naming.stateCheck(workflow, s.name()), table),
                        s.javadoc().isEmpty() ? rule : s.name() + ": " + s.javadoc() + " " + rule);
            }
        }

        for (Invariant invariant : workflow.invariants()) {
            comment(new OnConstraint(Naming.ruleCheck(workflow, invariant), table), ruleText(invariant));
        }

        objects.add(new Index(Naming.stateIndex(workflow), table, false, List.of(state), Sql.of("")));
        List<String> terminal = workflow.terminalStates().stream().map(State::name).toList();
        if (!terminal.isEmpty()) {
            objects.add(new Index(Naming.activeStateIndex(workflow), table, false, List.of(state, Naming.ID),
                    Sql.of("$C NOT IN ($L)", state, terminal)));
        }
        if (workflow.hasTimeouts()) {
            objects.add(new Index(Naming.deadlineIndex(workflow), table, false, List.of(deadline),
                    Sql.of("$C IS NOT NULL", deadline)));
        }
        for (Field field : workflow.fields()) {
            if (field.needsReferenceIndex()) {
                objects.add(new Index(Naming.referenceIndex(workflow, field), table, false, List.of(field.column()),
                        Sql.of("")));
            }
            field.unique().ifPresent(unique -> objects.add(new Index(Naming.uniqueIndex(workflow, field), table, true,
                    List.of(field.column()),
                    unique.states().isEmpty() ? Sql.of("") : Sql.of("$C IN ($L)", state, unique.states()))));
        }
        return entity;
    }

    private static Column column(String name, String type, String constraint) {
        return new Column(name, SqlType.of(type), Sql.of(constraint));
    }

    private void comment(WorkflowSchema.Target on, String text) {
        objects.add(new Comment(on, text));
    }

    /** What a row in the state must satisfy beyond the columns' NOT NULL, if anything. */
    private Optional<Sql> stateCondition(String s) {
        if (!workflow.hasRule(s)) {
            return Optional.empty();
        }
        List<Sql> terms = new ArrayList<>();
        for (Field field : workflow.fields()) {
            if (field.presence() != Field.Presence.ALWAYS && field.requiredIn(s)) {
                terms.add(Sql.of("$C IS NOT NULL", field.column()));
            }
        }
        for (Field field : workflow.fields()) {
            if (field.nullIn(s)) {
                terms.add(Sql.of("$C IS NULL", field.column()));
            }
        }
        if (workflow.hasTimeouts()) {
            State state = workflow.state(s).orElseThrow();
            terms.add(state.timeout().isPresent()
                    ? Sql.of("$C IS NOT DISTINCT FROM $S", deadline, deadline(state).of("", Sql.column(since)))
                    : Sql.of("$C IS NULL", deadline));
        }
        return Optional.of(terms.size() == 1 ? terms.get(0) : Sql.of("($S)", Sql.join(" AND ", terms)));
    }

    /**
     * A rule between fields as a CHECK of its own (decision 0025): a row outside the rule's states
     * passes, one inside passes unless the rule is false, so NULL passes as in every CHECK.
     */
    private Check ruleCheck(Invariant invariant) {
        return new Check(Naming.ruleCheck(workflow, invariant),
                Sql.of("$C NOT IN ($L) OR ($S)", state, invariant.states(), invariant.rule().sql()));
    }

    /** What the comment on a rule's CHECK says: the rule as declared, where it holds, and why. */
    private static String ruleText(Invariant invariant) {
        String named = invariant.name().isEmpty() ? "Rule" : "Rule " + invariant.name() + ",";
        String text = named + " in " + String.join(", ", invariant.states()) + ": " + invariant.rule().text() + ".";
        return invariant.message().isEmpty() ? text : text + " " + invariant.message();
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
        if (workflow.hasTimeouts()) {
            parts.add(workflow.state(s).flatMap(State::timeout).map(t -> "its deadline " + deadlineText(t))
                    .orElse(deadline + " NULL"));
        }
        return "A row in " + s + " has " + String.join("; ", parts) + ".";
    }

    /**
     * What a field's values must be in every state, beyond its SQL type: one of an enum's
     * constants, or nothing its Java type cannot hold. {@code BigDecimal} has no NaN or infinity,
     * {@code java.time} no infinite date, jOOQ reads a JSON {@code null} as no value at all.
     */
    private static Optional<Sql> valueCondition(Field field) {
        String column = field.column();
        return switch (field.type().kind()) {
            case ENUM -> Optional.of(Sql.of("$C IN ($L)", column, field.type().enumConstants()));
            case DECIMAL -> Optional.of(Sql.of("$C NOT IN ('NaN', 'Infinity', '-Infinity')", column));
            // isfinite() is immutable, where 'infinity'::timestamptz would be converted for every row.
            case LOCAL_DATE, LOCAL_DATE_TIME, OFFSET_DATE_TIME, INSTANT -> Optional.of(Sql.of("isfinite($C) IS NOT FALSE", column));
            case JSON -> Optional.of(Sql.of("$C <> 'null'", column));
            default -> Optional.empty();
        };
    }

    /** The column's SQL type as the migration declares it. */
    static SqlType sqlType(Field field) {
        ColumnSize size = field.size();
        return switch (field.type().kind()) {
            case STRING -> size.length() > 0 ? SqlType.of("varchar", size.length()) : SqlType.of("text");
            case BOOLEAN -> SqlType.of("boolean");
            case INTEGER -> SqlType.of("integer");
            case LONG -> SqlType.of("bigint");
            case DECIMAL -> size.precision() == 0 ? SqlType.of("numeric") : SqlType.of("numeric", size.precision(), size.scale());
            case UUID -> SqlType.of("uuid");
            case LOCAL_DATE -> SqlType.of("date");
            case LOCAL_DATE_TIME -> SqlType.of("timestamp");
            case OFFSET_DATE_TIME, INSTANT -> SqlType.of("timestamptz");
            case ENUM -> SqlType.of("text");
            case BYTES -> SqlType.of("bytea");
            case JSON -> SqlType.of("jsonb");
            case UNSUPPORTED -> throw new IllegalArgumentException("unsupported type " + field.type());
        };
    }

    // The transition table: one row per edge, so that a new edge is a row, not a new function

    private Table transitionTable() {
        Table transitions = new Table(edges, List.of(
                column("transition", "text", "NOT NULL"),
                column("from_state", "text", "NOT NULL"),
                column("to_state", "text", "NOT NULL"),
                column("description", "text", ""),
                column("retired", "boolean", "NOT NULL DEFAULT false")),
                new PrimaryKey(Naming.primaryKey(edges), List.of("from_state", "to_state", "transition")),
                List.of(), List.of());
        objects.add(transitions);
        comment(new OnTable(edges), "The transitions of workflow " + workflow.simpleName() + ": a row of "
                + table + " may change state only along one of these edges that is not retired.");
        comment(new OnColumn(edges, "retired"), "True for an edge the workflow no longer has: kept because "
                + "history rows may reference it, and refused to every new state change.");
        if (!workflow.edges().isEmpty()) {
            objects.add(new Rows(edges, List.of("transition", "from_state", "to_state", "description"),
                    workflow.edges().stream().map(SchemaBuilder::edgeRow).toList()));
        }
        return transitions;
    }

    private static List<String> edgeRow(Edge edge) {
        String description = edge.transition().javadoc();
        return Arrays.asList(edge.name(), edge.from(), edge.to(), description.isEmpty() ? null : description);
    }

    // The history: one row per state change, only along a declared edge, never changed

    private Table historyTable() {
        String entity = Naming.historyEntityColumn(workflow);
        List<Column> columns = new ArrayList<>(List.of(
                column(Naming.ID, "bigint", "GENERATED ALWAYS AS IDENTITY"),
                column(entity, "bigint", "NOT NULL"),
                column(History.TRANSITION, "text", "NOT NULL"),
                column(History.FROM_STATE, "text", "NOT NULL"),
                column(History.TO_STATE, "text", "NOT NULL"),
                column(History.ACTOR, "text", ""),
                column(History.REASON, "text", ""),
                column(History.LOGIN_ROLE, "text", ""),
                column(History.OCCURRED_AT, "timestamptz", "NOT NULL DEFAULT now()")));
        List<Check> checks = new ArrayList<>(List.of(
                // Kept for ever: bounded, as Audit bounds them in Java.
                new Check(Naming.historyCheck(workflow, History.ACTOR),
                        Sql.of("char_length($C) <= " + Audit.MAX_ACTOR_LENGTH, History.ACTOR)),
                new Check(Naming.historyCheck(workflow, History.REASON),
                        Sql.of("char_length($C) <= " + Audit.MAX_REASON_LENGTH, History.REASON))));
        if (workflow.feed()) {
            columns.add(column(History.VERSION, "bigint", ""));
            columns.add(column(History.FEED_XID, "xid8", "NOT NULL DEFAULT pg_current_xact_id()"));
            checks.add(feedXidCheck());
        }
        Table changes = new Table(history, columns, new PrimaryKey(Naming.primaryKey(history), List.of(Naming.ID)),
                checks, List.of());
        objects.add(changes);
        comment(new OnTable(history), "Every state change of " + table + ", one row each, written only by trigger "
                + Naming.beforeUpdateFunction(workflow) + " with its owner's rights, for repository and raw SQL alike,"
                + " along an edge of " + edges + ". Append-only: row-level security lets"
                + " other roles read it and write none of it.");
        comment(new OnColumn(history, Naming.LOGIN_ROLE),
                "The login role (session_user) whose statement made the change; actor is who the caller names.");
        if (workflow.feed()) {
            comment(new OnColumn(history, History.VERSION), "The row's version after the change; NULL for a change "
                    + "made before the event feed.");
            comment(new OnColumn(history, History.FEED_XID), "With id, the change's place in the event feed: the "
                    + "transaction that wrote it, raised to the row's previous event's when that is greater, so that "
                    + "each row's events are read in version order (decision 0028). '0' for a change made before the "
                    + "feed.");
        }
        objects.add(new Index(Naming.historyIndex(workflow), history, false, List.of(entity, History.OCCURRED_AT),
                Sql.of("")));
        if (workflow.feed()) {
            objects.add(feedIndex());
        }
        return changes;
    }

    /** Only history from before the feed has key '0', which the feed reads first, by id. */
    private Check feedXidCheck() {
        return new Check(Naming.historyCheck(workflow, History.FEED_XID), Sql.of("$C <> '0'", History.FEED_XID));
    }

    /** The index the feed reads by, in key order; history from before the feed is read by its primary key. */
    private Index feedIndex() {
        return new Index(Naming.feedIndex(workflow), history, false, List.of(History.FEED_XID, Naming.ID),
                Sql.of("$C <> '0'", History.FEED_XID));
    }

    // The event feed's positions: one row per consumer (decision 0028)

    private void feedPositionTable() {
        String positions = Naming.feedPositionTable(workflow);
        objects.add(new Table(positions, List.of(
                column(FeedPosition.CONSUMER, "text", "NOT NULL"),
                column(FeedPosition.FEED_XID, "xid8", "NOT NULL"),
                column(FeedPosition.HISTORY_ID, "bigint", "NOT NULL"),
                column(FeedPosition.DELIVERED, "bigint", "NOT NULL DEFAULT 0"),
                column(FeedPosition.CREATED_AT, "timestamptz", "NOT NULL DEFAULT now()"),
                column(FeedPosition.MOVED_AT, "timestamptz", ""),
                column(FeedPosition.ATTEMPTS, "integer", "NOT NULL DEFAULT 0"),
                column(FeedPosition.FAILING_SINCE, "timestamptz", ""),
                column(FeedPosition.RETRY_AT, "timestamptz", ""),
                column(FeedPosition.LAST_ERROR, "text", "")),
                new PrimaryKey(Naming.primaryKey(positions), List.of(FeedPosition.CONSUMER)),
                List.of(new Check(Naming.feedPositionCheck(workflow, FeedPosition.CONSUMER),
                                Sql.of("$C ~ $L", FeedPosition.CONSUMER, "\\A[a-z0-9][a-z0-9._-]{0,62}\\Z")),
                        new Check(Naming.feedPositionCheck(workflow, FeedPosition.LAST_ERROR),
                                Sql.of("char_length($C) <= 2000", FeedPosition.LAST_ERROR))),
                List.of()));
        comment(new OnTable(positions), "Where each consumer of " + table + "'s event feed stands: the key (feed_xid, "
                + "history_id) of the last event it handled, moved in the transaction of its handler. Written by "
                + "dev.statewise.runtime.EventFeed; delete a consumer's row to remove it.");
    }

    // Triggers

    /** The names every function body may use. */
    private Map<String, Object> names(Object... more) {
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("table", table);
        names.put("qualifiedTable", qualified(table));
        names.put("state", state);
        names.put("history", qualified(history));
        names.put("edges", qualified(edges));
        names.put("historyEntity", Naming.historyEntityColumn(workflow));
        names.put("id", Naming.ID);
        names.put("version", Naming.VERSION);
        names.put("createdAt", Naming.CREATED_AT);
        names.put("updatedAt", Naming.UPDATED_AT);
        names.put("createdBy", Naming.CREATED_BY);
        names.put("createdReason", Naming.CREATED_REASON);
        names.put("createdLoginRole", Naming.CREATED_LOGIN_ROLE);
        names.put("transition", Naming.TRANSITION);
        names.put("actor", Naming.TRANSITION_ACTOR);
        names.put("reason", Naming.TRANSITION_REASON);
        names.put("loginRole", Naming.LOGIN_ROLE);
        names.put("resetTransition", Sql.named("""
                NEW.$transition:C := NULL;
                NEW.$actor:C := NULL;
                NEW.$reason:C := NULL;""", Map.of("transition", Naming.TRANSITION, "actor", Naming.TRANSITION_ACTOR,
                "reason", Naming.TRANSITION_REASON)));
        for (int i = 0; i < more.length; i += 2) {
            names.put((String) more[i], more[i + 1]);
        }
        return names;
    }

    private void beforeInsert() {
        String function = Naming.beforeInsertFunction(workflow);
        List<String> initial = workflow.initialStates().stream().map(State::name).toList();
        function(function, Rights.INVOKER, List.of(), Sql.named("""
                    IF NEW.$state:C NOT IN ($initial:L) THEN
                        RAISE EXCEPTION USING
                            ERRCODE = $notInitial:L,
                            TABLE = $table:L,
                            COLUMN = $state:L,
                            MESSAGE = format($message:L, NEW.$state:C);
                    END IF;
                    IF char_length(NEW.$actor:C) > $maxActor:S OR char_length(NEW.$reason:C) > $maxReason:S THEN
                        RAISE EXCEPTION USING
                            ERRCODE = $checkViolation:L,
                            TABLE = $table:L,
                            MESSAGE = $boundsMessage:L;
                    END IF;
                    NEW.$version:C := 0;
                    NEW.$createdAt:C := now();
                    NEW.$updatedAt:C := NEW.$createdAt:C;
                    NEW.$createdBy:C := NEW.$actor:C;
                    NEW.$createdReason:C := NEW.$reason:C;
                    NEW.$createdLoginRole:C := session_user;
                    $stateTimes:S
                    $resetTransition:S
                    RETURN NEW;
                """, names("stateTimes", insertedStateTimes(), "initial", initial, "notInitial", SqlStates.NOT_AN_INITIAL_STATE,
                        "message", workflow.simpleName() + ": a new row starts in " + String.join(" or ", initial)
                                + ", not in %s",
                        // The same bounds as the history's CHECKs, for the row that keeps who created it.
                        "maxActor", String.valueOf(Audit.MAX_ACTOR_LENGTH),
                        "maxReason", String.valueOf(Audit.MAX_REASON_LENGTH),
                        "checkViolation", SqlStates.CHECK_VIOLATION,
                        "boundsMessage", workflow.simpleName() + ": who creates a row is at most "
                                + Audit.MAX_ACTOR_LENGTH + " characters, and why at most " + Audit.MAX_REASON_LENGTH)));
        trigger(function, "BEFORE INSERT", table, Level.ROW);
    }

    private void beforeUpdate() {
        String function = Naming.beforeUpdateFunction(workflow);
        String name = workflow.simpleName();
        // A named transition is one key lookup; an unnamed one must be the only edge between the states.
        List<String> declarations = workflow.feed()
                ? List.of("edge_count integer;", "edge_name text;", "feed_key xid8;")
                : List.of("edge_count integer;", "edge_name text;");
        function(function, Rights.OWNER, declarations, Sql.named("""
                    IF NEW.$id:C <> OLD.$id:C THEN
                        $idRefusal:S
                    END IF;
                    IF NEW.$state:C IS NOT NULL
                            AND (NEW.$state:C IS DISTINCT FROM OLD.$state:C OR NEW.transition IS NOT NULL) THEN
                        IF NEW.transition IS NOT NULL THEN
                            SELECT e.transition INTO edge_name
                              FROM $edges:N e
                             WHERE e.from_state = OLD.$state:C
                               AND e.to_state = NEW.$state:C
                               AND e.transition = NEW.transition
                               AND NOT e.retired;
                            GET DIAGNOSTICS edge_count = ROW_COUNT;
                        ELSE
                            SELECT count(*), min(e.transition) INTO edge_count, edge_name
                              FROM $edges:N e
                             WHERE e.from_state = OLD.$state:C
                               AND e.to_state = NEW.$state:C
                               AND NOT e.retired;
                        END IF;
                        IF edge_count = 0 THEN
                            RAISE EXCEPTION USING
                                ERRCODE = $illegal:L,
                                TABLE = $table:L,
                                COLUMN = $state:L,
                                MESSAGE = format($noEdge:L,
                                    OLD.$id:C,
                                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                                         ELSE format('transition %s does not lead', NEW.transition) END,
                                    OLD.$state:C, NEW.$state:C, OLD.$state:C,
                                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                                ORDER BY a.to_state, a.transition)
                                                FROM $edges:N a WHERE a.from_state = OLD.$state:C AND NOT a.retired), 'none')),
                                $detail:S
                        ELSIF edge_count > 1 THEN
                            RAISE EXCEPTION USING
                                ERRCODE = $illegal:L,
                                TABLE = $table:L,
                                COLUMN = $transition:L,
                                MESSAGE = format($severalEdges:L,
                                    OLD.$id:C, OLD.$state:C, NEW.$state:C),
                                $detail:S
                        END IF;
                        $record:S
                    $endChange:S
                    $stateTimes:S
                    NEW.$version:C := OLD.$version:C + 1;
                    NEW.$createdAt:C := OLD.$createdAt:C;
                    NEW.$createdBy:C := OLD.$createdBy:C;
                    NEW.$createdReason:C := OLD.$createdReason:C;
                    NEW.$createdLoginRole:C := OLD.$createdLoginRole:C;
                    NEW.$updatedAt:C := now();
                    $resetTransition:S
                    RETURN NEW;
                """, names(
                        "stateTimes", updatedStateTimes(),
                        "record", historyRecord(),
                        "endChange", workflow.feed() ? Sql.named("""
                                ELSE
                                    NEW.$feedXid:C := OLD.$feedXid:C;
                                END IF;""", names("feedXid", feedXid)) : Sql.of("END IF;"),
                        "idRefusal", historyRefusal(table, Sql.of("format($L, OLD.$C)", name + " %s: its id never changes, since "
                                + history + " names the row by it", Naming.ID)),
                        "illegal", SqlStates.ILLEGAL_TRANSITION,
                        "noEdge", name + " %s: %s from %s to %s; allowed from %s: %s",
                        "severalEdges", name + " %s: several transitions lead from %s to %s; name one in column transition",
                        // What an illegal transition's error carries for programs, so that Failures need not read the message.
                        "detail", Sql.named("DETAIL = json_build_object('id', OLD.$id:C, 'from', OLD.$state:C, 'to', "
                                + "NEW.$state:C, 'transition', NEW.transition)::text;", names()))));
        trigger(function, "BEFORE UPDATE", table, Level.ROW);
    }

    /**
     * The history row of a state change. With an event feed it carries the row's version after the
     * change and its feed key: this transaction's id, raised to the row's previous event's key when
     * that is greater, so that a row's events are read in version order (decision 0028, Lemma 3).
     * Any other update keeps the row's key ({@code endChange}).
     */
    private Sql historyRecord() {
        if (!workflow.feed()) {
            return Sql.named("""
                    INSERT INTO $history:N ($historyEntity:C, transition, from_state, to_state, actor, reason, $loginRole:C)
                    VALUES (OLD.$id:C, edge_name, OLD.$state:C, NEW.$state:C, NEW.$actor:C, NEW.$reason:C, session_user);""",
                    names());
        }
        return Sql.named("""
                feed_key := greatest(pg_current_xact_id(), OLD.$feedXid:C);
                INSERT INTO $history:N ($historyEntity:C, transition, from_state, to_state, actor, reason, $loginRole:C,
                        $historyVersion:C, $historyFeedXid:C)
                VALUES (OLD.$id:C, edge_name, OLD.$state:C, NEW.$state:C, NEW.$actor:C, NEW.$reason:C, session_user,
                        OLD.$version:C + 1, feed_key);
                NEW.$feedXid:C := feed_key;$notify:S""", names("feedXid", feedXid, "historyVersion", History.VERSION,
                "historyFeedXid", History.FEED_XID, "notify", workflow.notifies()
                        // Sent at commit, once per transaction and channel: PostgreSQL folds identical notifications.
                        ? Sql.of("\nPERFORM pg_notify($L, '');", Naming.feedChannel(workflow)) : Sql.of("")));
    }

    /** The insert trigger's part of the state's time columns: the row enters its first state now. */
    private Sql insertedStateTimes() {
        Sql entered = Sql.named("NEW.$since:C := NEW.$createdAt:C;", names("since", since));
        if (workflow.hasTimeouts()) {
            entered = Sql.of("$S\n$S\nNEW.$C := NULL;", entered, deadlines(), retryAt);
        }
        // A key forged far ahead would hold the row's events back for good.
        return workflow.feed() ? Sql.of("$S\nNEW.$C := NULL;", entered, feedXid) : entered;
    }

    /**
     * The update trigger's part: a change of state enters the new state now, and anything else
     * keeps the moment. A row written before Statewise kept the column gets it on its first update:
     * when it last changed state, or its creation. An update that changes nothing but these
     * columns (such as a migration filling them) leaves the row as it was, version included.
     */
    private Sql updatedStateTimes() {
        List<String> own = Naming.stateTimeColumns(workflow);
        Sql deadlines = !workflow.hasTimeouts() ? Sql.of("") : Sql.named("""
                $deadlines:S
                IF NEW.$deadline:C IS DISTINCT FROM OLD.$deadline:C THEN
                    NEW.$retryAt:C := NULL;
                END IF;
                """, names("deadlines", deadlines(), "deadline", deadline, "retryAt", retryAt));
        return Sql.named("""
                IF NEW.$state:C IS DISTINCT FROM OLD.$state:C THEN
                    NEW.$since:C := now();
                ELSE
                    -- NULL only in a row from before Statewise kept the column: it entered its state
                    -- when it last changed state, or when it was created.
                    NEW.$since:C := coalesce(OLD.$since:C,
                        (SELECT max(h.occurred_at) FROM $history:N h
                          WHERE h.$historyEntity:C = OLD.$id:C AND h.from_state <> h.to_state),
                        OLD.$createdAt:C);
                END IF;
                $deadlines:S$why:S
                IF NEW.$state:C = OLD.$state:C AND NEW.transition IS NULL
                        AND $changed:S
                        AND to_jsonb(NEW) - ARRAY[$own:L] = to_jsonb(OLD) - ARRAY[$own:L] THEN
                    RETURN NEW;
                END IF;""", names("since", since, "deadlines", deadlines, "own", own, "why", Sql.of((workflow.hasTimeouts()
                        ? "-- An update that changes nothing but these columns (a migration that fills them, or the\n"
                                + "-- retry of a failed timeout) leaves the row as it was: it keeps its version."
                        : "-- An update that changes nothing but this column (a migration that fills it) leaves\n"
                                + "-- the row as it was: it keeps its version.")),
                "changed", own.size() == 1
                        ? Sql.of("NEW.$C IS DISTINCT FROM OLD.$C", since, since)
                        : Sql.of("(NEW.$C, NEW.$C, NEW.$C) IS DISTINCT FROM (OLD.$C, OLD.$C, OLD.$C)",
                                since, deadline, retryAt, since, deadline, retryAt)));
    }

    /** Sets the deadline from the state the row is in: the timed states have one, the others none. */
    private Sql deadlines() {
        List<Sql> cases = workflow.timedStates().stream()
                .map(s -> Sql.of("WHEN $L THEN $S", s.name(), deadline(s).of("NEW.", Sql.of("NEW.$C", since))))
                .toList();
        return Sql.named("""
                NEW.$deadline:C := CASE NEW.$state:C
                    $cases:S
                END;""", names("deadline", deadline, "cases", Sql.join("\n", cases)));
    }

    private WorkflowSchema.StateTimes times() {
        return workflow.hasTimeouts()
                ? new WorkflowSchema.StateTimes(since, Optional.of(deadline), Optional.of(retryAt),
                        workflow.timedStates().stream().map(this::deadline).toList())
                : new WorkflowSchema.StateTimes(since, Optional.empty(), Optional.empty(), List.of());
    }

    private Deadline deadline(State s) {
        Timeout timeout = s.timeout().orElseThrow();
        return new Deadline(s.name(), timeout.after().map(Timeout::seconds),
                timeout.at().map(at -> workflow.field(at).orElseThrow().column()));
    }

    /** A deadline in words, for the comments: {@code 3 days after entering the state}, or {@code at respond_by}. */
    private String deadlineText(Timeout timeout) {
        return timeout.after().map(after -> Timeout.inWords(after) + " after entering the state")
                .orElseGet(() -> "at " + workflow.field(timeout.at().orElseThrow()).orElseThrow().column());
    }

    private String timeoutText(State s) {
        Timeout timeout = s.timeout().orElseThrow();
        return "in " + s.name() + " " + deadlineText(timeout) + ", when " + timeout.fire() + " fires";
    }

    /** A row that has changed state keeps its history: it is never deleted. */
    private void beforeDelete() {
        String function = Naming.beforeDeleteFunction(workflow);
        function(function, Rights.OWNER, List.of(), Sql.named("""
                    IF TG_OP = 'TRUNCATE' THEN
                        IF EXISTS (SELECT FROM $history:N) THEN
                            $truncateRefusal:S
                        END IF;
                        RETURN NULL;
                    END IF;
                    IF EXISTS (SELECT FROM $history:N h WHERE h.$historyEntity:C = OLD.$id:C) THEN
                        $deleteRefusal:S
                    END IF;
                    RETURN OLD;
                """, names(
                        "truncateRefusal", historyRefusal(table, Sql.of("$L", table + ": TRUNCATE refused, since "
                                + history + " holds the history of its rows; a row that has changed state is never deleted")),
                        "deleteRefusal", historyRefusal(table, Sql.of("format($L, OLD.$C)", workflow.simpleName()
                                + " %s: DELETE refused, since " + history + " holds its history; a row that has changed"
                                + " state is never deleted", Naming.ID)))));
        trigger(function, "BEFORE DELETE", table, Level.ROW);
        objects.add(new Trigger(Naming.beforeTruncateTrigger(workflow), function, "BEFORE TRUNCATE", table,
                Level.STATEMENT, Sql.of("")));
    }

    /** The RAISE of every refusal that keeps the history whole ({@code 23SW3}). */
    private static Sql historyRefusal(String on, Sql message) {
        return Sql.of("""
                RAISE EXCEPTION USING
                    ERRCODE = $L,
                    TABLE = $L,
                    MESSAGE = $S;""", SqlStates.HISTORY_IS_APPEND_ONLY, on, message);
    }

    /**
     * The history refuses every change, and every row not written by a trigger, whoever writes it
     * (decision 0018). That is a guard against mistakes, the owner's included; against other roles,
     * at any trigger depth, row-level security with a policy for reading only refuses every row:
     * the workflow's trigger runs with the owner's rights and is not subject to it (decision 0019).
     */
    private void appendOnly() {
        String function = Naming.appendOnlyFunction(workflow);
        function(function, Rights.INVOKER, List.of(), Sql.named("""
                    $refusal:S
                """, Map.of("refusal", historyRefusal(history, Sql.of("""
                        CASE TG_OP
                            WHEN 'INSERT' THEN $L
                            ELSE format($L, TG_OP) END""",
                        history + " is written only by trigger " + Naming.beforeUpdateFunction(workflow) + ": INSERT refused",
                        history + " is append-only: %s refused")))));
        trigger(function, "BEFORE UPDATE OR DELETE OR TRUNCATE", history, Level.STATEMENT);
        // Inside a trigger the depth is 1 or more; the WHEN spares the trigger's own rows a function call.
        objects.add(new Trigger(Naming.historyBeforeInsertTrigger(workflow), function, "BEFORE INSERT", history,
                Level.ROW, Sql.of("pg_trigger_depth() = 0")));
        objects.add(new RowSecurity(history, Naming.historyReadPolicy(workflow)));
    }

    /** The edges history may name stay: an edge the workflow drops is retired, never deleted or renamed. */
    private void edgesKept() {
        String function = Naming.edgesKeptFunction(workflow);
        function(function, Rights.INVOKER, List.of(), Sql.named("""
                    $refusal:S
                """, Map.of("refusal", historyRefusal(edges, Sql.of("format($L, TG_OP)", edges + ": %s refused,"
                        + " since history may name any of its edges; retire an edge instead (SET retired = true)")))));
        trigger(function, "BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE", edges,
                Level.STATEMENT);
    }

    /**
     * Only the edge table's owner, who applies the migrations, adds, retires or takes back an edge.
     * Runs with the caller's rights, since it asks who the caller is: inside a function with the
     * owner's rights {@code current_user} is the owner.
     */
    private void edgesOwnerOnly() {
        String function = Naming.edgesOwnerOnlyFunction(workflow);
        function(function, Rights.INVOKER, List.of(), Sql.named("""
                    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
                        RAISE EXCEPTION USING
                            ERRCODE = $privilege:L,
                            TABLE = $edges:L,
                            MESSAGE = format($message:L, TG_OP, current_user);
                    END IF;
                    RETURN NULL;
                """, Map.of("privilege", SqlStates.INSUFFICIENT_PRIVILEGE, "edges", edges,
                        "message", edges + ": %s refused to %s; only its owner changes the edges, by a migration")));
        trigger(function, "BEFORE INSERT OR UPDATE", edges, Level.STATEMENT);
    }

    private void function(String name, Rights rights, List<String> declarations, Sql body) {
        objects.add(new TriggerFunction(name, table, rights, declarations, body));
    }

    private void trigger(String function, String events, String on, Level level) {
        objects.add(new Trigger(function, function, events, on, level, Sql.of("")));
    }

    /** A table of the workflow's schema as a function names it: with the schema the migration runs in. */
    static String qualified(String table) {
        return WorkflowSchema.SCHEMA + "." + table;
    }
}
