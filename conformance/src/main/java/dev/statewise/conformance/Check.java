package dev.statewise.conformance;

import static dev.statewise.conformance.Session.describe;
import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.Columns.History;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.FieldDescriptor;
import dev.statewise.runtime.RuleDescriptor;
import dev.statewise.runtime.SqlStates;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;

/**
 * One run of the conformance check over one workflow. Rows are made once per state and reused:
 * every probe is undone by its savepoint, so a row stays as it was made.
 */
final class Check {

    private static final String ACTOR = "statewise-conformance";
    private static final String REASON = "conformance check";

    private final WorkflowDescriptor workflow;
    private final Session session;
    private final Map<String, ?> givenSamples;
    private final String table;
    private final String id = Columns.ID;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> untried = new ArrayList<>();
    private final Map<String, OptionalLong> made = new HashMap<>();
    private final Map<String, Long> referencedRows = new HashMap<>();
    private Samples samples;
    private Rows rows;
    private int checks;
    private int notRun;

    Check(WorkflowDescriptor workflow, Session session, Map<String, ?> samples) {
        this.workflow = workflow;
        this.session = session;
        this.givenSamples = samples;
        this.table = quote(workflow.table());
    }

    ConformanceReport run() throws SQLException {
        if (schemaPresent()) {
            createInInitialStates();
            noCreateOutsideInitialStates();
            onlyDeclaredStates();
            declaredEdges();
            undeclaredEdges();
            requiredFields();
            onlyInFields();
            optionalFields();
            historyAppendOnly();
            rowWithHistoryKept();
            historyNamesDeclaredEdges();
            referencesEnforced();
            uniqueAmongStates();
            valuesTheJavaTypeHolds();
            new StateTimes(this).run();
            rulesBetweenFields();
        }
        return new ConformanceReport(workflow.name(), checks, notRun, findings, untried);
    }

    private boolean schemaPresent() throws SQLException {
        checks++;
        Map<String, String> types = session.keep(c -> Rows.columnTypes(c, table));
        if (types.isEmpty()) {
            fail(Rule.SCHEMA_PRESENT, null, null,
                    "table " + workflow.table() + " not found on the data source's search_path");
            return false;
        }
        Map<String, Object> given = Samples.keepingRules(workflow, givenSamples);
        for (FieldDescriptor field : workflow.fields()) {
            if (field.reference() != null && !given.containsKey(field.name())) {
                WorkflowDescriptor target = field.reference().workflow();
                try {
                    given.put(field.name(), session.keep(c -> Rows.rowOf(c, target, referencedRows)));
                } catch (SQLException e) {
                    fail(Rule.SCHEMA_PRESENT, null, field.name(), "a row of " + target.name() + " for "
                            + field.name() + " to reference could not be made: " + describe(e));
                    return false;
                }
            }
        }
        samples = new Samples(given, types);
        rows = new Rows(workflow, table, samples);
        boolean present = true;
        List<String> columns = new ArrayList<>(List.of(workflow.stateColumn(), Columns.VERSION,
                Columns.TRANSITION, workflow.sinceColumn()));
        if (workflow.deadlineColumn() != null) {
            columns.add(workflow.deadlineColumn());
            columns.add(workflow.retryAtColumn());
        }
        for (String column : columns) {
            if (!types.containsKey(column)) {
                fail(Rule.SCHEMA_PRESENT, null, null, "table " + workflow.table() + " has no column " + column);
                present = false;
            }
        }
        for (FieldDescriptor field : workflow.fields()) {
            if (!types.containsKey(field.column())) {
                fail(Rule.SCHEMA_PRESENT, null, field.name(),
                        "table " + workflow.table() + " has no column " + field.column());
                present = false;
            } else {
                samples.require(workflow, field);
            }
        }
        return present;
    }

    private void createInInitialStates() throws SQLException {
        for (StateDescriptor state : workflow.initialStates()) {
            checks++;
            try {
                long row = session.keep(c -> rows.insert(c, rows.arrivalIn(state.name(), false)));
                made.put(state.name(), OptionalLong.of(row));
            } catch (SQLException e) {
                made.put(state.name(), OptionalLong.empty());
                fail(Rule.CREATE_IN_INITIAL_STATE, state.name(), null,
                        "a new row in " + state.name() + " with the fields it requires was refused: "
                                + describe(e));
            }
        }
    }

