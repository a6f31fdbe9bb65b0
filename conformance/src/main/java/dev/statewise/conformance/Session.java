package dev.statewise.conformance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One connection inside one transaction, where every statement runs in a savepoint: a refused
 * statement does not abort the transaction, and a probe's effect is undone whether the database
 * accepted it or not.
 */
final class Session {

    /** A NULL among the values of a statement. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    private final Connection connection;

    Session(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            // Constraints declared DEFERRABLE would otherwise wait for a commit that never comes.
            statement.execute("SET CONSTRAINTS ALL IMMEDIATE");
            // A check should fail, not hang, behind another transaction's lock.
            statement.execute("SET LOCAL lock_timeout = '10s'");
        }
    }

    /** Work with the connection that may fail. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs the work and keeps its effect; on failure undoes it and rethrows. */
    <T> T keep(Work<T> work) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            T result = work.run(connection);
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            throw e;
        }
    }

    /** Runs the work and undoes its effect, returning the database's refusal, or null. */
    SQLException tryOut(Work<?> work) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            work.run(connection);
            return null;
        } catch (SQLException e) {
            return e;
        } finally {
            connection.rollback(savepoint);
        }
    }

    /** Executes one statement with its values bound in order; returns the update count. */
    static int execute(Connection connection, String sql, Collection<?> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            return statement.executeUpdate();
        }
    }

    /** The rows of a query, each as its columns' values. */
    static List<List<Object>> query(Connection connection, String sql, Collection<?> values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                List<List<Object>> rows = new ArrayList<>();
                while (result.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** The refusal in one line: its SQLSTATE and the first line of its message. */
    static String describe(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return "SQLSTATE " + e.getSQLState() + ": " + message.replaceFirst("^ERROR: ", "");
    }

    /** A name quoted as PostgreSQL stores it, so that no name is folded or read as a keyword. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String quoteAll(Collection<String> identifiers) {
        return identifiers.stream().map(Session::quote).collect(Collectors.joining(", "));
    }

    private static void bind(PreparedStatement statement, Collection<?> values) throws SQLException {
        int index = 1;
        for (Object value : values) {
            if (value == NULL) {
                statement.setNull(index++, Types.NULL);
            } else {
                statement.setObject(index++, value);
            }
        }
    }
}
