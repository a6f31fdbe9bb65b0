package dev.statewise.conformance;

import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.FieldDescriptor;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows of one workflow written with plain SQL, the way a second service would: a new row in a
 * state's shape, a transition taken, a row brought to a state along declared edges.
 */
final class Rows {

    private final WorkflowDescriptor workflow;
    private final String table;
    private final Samples samples;

    /**
     * @param table the workflow's table as the SQL names it: quoted, and qualified when a table of
     *     the same name may stand earlier on the search_path
     */
    Rows(WorkflowDescriptor workflow, String table, Samples samples) {
        this.workflow = workflow;
        this.table = table;
        this.samples = samples;
    }

    Samples samples() {
        return samples;
    }

    /**
     * What makes a row satisfy the state: the state, a sample of each field it requires, and, for
     * an update, NULL in each field it forbids. A new row leaves those NULL by default.
     */
    Map<String, Object> arrivalIn(String state, boolean update) {
        StateDescriptor descriptor = workflow.state(state).orElseThrow();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(workflow.stateColumn(), state);
        for (String name : descriptor.requiredFields()) {
            FieldDescriptor field = workflow.field(name).orElseThrow();
            values.put(field.column(), samples.of(field));
        }
        if (update) {
            for (String name : descriptor.nullFields()) {
                values.put(workflow.field(name).orElseThrow().column(), Session.NULL);
            }
        }
        return values;
    }

    /** Inserts a row with the values; returns its id. */
    long insert(Connection c, Map<String, Object> values) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + Session.quoteAll(values.keySet()) + ") VALUES ("
                + values.keySet().stream().map(column -> "?").collect(Collectors.joining(", "))
                + ") RETURNING " + quote(Columns.ID);
        return ((Number) Session.query(c, sql, values.values()).get(0).get(0)).longValue();
    }

    /** Updates the row; fails unless exactly that row was updated. */
    Void update(Connection c, long rowId, Map<String, Object> assignments) throws SQLException {
        String sql = "UPDATE " + table + " SET " + assignments.keySet().stream()
                .map(column -> quote(column) + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + quote(Columns.ID) + " = ?";
        List<Object> values = new ArrayList<>(assignments.values());
        values.add(rowId);
        int updated = Session.execute(c, sql, values);
        if (updated != 1) {
            throw new SQLException("updated " + updated + " rows of " + workflow.table() + " for id " + rowId);
        }
        return null;
    }

    /** Takes the edge, naming its transition, with what its target state requires. */
    Void take(Connection c, long rowId, EdgeDescriptor edge) throws SQLException {
        Map<String, Object> assignments = arrivalIn(edge.to(), true);
        assignments.put(Columns.TRANSITION, edge.transition());
        return update(c, rowId, assignments);
    }

    /**
     * A new row in the state: made in an initial state and brought along {@link #pathTo}.
     *
     * @throws SQLException as the database refused the insert or an edge on the way, or when no
     *     path of declared edges reaches the state
     */
    long makeIn(Connection c, String state) throws SQLException {
        if (workflow.state(state).orElseThrow().initial()) {
            return insert(c, arrivalIn(state, false));
        }
        List<EdgeDescriptor> path = pathTo(state);
        if (path == null) {
            throw new SQLException("no declared edges lead to " + state);
        }
        long row = insert(c, arrivalIn(path.get(0).from(), false));
        for (EdgeDescriptor edge : path) {
            take(c, row, edge);
        }
        return row;
    }

    /** The shortest path of state-changing edges from an initial state; null if there is none. */
    List<EdgeDescriptor> pathTo(String state) {
        Map<String, EdgeDescriptor> arrivedBy = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        workflow.initialStates().forEach(s -> queue.add(s.name()));
        List<String> seen = new ArrayList<>(queue);
        while (!queue.isEmpty()) {
            String current = queue.poll();
            if (current.equals(state)) {
                List<EdgeDescriptor> path = new ArrayList<>();
                for (String s = state; arrivedBy.containsKey(s); s = arrivedBy.get(s).from()) {
                    path.add(0, arrivedBy.get(s));
                }
                return path.isEmpty() ? null : path;
            }
            for (EdgeDescriptor edge : workflow.edgesFrom(current)) {
                if (!seen.contains(edge.to())) {
                    seen.add(edge.to());
                    arrivedBy.put(edge.to(), edge);
                    queue.add(edge.to());
                }
            }
        }
        return null;
    }

    /** Each column of the table and its SQL type; empty when the table is not there. */
    static Map<String, String> columnTypes(Connection c, String quotedTable) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<Object> column : Session.query(c, "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum", List.of(quotedTable))) {
            types.put((String) column.get(0), (String) column.get(1));
        }
        return types;
    }

    /**
     * A row of a workflow that a field references, in its first initial state with sample values
     * (and rows of its own references), for the fields that need an existing id. One row per
     * table, kept in {@code made}: every reference to a workflow points at it, so two references
     * never make two rows whose unique fields would collide.
     */
    static long rowOf(Connection c, WorkflowDescriptor target, Map<String, Long> made) throws SQLException {
        Long existing = made.get(target.table());
        if (existing != null) {
            return existing;
        }
        Map<String, Object> ids = Samples.keepingRules(target, Map.of());
        for (FieldDescriptor field : target.fields()) {
            if (field.reference() != null) {
                ids.put(field.name(), rowOf(c, field.reference().workflow(), made));
            }
        }
        Samples targetSamples = new Samples(ids, columnTypes(c, quote(target.table())));
        StateDescriptor initial = target.initialStates().get(0);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(target.stateColumn(), initial.name());
        for (String name : initial.requiredFields()) {
            FieldDescriptor field = target.field(name).orElseThrow();
            values.put(field.column(), targetSamples.of(field));
        }
        long row = new Rows(target, quote(target.table()), targetSamples).insert(c, values);
        made.put(target.table(), row);
        return row;
    }
}