    private void noCreateOutsideInitialStates() throws SQLException {
        for (StateDescriptor state : workflow.states()) {
            if (state.initial()) {
                continue;
            }
            checks++;
            SQLException refusal = session.tryOut(c -> rows.insert(c, rows.arrivalIn(state.name(), false)));
            expectRefusal(refusal, Rule.NO_CREATE_OUTSIDE_INITIAL_STATES, state.name(), null,
                    "a new row in " + state.name() + ", which is no initial state,",
                    SqlStates.NOT_AN_INITIAL_STATE);
        }
    }

    private void onlyDeclaredStates() throws SQLException {
        Set<String> declared = workflow.states().stream().map(StateDescriptor::name).collect(Collectors.toSet());
        String undeclared = "UNDECLARED";
        while (declared.contains(undeclared)) {
            undeclared += "_";
        }
        String value = undeclared;
        if (!workflow.initialStates().isEmpty()) {
            StateDescriptor initial = workflow.initialStates().get(0);
            checks++;
            Map<String, Object> values = rows.arrivalIn(initial.name(), false);
            values.put(workflow.stateColumn(), value);
            expectRefusal(session.tryOut(c -> rows.insert(c, values)), Rule.ONLY_DECLARED_STATES, null, null,
                    "a new row in state " + value, SqlStates.CHECK_VIOLATION, SqlStates.NOT_AN_INITIAL_STATE);
        }
        for (StateDescriptor state : workflow.states()) {
            OptionalLong row = rowIn(state.name(), 1);
            if (row.isPresent()) {
                checks++;
                expectRefusal(session.tryOut(c -> rows.update(c, row.getAsLong(), Map.of(workflow.stateColumn(), value))),
                        Rule.ONLY_DECLARED_STATES, state.name(), null,
                        "a change of state from " + state.name() + " to " + value,
                        SqlStates.CHECK_VIOLATION, SqlStates.ILLEGAL_TRANSITION);
            }
        }
    }

    private void declaredEdges() throws SQLException {
        for (EdgeDescriptor edge : workflow.edges()) {
            OptionalLong row = rowIn(edge.from(), 3);
            if (row.isEmpty()) {
                continue;
            }
            checks += 3;
            long rowId = row.getAsLong();
            SQLException failure = session.tryOut(c -> {
                takeAndVerify(rowId, edge);
                return null;
            });
            if (failure != null) {
                fail(Rule.DECLARED_EDGE_ACCEPTED, edge.from(), null, "transition " + edge.transition()
                        + " from " + edge.from() + " could not be checked: " + describe(failure));
            }
        }
    }

    /** Takes the edge, then looks at the row and its history; the caller undoes all of it. */
    private void takeAndVerify(long rowId, EdgeDescriptor edge) throws SQLException {
        String label = "transition " + edge.transition() + " from " + edge.from() + " to " + edge.to();
        long version = (Long) stateAndVersion(rowId).get(1);
        List<String> history;
        try {
            history = session.keep(c -> history(c, rowId));
        } catch (SQLException e) {
            history = null;
        }
        Map<String, Object> assignments = rows.arrivalIn(edge.to(), true);
        assignments.put(Columns.TRANSITION, edge.transition());
        assignments.put(Columns.TRANSITION_ACTOR, ACTOR);
        assignments.put(Columns.TRANSITION_REASON, REASON);
        try {
            session.keep(c -> rows.update(c, rowId, assignments));
        } catch (SQLException e) {
            fail(Rule.DECLARED_EDGE_ACCEPTED, edge.from(), null, label + " was refused: " + describe(e));
            return;
        }
        List<Object> after = stateAndVersion(rowId);
        if (!edge.to().equals(after.get(0))) {
            fail(Rule.DECLARED_EDGE_ACCEPTED, edge.from(), null,
                    label + " left the row in " + after.get(0));
        }
        if (!Objects.equals(after.get(1), version + 1)) {
            fail(Rule.VERSION_INCREMENTED, edge.from(), null,
                    label + " took version " + version + " to " + after.get(1) + ", not " + (version + 1));
        }
        String expected = edge.transition() + ": " + edge.from() + " -> " + edge.to() + " by " + ACTOR
                + " because " + REASON;
        try {
            List<String> now = session.keep(c -> history(c, rowId));
            List<String> added = history == null || now.size() < history.size()
                    ? now : now.subList(history.size(), now.size());
            if (!added.equals(List.of(expected))) {
                fail(Rule.HISTORY_RECORDED, edge.from(), null, label + " left "
                        + (added.isEmpty() ? "no history row" : "history rows " + added)
                        + " in " + workflow.historyTable() + ", expected one: " + expected);
            }
        } catch (SQLException e) {
            fail(Rule.HISTORY_RECORDED, edge.from(), null, label + ": its history could not be read: "
                    + describe(e));
        }
    }

