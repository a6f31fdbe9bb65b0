package dev.statewise.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One client thread of one design: its own connection, its statements prepared once, and its own
 * slice of rows, which it moves round the loop one transition per call.
 */
abstract class Worker implements AutoCloseable {

    protected final Connection connection;
    private final Rows rows;
    private final int from;
    private final int to;
    private int next;

    Worker(Connection connection, Rows rows, int from, int to) {
        this.connection = connection;
        this.rows = rows;
        this.from = from;
        this.to = to;
        this.next = from;
    }

    /** Moves the next row of the slice along the loop's next edge; anything but one changed row throws. */
    final void transition() throws SQLException {
        int k = next;
        next = next + 1 == to ? from : next + 1;
        boolean inReview = rows.inReview[k];
        transition(rows.ids[k],
                inReview ? Design.IN_REVIEW : Design.IN_PROGRESS,
                inReview ? Design.IN_PROGRESS : Design.IN_REVIEW,
                inReview ? Design.REQUEST_CHANGES : Design.SUBMIT,
                rows.versions[k]);
        rows.inReview[k] = !inReview;
        rows.versions[k]++;
        rows.transitions[k]++;
    }

    abstract void transition(long id, String fromState, String toState, String edge, long version)
            throws SQLException;

    static void expectOneRow(int updated, long id) {
        if (updated != 1) {
            throw new IllegalStateException("Task " + id + ": " + updated + " rows updated, expected 1. "
                    + "No other client touches this row, so its state or version went wrong.");
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    static final class Bare extends Worker {
        private final PreparedStatement update;

        Bare(Connection connection, Rows rows, int from, int to) throws SQLException {
            super(connection, rows, from, to);
            update = connection.prepareStatement("UPDATE bare.task SET status = ?, reviewer = ? WHERE id = ?");
        }

        @Override
        void transition(long id, String fromState, String toState, String edge, long version) throws SQLException {
            update.setString(1, toState);
            update.setString(2, Design.REVIEWER);
            update.setLong(3, id);
            expectOneRow(update.executeUpdate(), id);
        }
    }

    static final class Statewise extends Worker {
        private final PreparedStatement update;

        /** A client of {@code table}, qualified: {@code statewise.task}, or a schema of the task board's copies. */
        Statewise(Connection connection, Rows rows, int from, int to, String table) throws SQLException {
            super(connection, rows, from, to);
            update = connection.prepareStatement(
                    "UPDATE " + table + " SET status = ?, reviewer = ?, transition = ?, transition_actor = ?"
                            + " WHERE id = ? AND status = ? AND version = ?");
        }

        @Override
        void transition(long id, String fromState, String toState, String edge, long version) throws SQLException {
            update.setString(1, toState);
            update.setString(2, Design.REVIEWER);
            update.setString(3, edge);
            update.setString(4, Design.ACTOR);
            update.setLong(5, id);
            update.setString(6, fromState);
            update.setLong(7, version);
            expectOneRow(update.executeUpdate(), id);
        }
    }

    static final class Naive extends Worker {
        private final PreparedStatement update;
        private final PreparedStatement history;

        Naive(Connection connection, Rows rows, int from, int to) throws SQLException {
            super(connection, rows, from, to);
            connection.setAutoCommit(false);
            update = connection.prepareStatement(
                    "UPDATE naive.task SET status = ?, reviewer = ?, updated_at = now(), version = version + 1"
                            + " WHERE id = ? AND version = ?");
            history = connection.prepareStatement(
                    "INSERT INTO naive.task_history (task_id, transition, from_state, to_state, actor)"
                            + " VALUES (?, ?, ?, ?, ?)");
        }

        @Override
        void transition(long id, String fromState, String toState, String edge, long version) throws SQLException {
            try {
                update.setString(1, toState);
                update.setString(2, Design.REVIEWER);
                update.setLong(3, id);
                update.setLong(4, version);
                expectOneRow(update.executeUpdate(), id);
                history.setLong(1, id);
                history.setString(2, edge);
                history.setString(3, fromState);
                history.setString(4, toState);
                history.setString(5, Design.ACTOR);
                history.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
