package dev.statewise.processor.database;

import dev.statewise.processor.model.Edge;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Drives a workflow's table with plain SQL, the way a second service or a script would, using
 * the model only to know which states, edges and fields there are. Each statement runs in its own
 * transaction.
 */
final class WorkflowDriver {

    private final Workflow workflow;
    private final DataSource dataSource;

    WorkflowDriver(Workflow workflow, DataSource dataSource) {
        this.workflow = workflow;
        this.dataSource = dataSource;
    }

    /** A NULL in an assignment map. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    /** Inserts a row in the initial state with the fields that state requires. */
    long create(String initialState) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(workflow.stateColumn(), initialState);
        for (Field field : workflow.fields()) {
            if (field.requiredIn(initialState)) {
                values.put(field.column(), sample(field));
            }
        }
        return insert(values);
    }

    long insert(Map<String, Object> values) throws SQLException {
        String sql = "INSERT INTO " + workflow.table() + " (" + String.join(", ", values.keySet())
                + ") VALUES (" + values.keySet().stream().map(c -> "?").collect(Collectors.joining(", "))
                + ") RETURNING " + Naming.ID;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values.values());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A new row brought into the state along the shortest path of declared edges. */
    long rowIn(String state) throws SQLException {
        List<Edge> path = pathTo(state);
        String start = path.isEmpty() ? state : path.get(0).from();
        long id = create(start);
        for (Edge edge : path) {
            take(id, edge);
        }
        return id;
    }

    /** Takes the edge with plain SQL, supplying what its target requires and clearing what it forbids. */
    void take(long id, Edge edge) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            take(connection, id, edge);
        }
    }

    void take(Connection connection, long id, Edge edge) throws SQLException {
        Map<String, Object> assignments = arrivalIn(edge.to());
        assignments.put(Naming.TRANSITION, edge.name());
        update(connection, id, assignments);
    }

    /** The assignments that make a row satisfy the state: its state, required fields, cleared fields. */
    Map<String, Object> arrivalIn(String state) {
        Map<String, Object> assignments = new LinkedHashMap<>();
        assignments.put(workflow.stateColumn(), state);
        for (Field field : workflow.fields()) {
            if (field.requiredIn(state)) {
                assignments.put(field.column(), sample(field));
            } else if (field.nullIn(state)) {
                assignments.put(field.column(), NULL);
            }
        }
        return assignments;
    }

    void update(long id, Map<String, Object> assignments) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            update(connection, id, assignments);
        }
    }

    /**
     * Updates the row on the given connection, naming the table with the connection's schema, so
     * that nothing the session created can stand in for it.
     */
    void update(Connection connection, long id, Map<String, Object> assignments) throws SQLException {
        String sql = "UPDATE " + connection.getSchema() + "." + workflow.table() + " SET "
                + assignments.keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + Naming.ID + " = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            List<Object> values = new ArrayList<>(assignments.values());
            values.add(id);
            bind(statement, values);
            int updated = statement.executeUpdate();
            if (updated != 1) {
                throw new AssertionError("updated " + updated + " rows for id " + id);
            }
        }
    }

    /** Runs the action on one new connection: a session of its own, with its own temporary tables. */
    void onOneConnection(ConnectionAction action) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            action.run(connection);
        }
    }

    interface ConnectionAction {
        void run(Connection connection) throws SQLException;
    }

    /** Runs SQL that must refuse, returning the error. */
    SQLException refused(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("PostgreSQL accepted what it must refuse");
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    /** The row's columns, by name, as PostgreSQL returns them. */
    Map<String, Object> row(long id) throws SQLException {
        return single("SELECT * FROM " + workflow.table() + " WHERE " + Naming.ID + " = ?", id);
    }

    /** The columns of a table, in order, as a query of all of them returns them. */
    List<String> columns(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + table + " LIMIT 0");
                ResultSet rs = statement.executeQuery()) {
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnName(i));
            }
            return columns;
        }
    }

    String stateOf(long id) throws SQLException {
        return (String) row(id).get(workflow.stateColumn());
    }

    /** The history rows of the entity: transition, from, to, in order. */
    List<String> history(long id) throws SQLException {
        String sql = "SELECT transition, from_state, to_state FROM " + Naming.historyTable(workflow)
                + " WHERE " + Naming.historyEntityColumn(workflow) + " = ? ORDER BY " + Naming.ID;
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ": " + rs.getString(2) + " -> " + rs.getString(3));
                }
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private Map<String, Object> single(String sql, long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row " + id);
                }
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return row;
            }
        }
    }

    /** The shortest path of state-changing edges from an initial state. */
    List<Edge> pathTo(String state) {
        Map<String, Edge> arrivedBy = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        workflow.initialStates().forEach(s -> queue.add(s.name()));
        List<String> seen = new ArrayList<>(queue);
        while (!queue.isEmpty()) {
            String current = queue.poll();
            if (current.equals(state)) {
                List<Edge> path = new ArrayList<>();
                for (String s = state; arrivedBy.containsKey(s); s = arrivedBy.get(s).from()) {
                    path.add(0, arrivedBy.get(s));
                }
                return path;
            }
            for (Edge edge : workflow.edges()) {
                if (edge.from().equals(current) && !seen.contains(edge.to())) {
                    seen.add(edge.to());
                    arrivedBy.put(edge.to(), edge);
                    queue.add(edge.to());
                }
            }
        }
        throw new AssertionError(state + " is unreachable");
    }

    /** A valid value of the field's type, as JDBC binds it. */
    static Object sample(Field field) {
        return switch (field.type().kind()) {
            case STRING -> "sample " + field.name();
            case BOOLEAN -> true;
            case INTEGER -> 7;
            case LONG -> 7L;
            case DECIMAL -> new BigDecimal("12.50");
            case UUID -> UUID.fromString("00000000-0000-0000-0000-000000000007");
            case LOCAL_DATE -> LocalDate.of(2026, 11, 21);
            case LOCAL_DATE_TIME -> LocalDateTime.of(2026, 11, 21, 12, 0);
            case OFFSET_DATE_TIME -> OffsetDateTime.of(2026, 11, 21, 12, 0, 0, 0, ZoneOffset.UTC);
            case INSTANT -> OffsetDateTime.ofInstant(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
            case ENUM -> field.type().enumConstants().get(0);
            case BYTES -> new byte[] {1, 2, 3};
            case JSON -> jsonb("{\"sample\": \"" + field.name() + "\"}");
            case UNSUPPORTED -> throw new AssertionError(field);
        };
    }

    /** A jsonb value as JDBC binds it: a string alone would be bound as varchar, which jsonb refuses. */
    private static Object jsonb(String json) {
        try {
            org.postgresql.util.PGobject value = new org.postgresql.util.PGobject();
            value.setType("jsonb");
            value.setValue(json);
            return value;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement statement, Iterable<Object> values) throws SQLException {
        int i = 1;
        for (Object value : values) {
            if (value == NULL) {
                statement.setNull(i++, java.sql.Types.NULL);
            } else {
                statement.setObject(i++, value);
            }
        }
    }
}