    private void undeclaredEdges() throws SQLException {
        for (StateDescriptor from : workflow.states()) {
            for (StateDescriptor to : workflow.states()) {
                boolean declared = workflow.edgesFrom(from.name()).stream()
                        .anyMatch(edge -> edge.to().equals(to.name()));
                // Keeping the state is an edit, not a transition, unless a self-transition is named.
                if (from == to || declared) {
                    continue;
                }
                OptionalLong row = rowIn(from.name(), 1);
                if (row.isEmpty()) {
                    continue;
                }
                checks++;
                Map<String, Object> assignments = rows.arrivalIn(to.name(), true);
                expectRefusal(session.tryOut(c -> rows.update(c, row.getAsLong(), assignments)),
                        Rule.UNDECLARED_EDGE_REFUSED, from.name(), null,
                        "a change of state from " + from.name() + " to " + to.name()
                                + ", along no declared transition,",
                        SqlStates.ILLEGAL_TRANSITION, SqlStates.CHECK_VIOLATION);
            }
        }
    }

    private void requiredFields() throws SQLException {
        for (StateDescriptor state : workflow.states()) {
            for (String name : state.requiredFields()) {
                FieldDescriptor field = workflow.field(name).orElseThrow();
                OptionalLong row = rowIn(state.name(), 1);
                if (row.isEmpty()) {
                    continue;
                }
                checks++;
                expectRefusal(session.tryOut(c -> rows.update(c, row.getAsLong(), Map.of(field.column(), Session.NULL))),
                        Rule.REQUIRED_FIELD, state.name(), name,
                        "a row in " + state.name() + " with " + name + " NULL",
                        SqlStates.CHECK_VIOLATION, SqlStates.NOT_NULL_VIOLATION);
            }
        }
    }

    private void onlyInFields() throws SQLException {
        for (StateDescriptor state : workflow.states()) {
            for (String name : state.nullFields()) {
                FieldDescriptor field = workflow.field(name).orElseThrow();
                OptionalLong row = rowIn(state.name(), 1);
                if (row.isEmpty()) {
                    continue;
                }
                checks++;
                expectRefusal(session.tryOut(c -> rows.update(c, row.getAsLong(), Map.of(field.column(), samples.of(field)))),
                        Rule.ONLY_IN_FIELD, state.name(), name,
                        "a row in " + state.name() + " with " + name + " set, which must be NULL there,",
                        SqlStates.CHECK_VIOLATION);
            }
        }
    }

    /**
     * A field optional in a state takes a value and gives it up again there. Without a sample (a
     * field optional everywhere, of a type the check does not know), only NULL is tried.
     */
    private void optionalFields() throws SQLException {
        for (StateDescriptor state : workflow.states()) {
            for (FieldDescriptor field : workflow.fields()) {
                if (state.requiredFields().contains(field.name()) || state.nullFields().contains(field.name())) {
                    continue;
                }
                OptionalLong row = rowIn(state.name(), 1);
                if (row.isEmpty()) {
                    continue;
                }
                checks++;
                boolean sampled = samples.has(field);
                SQLException refusal = session.tryOut(c -> {
                    if (sampled) {
                        rows.update(c, row.getAsLong(), Map.of(field.column(), samples.of(field)));
                    }
                    return rows.update(c, row.getAsLong(), Map.of(field.column(), Session.NULL));
                });
                if (refusal != null) {
                    fail(Rule.OPTIONAL_FIELD, state.name(), field.name(), "a row in " + state.name() + " with "
                            + field.name() + (sampled ? " set, then NULL," : " NULL,") + " which " + state.name()
                            + " allows, was refused: " + describe(refusal));
                }
            }
        }
    }

