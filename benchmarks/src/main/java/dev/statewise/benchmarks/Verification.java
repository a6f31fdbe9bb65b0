package dev.statewise.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Proof that the figures come from schemas doing what they claim: before timing, each schema
 * refuses what its design forbids and carries the change it is named after; after the throughput,
 * every transition left exactly the version and the history it should. Any failure stops the run.
 */
final class Verification {

    private static final String ILLEGAL_EDGE = "23SW1";
    private static final String CHECK_VIOLATION = "23514";

    private Verification() {}

    static void beforeTiming(Server server, Schema schema) throws SQLException {
        if (!server.queryBoolean(schema.proof())) {
            throw new IllegalStateException(schema.label() + ": the schema does not carry its change: " + schema.proof());
        }
        int triggers = Integer.parseInt(server.queryString("SELECT count(*) FROM pg_trigger t"
                + " JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE NOT t.tgisinternal AND n.nspname = '" + schema.name() + "'"));
        boolean statewise = schema.design() == Design.STATEWISE;
        if (statewise != (triggers > 0)) {
            throw new IllegalStateException(schema.label() + " has " + triggers + " triggers");
        }
        // As the application: its grants are enough for a transition, and what it may not do is refused.
        try (Connection c = server.connect(Server.APPLICATION)) {
            if (statewise) {
                expectOutcome(c, schema, "UPDATE " + schema.workflow() + " SET status = 'DONE', completed_at = now()",
                        ILLEGAL_EDGE);
            }
            expectOutcome(c, schema, "UPDATE " + schema.workflow() + " SET status = 'IN_REVIEW', reviewer = NULL",
                    schema.stateChecks() ? CHECK_VIOLATION : null);
        }
    }

    /**
     * Runs {@code update} on the schema's first row in a transaction that is rolled back, and
     * expects the SQLSTATE given, or success when it is null.
     */
    private static void expectOutcome(Connection c, Schema schema, String update, String sqlState)
            throws SQLException {
        c.setAutoCommit(false);
        String refused = null;
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL search_path TO " + schema.name());
            s.executeUpdate(update + " WHERE id = (SELECT min(id) FROM " + schema.workflow() + ")");
        } catch (SQLException e) {
            refused = e.getSQLState();
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        if (sqlState == null ? refused != null : !sqlState.equals(refused)) {
            throw new IllegalStateException(schema.label() + ": " + update + " gave SQLSTATE " + refused
                    + ", expected " + (sqlState == null ? "success" : sqlState));
        }
    }

    /** How many history rows the schema holds, taken before the clients start. */
    static long historyRows(Server server, Schema schema) throws SQLException {
        if (!schema.design().keepsHistory()) {
            return 0;
        }
        try (Connection c = server.connect()) {
            return count(c, "SELECT count(*) FROM " + schema.historyTable());
        }
    }

    /**
     * Checks the rows against what the clients did: each row's state, its version moved by exactly
     * the transitions it took, one history row per transition, and every version equal to its
     * row's history rows (each update of the run, the loader's included, is a transition).
     */
    static String afterThroughput(Server server, Schema schema, Rows rows, long historyBefore)
            throws SQLException {
        Design design = schema.design();
        try (Connection c = server.connect()) {
            try (PreparedStatement select = c.prepareStatement(
                            "SELECT id, status = 'IN_REVIEW', version FROM " + schema.workflowTable() + " ORDER BY id");
                    ResultSet rs = select.executeQuery()) {
                for (int k = 0; k < rows.size(); k++) {
                    if (!rs.next() || rs.getLong(1) != rows.ids[k]) {
                        throw new IllegalStateException(schema.label() + ": the rows changed under the benchmark");
                    }
                    if (rs.getBoolean(2) != rows.inReview[k]) {
                        throw new IllegalStateException(schema.label() + ": task " + rows.ids[k] + " is in the wrong state");
                    }
                    if (design.keepsHistory() && rs.getLong(3) != rows.startVersions[k] + rows.transitions[k]) {
                        throw new IllegalStateException(schema.label() + ": task " + rows.ids[k] + " has version "
                                + rs.getLong(3) + " after " + rows.transitions[k] + " transitions from version "
                                + rows.startVersions[k]);
                    }
                }
            }
            long transitions = rows.totalTransitions();
            if (!design.keepsHistory()) {
                return String.format("%s: %,d transitions, every row in the state expected", schema.label(), transitions);
            }
            long history = count(c, "SELECT count(*) FROM " + schema.historyTable());
            if (history != historyBefore + transitions) {
                throw new IllegalStateException(schema.label() + ": " + history + " history rows, expected "
                        + historyBefore + " before the clients + " + transitions + " transitions");
            }
            long mismatched = count(c, "SELECT count(*) FROM " + schema.workflowTable() + " t WHERE t.version <> "
                    + "(SELECT count(*) FROM " + schema.historyTable() + " h WHERE h." + schema.workflow()
                    + "_id = t.id)");
            if (mismatched != 0) {
                throw new IllegalStateException(schema.label() + ": " + mismatched
                        + " rows whose version is not their number of history rows");
            }
            return String.format("%s: %,d transitions, %,d new history rows; every row's version moved by its "
                    + "transitions and equals its number of history rows", schema.label(), transitions,
                    history - historyBefore);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
