package dev.statewise.conformance;

import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.FieldDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One attack's connection, inside one transaction that is rolled back: what the attack needs
 * before it strikes (rows, counts) is staged here, and a failure to stage is told apart from the
 * database refusing the attack itself, which is what the rules ask for.
 */
final class Stage {

    /** What an attack needed and could not have: not a refusal of the attack. */
    static final class Unstaged extends Exception {

        private final Rule rule;
        private final String state;

        Unstaged(Rule rule, String state, String message, SQLException cause) {
            super(message, cause);
            this.rule = rule;
            this.state = state;
        }

        Rule rule() {
            return rule;
        }

        String state() {
            return state;
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }

    private final Attacker attacker;
    private final Connection connection;
    private Rows rows;

    Stage(Attacker attacker, Connection connection) {
        this.attacker = attacker;
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The workflow's rows on this connection, with rows made here for its references. */
    Rows rows() throws Unstaged {
        if (rows == null) {
            WorkflowDescriptor workflow = attacker.workflow();
            Map<String, Object> given = Samples.keepingRules(workflow, attacker.givenSamples());
            Map<String, Long> referenced = new HashMap<>();
            for (FieldDescriptor field : workflow.fields()) {
                if (field.reference() != null && !given.containsKey(field.name())) {
                    WorkflowDescriptor target = field.reference().workflow();
                    given.put(field.name(), staged(Rule.SCHEMA_PRESENT, null, "a row of " + target.name()
                            + " for " + field.name() + " to reference",
                            () -> Rows.rowOf(connection, target, referenced)));
                }
            }
            rows = new Rows(workflow, attacker.table(), new Samples(given, attacker.tableColumns()));
        }
        return rows;
    }

    /** A new row in the state, brought there along declared edges. */
    long rowIn(String state) throws Unstaged {
        Rows rows = rows();
        WorkflowDescriptor workflow = attacker.workflow();
        List<EdgeDescriptor> path = workflow.state(state).orElseThrow().initial() ? List.of() : rows.pathTo(state);
        if (path == null) {
            // The attacks start only from states that Attacker#reachableEdge found reachable.
            throw new IllegalStateException("no declared edges lead to " + state);
        }
        String start = path.isEmpty() ? state : path.get(0).from();
        long row = staged(Rule.CREATE_IN_INITIAL_STATE, start, "a new row in " + start,
                () -> rows.insert(connection, rows.arrivalIn(start, false)));
        for (EdgeDescriptor edge : path) {
            staged(Rule.DECLARED_EDGE_ACCEPTED, edge.from(), "transition " + edge.transition() + " from "
                    + edge.from() + " to " + edge.to(), () -> rows.take(connection, row, edge));
        }
        return row;
    }

    /** A new row that has taken the edge, and so has history. */
    long rowAfter(EdgeDescriptor edge) throws Unstaged {
        long row = rowIn(edge.from());
        Rows rows = rows();
        staged(Rule.DECLARED_EDGE_ACCEPTED, edge.from(), "transition " + edge.transition() + " from "
                + edge.from() + " to " + edge.to(), () -> rows.take(connection, row, edge));
        return row;
    }

    /** How many rows the workflow's real history holds for the row. */
    long historyOf(long row, Rule rule) throws Unstaged {
        return staged(rule, null, "the history of " + attacker.workflow().table() + " " + row,
                () -> count("SELECT count(*) FROM " + attacker.history() + " WHERE "
                        + quote(attacker.workflow().historyEntityColumn()) + " = " + row));
    }

    /** A count read for the attack's verdict; failing to read it is no refusal of the attack. */
    long counted(Rule rule, String what, String sql) throws Unstaged {
        return staged(rule, null, what, () -> count(sql));
    }

    /** The one row a query for the attack's verdict reads. */
    List<Object> read(Rule rule, String what, String sql) throws Unstaged {
        return staged(rule, null, what, () -> query(sql).get(0));
    }

    /**
     * A table named like {@code name}, in {@code schema} ({@code pg_temp} for a temporary one),
     * with the given columns and no constraint, that every role may read and write: the owner's
     * functions too, which run with the owner's rights.
     */
    void shadow(String schema, String name, Map<String, String> columns) throws SQLException {
        String table = schema + "." + quote(name);
        execute("CREATE TABLE " + table + " (" + columns.entrySet().stream()
                .map(column -> quote(column.getKey()) + " " + column.getValue())
                .collect(Collectors.joining(", ")) + ")");
        execute("GRANT ALL ON " + table + " TO PUBLIC");
    }

    /**
     * Forgets the plans this session has cached, PL/pgSQL's among them: a plan made before a
     * shadowing table existed would still name the real one and hide the attack. A pooled
     * connection may have such plans from before the attack began.
     */
    void forgetPlans() throws SQLException {
        execute("DISCARD PLANS");
    }

    int execute(String sql, Object... values) throws SQLException {
        return Session.execute(connection, sql, List.of(values));
    }

    List<List<Object>> query(String sql, Object... values) throws SQLException {
        return Session.query(connection, sql, List.of(values));
    }

    /** Runs the statement in a savepoint; returns the refusal, or null when it was accepted. */
    SQLException tryOut(String sql) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.releaseSavepoint(savepoint);
            return null;
        } catch (SQLException e) {
            connection.rollback(savepoint);
            return e;
        }
    }

    private long count(String sql) throws SQLException {
        return ((Number) query(sql).get(0).get(0)).longValue();
    }

    /** Work that stages an attack. */
    interface Staging<T> {
        T run() throws SQLException;
    }

    private <T> T staged(Rule rule, String state, String what, Staging<T> work) throws Unstaged {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new Unstaged(rule, state, what, e);
        }
    }
}