    private void historyAppendOnly() throws SQLException {
        String history = quote(workflow.historyTable());
        String entity = quote(workflow.historyEntityColumn());
        refusedAfterATransition(Rule.HISTORY_APPEND_ONLY, workflow.historyTable(), rowId -> List.of(
                        "UPDATE " + history + " SET " + History.REASON + " = 'rewritten' WHERE " + entity + " = "
                                + rowId,
                        "DELETE FROM " + history + " WHERE " + entity + " = " + rowId,
                        "TRUNCATE " + history),
                SqlStates.HISTORY_IS_APPEND_ONLY, SqlStates.INSUFFICIENT_PRIVILEGE);
    }

    /**
     * Before decision 0018 the history's foreign key to the table refused both: a DELETE with
     * {@code 23503}, a TRUNCATE with {@code 0A000}, as it does for any table a foreign key references.
     */
    private void rowWithHistoryKept() throws SQLException {
        refusedAfterATransition(Rule.ROW_WITH_HISTORY_KEPT, workflow.table(), rowId -> List.of(
                        "DELETE FROM " + table + " WHERE " + quote(id) + " = " + rowId,
                        "TRUNCATE " + table),
                SqlStates.HISTORY_IS_APPEND_ONLY, SqlStates.FOREIGN_KEY_VIOLATION, SqlStates.FEATURE_NOT_SUPPORTED,
                SqlStates.INSUFFICIENT_PRIVILEGE);
    }

    /**
     * Each statement, tried on a row that has just taken a transition, so that row-level triggers
     * have a row (and history) to refuse, must be refused with one of the expected SQLSTATEs.
     */
    private void refusedAfterATransition(Rule rule, String target, LongFunction<List<String>> statements,
            String... expectedStates) throws SQLException {
        Optional<EdgeDescriptor> edge = workflow.edges().stream().filter(e -> rowIn(e.from(), 0).isPresent())
                .findFirst();
        if (edge.isEmpty()) {
            return;
        }
        long rowId = rowIn(edge.get().from(), 0).getAsLong();
        for (String sql : statements.apply(rowId)) {
            String operation = sql.substring(0, sql.indexOf(' '));
            List<SQLException> setup = new ArrayList<>();
            SQLException refusal = session.tryOut(c -> {
                try {
                    session.keep(inner -> rows.take(inner, rowId, edge.get()));
                } catch (SQLException e) {
                    setup.add(e);
                    return null;
                }
                return Session.execute(c, sql, List.of());
            });
            if (!setup.isEmpty()) {
                // The edge check reports why the transition was refused.
                notRun++;
                continue;
            }
            checks++;
            expectRefusal(refusal, rule, null, null,
                    (operation.equals("UPDATE") ? "an " : "a ") + operation + " of " + target + " after a transition",
                    expectedStates);
        }
    }

