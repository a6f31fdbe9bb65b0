package dev.statewise.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of the durability run: its own connection, as the application role, on the rows every
 * writer shares. Each attempt is one transaction at the connection's isolation level: read the
 * row's state and version, pick a move from that state, make it with a compare-and-set UPDATE, and
 * commit. A transition counts as acknowledged only once COMMIT has returned.
 *
 * <p>What contention does to an attempt is counted, never hidden: a compare-and-set that finds the
 * row moved (0 rows, the READ COMMITTED outcome) and a serialization failure (40001, the outcome at
 * REPEATABLE READ and SERIALIZABLE) roll back, and the next attempt reads a row afresh. One attempt
 * in {@value #FORBIDDEN_EVERY} is a forbidden write (an undeclared edge, or a field the target state
 * requires left NULL), which must be refused with its SQLSTATE. Any other error ends the run,
 * except a lost connection, which ends this writer: when the connection dies during COMMIT, the
 * outcome is unknown and the change is kept as in doubt.
 */
final class ContendingWriter implements AutoCloseable {

    static final int FORBIDDEN_EVERY = 16;

    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK = "40P01";

    private final Connection connection;
    private final Moves moves;
    private final long[] ids;
    private final Random random;
    private final String actor;
    private final PreparedStatement read;
    private final Map<String, PreparedStatement> updates = new HashMap<>();

    private long attempts;
    private long stale;
    private long serializationFailures;
    private long deadlocks;
    private long refused;
    private final List<String> accepted = new ArrayList<>();
    private final List<Change> acknowledged = new ArrayList<>();
    private Change inDoubt;
    private String connectionLost;

    ContendingWriter(Connection connection, int isolation, Moves moves, String table, String stateColumn,
            long[] ids, long seed, String actor) throws SQLException {
        this.connection = connection;
        this.moves = moves;
        this.ids = ids;
        this.random = new Random(seed);
        this.actor = actor;
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(isolation);
        read = connection.prepareStatement("SELECT " + stateColumn + ", version FROM " + table + " WHERE id = ?");
        for (String sql : moves.statements()) {
            updates.put(sql, connection.prepareStatement(sql));
        }
    }

    /** Makes attempts until {@code stop} is set or the connection is lost. */
    void run(AtomicBoolean stop) throws SQLException {
        while (!stop.get() && connectionLost == null) {
            attempt();
        }
    }

    private void attempt() throws SQLException {
        attempts++;
        long id = ids[random.nextInt(ids.length)];
        Change committing = null;
        try {
            String state;
            long version;
            read.setLong(1, id);
            try (ResultSet rs = read.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("Task " + id + " is gone");
                }
                state = rs.getString(1);
                version = rs.getLong(2);
            }
            List<Moves.Move> forbidden = moves.forbiddenFrom(state);
            boolean tryForbidden = !forbidden.isEmpty() && random.nextInt(FORBIDDEN_EVERY) == 0;
            Moves.Move move = pick(tryForbidden ? forbidden : moves.from(state));
            int updated;
            try {
                updated = bind(move, id, version).executeUpdate();
            } catch (SQLException e) {
                if (move.forbidden() && move.refusedWith().equals(e.getSQLState())) {
                    refused++;
                    connection.rollback();
                    return;
                }
                throw e;
            }
            if (updated == 0) {
                stale++;
                connection.rollback();
                return;
            }
            if (updated != 1) {
                throw new IllegalStateException("Task " + id + ": " + updated + " rows updated by one id");
            }
            if (move.forbidden()) {
                accepted.add(move.label() + " on task " + id);
                connection.rollback();
                return;
            }
            committing = new Change(id, version + 1, move.transition(), move.from(), move.to());
            connection.commit();
            acknowledged.add(committing);
        } catch (SQLException e) {
            if (lost(e)) {
                inDoubt = committing;
                return;
            }
            switch (String.valueOf(e.getSQLState())) {
                case SERIALIZATION_FAILURE -> serializationFailures++;
                case DEADLOCK -> deadlocks++;
                default -> throw e;
            }
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                if (!lost(rollback)) {
                    throw rollback;
                }
            }
        }
    }

    /**
     * Whether the error says the connection is gone: an I/O error (class 08), or the server ending
     * the session because it is shutting down or restarting after a crash (57P01 to 57P03).
     */
    private boolean lost(SQLException e) {
        String sqlState = e.getSQLState() == null ? "" : e.getSQLState();
        if (sqlState.startsWith("08") || sqlState.startsWith("57P")) {
            connectionLost = sqlState + ": " + e.getMessage();
            return true;
        }
        return false;
    }

    private Moves.Move pick(List<Moves.Move> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private PreparedStatement bind(Moves.Move move, long id, long version) throws SQLException {
        PreparedStatement update = updates.get(move.sql());
        int p = 1;
        update.setString(p++, move.to());
        for (Object value : move.values()) {
            update.setObject(p++, value);
        }
        if (move.transition() == null) {
            update.setNull(p++, Types.VARCHAR);
        } else {
            update.setString(p++, move.transition());
        }
        update.setString(p++, actor);
        update.setLong(p++, id);
        update.setString(p++, move.from());
        update.setLong(p, version);
        return update;
    }

    long attempts() {
        return attempts;
    }

    long stale() {
        return stale;
    }

    long serializationFailures() {
        return serializationFailures;
    }

    long deadlocks() {
        return deadlocks;
    }

    long refused() {
        return refused;
    }

    /** Forbidden writes the schema let through: each is a broken guarantee. */
    List<String> accepted() {
        return accepted;
    }

    /** The transitions whose COMMIT returned, in order. */
    List<Change> acknowledged() {
        return acknowledged;
    }

    /** The transition whose COMMIT the connection died in, or null. */
    Change inDoubt() {
        return inDoubt;
    }

    /** The error that ended the connection, or null while it lives. */
    String connectionLost() {
        return connectionLost;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