    /**
     * A history row written by hand is refused by the history's insert trigger, whoever writes it;
     * as a role other than the owner, also by its privileges or the row-level security ({@code 42501}).
     */
    private void historyNamesDeclaredEdges() throws SQLException {
        if (workflow.edges().isEmpty() || workflow.initialStates().isEmpty()) {
            return;
        }
        EdgeDescriptor edge = workflow.edges().get(0);
        OptionalLong row = rowIn(edge.from(), 2);
        if (row.isEmpty()) {
            return;
        }
        String otherState = workflow.states().stream().map(StateDescriptor::name)
                .filter(state -> !state.equals(edge.to()))
                .filter(state -> workflow.edgesFrom(edge.from()).stream()
                        .noneMatch(e -> e.transition().equals(edge.transition()) && e.to().equals(state)))
                .findFirst().orElse(null);
        String insert = "INSERT INTO " + quote(workflow.historyTable()) + " ("
                + quote(workflow.historyEntityColumn()) + ", " + String.join(", ", History.TRANSITION,
                        History.FROM_STATE, History.TO_STATE) + ")"
                + " VALUES (?, ?, ?, ?)";
        String undeclared = edge.transition() + "Undeclared";
        checks++;
        expectRefusal(session.tryOut(c -> Session.execute(c, insert,
                        List.of(row.getAsLong(), undeclared, edge.from(), edge.to()))),
                Rule.HISTORY_NAMES_DECLARED_EDGES, null, null,
                "a history row for transition " + undeclared + " from " + edge.from() + " to "
                        + edge.to() + ", which is no declared edge,",
                SqlStates.FOREIGN_KEY_VIOLATION, SqlStates.HISTORY_IS_APPEND_ONLY, SqlStates.INSUFFICIENT_PRIVILEGE);
        if (otherState != null) {
            checks++;
            expectRefusal(session.tryOut(c -> Session.execute(c, insert,
                            List.of(row.getAsLong(), edge.transition(), edge.from(), otherState))),
                    Rule.HISTORY_NAMES_DECLARED_EDGES, null, null,
                    "a history row for transition " + edge.transition() + " from " + edge.from()
                            + " to " + otherState + ", which is no declared edge,",
                    SqlStates.FOREIGN_KEY_VIOLATION, SqlStates.HISTORY_IS_APPEND_ONLY, SqlStates.INSUFFICIENT_PRIVILEGE);
        }
    }

    /** A {@code @References} field naming no row of its workflow is refused, in every state that may set it. */
    private void referencesEnforced() throws SQLException {
        for (FieldDescriptor field : workflow.fields()) {
            if (field.reference() == null) {
                continue;
            }
            for (StateDescriptor state : workflow.states()) {
                if (state.nullFields().contains(field.name())) {
                    continue;
                }
                OptionalLong row = rowIn(state.name(), 1);
                if (row.isEmpty()) {
                    continue;
                }
                checks++;
                // Ids are generated from 1 up: no row has a negative one.
                expectRefusal(session.tryOut(c -> rows.update(c, row.getAsLong(), Map.of(field.column(), -1L))),
                        Rule.REFERENCE_ENFORCED, state.name(), field.name(),
                        "a row in " + state.name() + " whose " + field.name() + " names no row of "
                                + field.reference().workflow().name(),
                        SqlStates.FOREIGN_KEY_VIOLATION);
            }
        }
    }

    /**
     * A {@code @Unique} field's value is refused to a second row in the states it is unique among,
     * and accepted in the others.
     */
    private void uniqueAmongStates() throws SQLException {
        for (FieldDescriptor field : workflow.fields()) {
            if (field.unique() == null) {
                continue;
            }
            List<StateDescriptor> settable = workflow.states().stream()
                    .filter(state -> !state.nullFields().contains(field.name())).toList();
            Optional<StateDescriptor> among = settable.stream()
                    .filter(state -> field.unique().appliesIn(state.name()) && rowIn(state.name(), 0).isPresent())
                    .findFirst();
            if (among.isEmpty()) {
                continue;
            }
            String state = among.get().name();
            long first = rowIn(state, 0).getAsLong();
            Object value = samples.of(field);
            checks++;
            boolean[] probing = {false};
            SQLException refusal = session.tryOut(c -> {
                session.keep(inner -> rows.update(inner, first, Map.of(field.column(), value)));
                OptionalLong second = makeRowIn(state);
                if (second.isEmpty()) {
                    throw new SQLException("no second row in " + state + " could be made");
                }
                probing[0] = true;
                return rows.update(c, second.getAsLong(), Map.of(field.column(), value));
            });
            if (refusal != null && !probing[0]) {
                fail(Rule.UNIQUE_AMONG_STATES, state, field.name(), "two rows in " + state + " could not be made"
                        + " to check that " + field.name() + " is unique: " + describe(refusal));
                continue;
            }
            expectRefusal(refusal, Rule.UNIQUE_AMONG_STATES, state, field.name(),
                    "a second row in " + state + " with the same " + field.name(), SqlStates.UNIQUE_VIOLATION);
            for (StateDescriptor other : settable) {
                OptionalLong row = field.unique().appliesIn(other.name()) ? OptionalLong.empty() : rowIn(other.name(), 0);
                if (row.isEmpty()) {
                    continue;
                }
                checks++;
                SQLException refused = session.tryOut(c -> {
                    rows.update(c, first, Map.of(field.column(), value));
                    return rows.update(c, row.getAsLong(), Map.of(field.column(), value));
                });
                if (refused != null) {
                    fail(Rule.UNIQUE_AMONG_STATES, other.name(), field.name(), "a row in " + other.name()
                            + " sharing " + field.name() + " with a row in " + state + " was refused, but "
                            + field.name() + " is unique only in " + String.join(", ", field.unique().states())
                            + ": " + describe(refused));
                }
            }
        }
    }

    WorkflowDescriptor workflow() {
        return workflow;
    }

    Session session() {
        return session;
    }

    Rows rows() {
        return rows;
    }

    /** The workflow's table as the SQL names it. */
    String table() {
        return table;
    }

    /** Counts one check tried. */
    void tried() {
        checks++;
    }

    /** Counts one check that could not run, for a reason another check reports. */
    void couldNotRun() {
        notRun++;
    }

    /**
     * A row in the state, made along the shortest path of declared edges from an initial state,
     * once; empty when the database refused a step, which the create and edge checks report.
     * {@code dependentChecks} are counted as not run when there is no row.
     */
    OptionalLong rowIn(String state, int dependentChecks) {
        OptionalLong row = made.computeIfAbsent(state, this::makeRowIn);
        if (row.isEmpty()) {
            notRun += dependentChecks;
        }
        return row;
    }

    private OptionalLong makeRowIn(String state) {
        List<EdgeDescriptor> path = rows.pathTo(state);
        if (path == null) {
            return OptionalLong.empty();
        }
        OptionalLong start = made.get(path.get(0).from());
        if (start == null || start.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(session.keep(c -> rows.makeIn(c, state)));
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }

    private List<Object> stateAndVersion(long rowId) throws SQLException {
        return session.keep(c -> Session.query(c, "SELECT " + quote(workflow.stateColumn()) + ", "
                + quote(Columns.VERSION) + " FROM " + table + " WHERE " + quote(id) + " = ?",
                List.of(rowId)).get(0));
    }

    private List<String> history(Connection c, long rowId) throws SQLException {
        String sql = "SELECT " + String.join(", ", History.TRANSITION, History.FROM_STATE, History.TO_STATE,
                History.ACTOR, History.REASON) + " FROM "
                + quote(workflow.historyTable()) + " WHERE " + quote(workflow.historyEntityColumn())
                + " = ? ORDER BY " + quote(id);
        List<String> entries = new ArrayList<>();
        for (List<Object> row : Session.query(c, sql, List.of(rowId))) {
            entries.add(row.get(0) + ": " + row.get(1) + " -> " + row.get(2) + " by " + row.get(3)
                    + " because " + row.get(4));
        }
        return entries;
    }

    /**
     * A value the field's Java type cannot hold is refused in a state that allows the field: NaN
     * and infinities in a {@code BigDecimal}'s numeric (a numeric with a precision refuses the
     * infinities itself, {@code 22003}), infinite dates and timestamps, a JSON {@code null}.
     */
    private void valuesTheJavaTypeHolds() throws SQLException {
        for (FieldDescriptor field : workflow.fields()) {
            List<String> values = switch (field.javaType().getName()) {
                case "java.math.BigDecimal" -> List.of("NaN", "Infinity", "-Infinity");
                case "java.time.LocalDate", "java.time.LocalDateTime", "java.time.OffsetDateTime",
                        "java.time.Instant" -> List.of("infinity", "-infinity");
                case "org.jooq.JSONB" -> List.of("null");
                default -> List.of();
            };
            Optional<StateDescriptor> state = workflow.states().stream()
                    .filter(s -> !s.nullFields().contains(field.name())).findFirst();
            for (String value : state.isEmpty() ? List.<String>of() : values) {
                OptionalLong row = rowIn(state.get().name(), 1);
                if (row.isEmpty()) {
                    continue;
                }
                checks++;
                expectRefusal(session.tryOut(c -> Session.execute(c, "UPDATE " + table + " SET "
                                + quote(field.column()) + " = '" + value + "' WHERE " + quote(id) + " = ?",
                                List.of(row.getAsLong()))),
                        Rule.VALUES_THE_JAVA_TYPE_HOLDS, state.get().name(), field.name(),
                        "a row in " + state.get().name() + " with " + field.name() + " = '" + value + "', which "
                                + field.javaType().getSimpleName() + " cannot hold,",
                        SqlStates.CHECK_VIOLATION, SqlStates.NUMERIC_VALUE_OUT_OF_RANGE);
            }
        }
    }

    /**
     * Each rule between fields, broken by a plain edit of a row in each state it holds in, with the
     * values the descriptor derived from it: its own CHECK must refuse them. In the other states
     * the same values must not be refused by it. A rule without such values, or a state where one
     * of its fields must be NULL or another constraint refuses first, is left untried, and said so.
     */
    private void rulesBetweenFields() throws SQLException {
        for (RuleDescriptor rule : workflow.rules()) {
            String named = "rule " + rule.label() + " (" + rule.constraint() + ")";
            if (rule.breaking().isEmpty()) {
                untried.add(named + ": Statewise found no values that break it, such as a rule only NULL breaks");
                continue;
            }
            // In the order the rule reads its fields, so that the report reads the same each time.
            List<String> read = rule.fields().stream().filter(rule.breaking()::containsKey).toList();
            Map<String, Object> breaking = new LinkedHashMap<>();
            read.forEach(name -> breaking.put(workflow.field(name).orElseThrow().column(),
                    Samples.fromText(workflow, name, rule.breaking().get(name))));
            String values = read.stream().map(name -> name + " = " + rule.breaking().get(name))
                    .collect(Collectors.joining(", "));
            for (StateDescriptor state : workflow.states()) {
                boolean holds = rule.holdsIn(state.name());
                List<String> keptNull = read.stream().filter(state.nullFields()::contains).toList();
                if (!keptNull.isEmpty()) {
                    if (holds) {
                        untried.add(named + " in " + state.name() + ": " + String.join(", ", keptNull)
                                + " must be NULL there");
                    }
                    continue;
                }
                OptionalLong row = rowIn(state.name(), holds ? 1 : 0);
                if (row.isEmpty()) {
                    continue;
                }
                SQLException refusal = session.tryOut(c -> rows.update(c, row.getAsLong(), breaking));
                String refusedBy = constraintOf(refusal);
                String attempt = "a row in " + state.name() + " edited to " + values + ", which break " + named;
                if (refusal != null && !rule.constraint().equals(refusedBy)) {
                    if (holds) {
                        untried.add(attempt + ": refused first by " + (refusedBy != null ? refusedBy
                                : "SQLSTATE " + refusal.getSQLState()) + ", " + describe(refusal));
                    }
                    continue;
                }
                checks++;
                if (holds && refusal == null) {
                    fail(Rule.RULE_BETWEEN_FIELDS, state.name(), null, attempt + ", was accepted: its CHECK is "
                            + "missing, or weaker than the rule");
                } else if (!holds && refusal != null) {
                    fail(Rule.RULE_BETWEEN_FIELDS, state.name(), null, attempt + ", was refused by it, but the "
                            + "rule holds only in " + String.join(", ", rule.states()));
                }
            }
        }
    }

    /** The constraint the database named in its refusal, or null. */
    private static String constraintOf(SQLException refusal) {
        return refusal instanceof PSQLException psql && psql.getServerErrorMessage() != null
                ? psql.getServerErrorMessage().getConstraint() : null;
    }

    private void expectRefusal(SQLException refusal, Rule rule, String state, String field,
            String attempt, String... expectedStates) {
        if (refusal == null) {
            fail(rule, state, field, attempt + " was accepted");
        } else if (!List.of(expectedStates).contains(refusal.getSQLState())) {
            fail(rule, state, field, attempt + " was refused, but not by this rule (expected SQLSTATE "
                    + String.join(" or ", expectedStates) + "): " + describe(refusal));
        }
    }

    void fail(Rule rule, String state, String field, String message) {
        findings.add(new Finding(workflow.name(), rule, state, field, message));
    }
}
