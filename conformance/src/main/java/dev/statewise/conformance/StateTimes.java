package dev.statewise.conformance;

import static dev.statewise.conformance.Session.describe;
import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.TimeoutDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.postgresql.util.PGobject;

/**
 * The rules of the columns the triggers keep for time: when a row entered its state, for every
 * workflow ({@link Rule#ENTRY_MOMENT_SET_ON_INSERT}, {@link Rule#ENTRY_MOMENT_MOVES_WITH_STATE}),
 * and its deadline and retry, for a workflow with a {@code @Timeout}
 * ({@link Rule#DEADLINE_SET_ON_ENTRY}, {@link Rule#DEADLINE_CLEARED_ON_EXIT},
 * {@link Rule#DEADLINE_SET_BY_DATABASE}, {@link Rule#RETRY_CLEARED_WITH_DEADLINE}). Every moment is
 * compared in SQL, on the database's clock; a deadline is compared, never waited for.
 *
 * <p>The check runs in one transaction, whose {@code now()} is one moment: every row it makes
 * entered its state then, and a change of state moves the moment to that same {@code now()}. So it
 * sees a moment that a statement wrote, or that came from another clock, but it cannot tell a
 * trigger that keeps the moment on a change of state, or moves it on an edit, to the transaction's
 * {@code now()} from a right one: only transactions apart can.
 */
final class StateTimes {

    /** What a statement writes into a column the triggers keep: long past, plainly forged. */
    private static final OffsetDateTime FORGED = OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC);

    /** When a due timeout whose firing failed is tried again, as the repository puts it off. */
    private static final OffsetDateTime RETRY = OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** One attempt at a rule, undone after: what the database let through, or null if it kept the rule. */
    private interface Probe {
        String run(Connection c) throws SQLException;
    }

    private final Check check;
    private final WorkflowDescriptor workflow;
    private final Rows rows;
    private final String since;
    private final String deadline;
    private final String retryAt;

    StateTimes(Check check) {
        this.check = check;
        this.workflow = check.workflow();
        this.rows = check.rows();
        this.since = workflow.sinceColumn();
        this.deadline = workflow.deadlineColumn();
        this.retryAt = workflow.retryAtColumn();
    }

    void run() throws SQLException {
        entryMomentOnInsert();
        entryMomentOnUpdate();
        if (deadline != null) {
            deadlineOnInsert();
            deadlineAlongEdges();
            deadlineFollowsItsField();
            deadlineNotWritten();
            retryClearedWithDeadline();
        }
        if (workflow.feed() != null) {
            feedKeys();
        }
    }

    /** A forged key, far ahead: what would hold back the row's later events for good. */
    private static PGobject forgedKey() throws SQLException {
        PGobject key = new PGobject();
        key.setType("xid8");
        key.setValue("999999999999");
        return key;
    }

    /** Every edge, a new row in each initial state and an edit in every state, each giving a key of its own. */
    private void feedKeys() throws SQLException {
        String key = workflow.feed().feedXidColumn();
        for (StateDescriptor state : workflow.initialStates()) {
            probe(Rule.FEED_KEY_SET_BY_DATABASE, state.name(), null, c -> {
                Map<String, Object> values = rows.arrivalIn(state.name(), false);
                values.put(key, forgedKey());
                long row = rows.insert(c, values);
                Object found = read(c, row, "coalesce(" + quote(key) + "::text, 'NULL')").get(0);
                return "NULL".equals(found) ? null : "a new row in " + state.name() + ", giving " + key
                        + " 999999999999, was accepted with " + key + " " + found + ", not NULL";
            });
        }
        for (EdgeDescriptor edge : workflow.edges()) {
            OptionalLong row = check.rowIn(edge.from(), 1);
            if (row.isPresent()) {
                probe(Rule.FEED_KEY_SET_BY_DATABASE, edge.from(), null, c -> keyAfterEdge(c, row.getAsLong(), edge));
            }
        }
        for (StateDescriptor state : workflow.states()) {
            OptionalLong row = check.rowIn(state.name(), 1);
            if (row.isPresent()) {
                probe(Rule.FEED_KEY_SET_BY_DATABASE, state.name(), null, c -> {
                    Object before = read(c, row.getAsLong(), "coalesce(" + quote(key) + "::text, 'NULL')").get(0);
                    rows.update(c, row.getAsLong(), new LinkedHashMap<>(Map.of(workflow.stateColumn(), state.name(),
                            key, forgedKey())));
                    Object after = read(c, row.getAsLong(), "coalesce(" + quote(key) + "::text, 'NULL')").get(0);
                    return before.equals(after) ? null : "an update of a row in " + state.name() + " that keeps its"
                            + " state, giving " + key + " 999999999999, was accepted with " + key + " " + after
                            + ", not " + before;
                });
            }
        }
    }

    private String keyAfterEdge(Connection c, long row, EdgeDescriptor edge) throws SQLException {
        String key = workflow.feed().feedXidColumn();
        Map<String, Object> assignments = rows.arrivalIn(edge.to(), true);
        assignments.put(Columns.TRANSITION, edge.transition());
        assignments.put(key, forgedKey());
        rows.update(c, row, assignments);
        String history = quote(workflow.historyTable());
        List<Object> read = read(c, row, "(SELECT h." + quote(Columns.History.FEED_XID) + " = pg_current_xact_id()"
                + " AND h." + quote(Columns.History.FEED_XID) + " = " + check.table() + "." + quote(key)
                + " AND h." + quote(Columns.History.VERSION) + " = " + check.table() + "." + quote(Columns.VERSION)
                + " FROM " + history + " h WHERE h." + quote(workflow.historyEntityColumn()) + " = " + check.table()
                + "." + quote(Columns.ID) + " ORDER BY h." + quote(Columns.History.ID) + " DESC LIMIT 1)",
                quote(key) + "::text", quote(Columns.VERSION), "pg_current_xact_id()::text");
        return Boolean.TRUE.equals(read.get(0)) ? null : label(edge) + ", giving " + key + " 999999999999, was accepted"
                + " with " + key + " " + read.get(1) + " and version " + read.get(2) + ", where its history row should"
                + " hold the writing transaction's id, " + read.get(3) + ", and the row's version, and the row that key";
    }

    /** A new row in each initial state, giving a moment of its own: it entered its state when it was created. */
    private void entryMomentOnInsert() throws SQLException {
        for (StateDescriptor state : workflow.initialStates()) {
            probe(Rule.ENTRY_MOMENT_SET_ON_INSERT, state.name(), null,
                    c -> sinceOfNewRow(c, state.name(), true),
                    c -> sinceOfNewRow(c, state.name(), false));
        }
    }

    private String sinceOfNewRow(Connection c, String state, boolean forging) throws SQLException {
        Map<String, Object> values = rows.arrivalIn(state, false);
        if (forging) {
            values.put(since, FORGED);
        }
        long row = rows.insert(c, values);
        List<Object> read = read(c, row, quote(since) + " = " + quote(Columns.CREATED_AT), utc(quote(since)),
                utc(quote(Columns.CREATED_AT)));
        return Boolean.TRUE.equals(read.get(0)) ? null : "a new row in " + state + giving(since, FORGED, forging)
                + " was accepted with " + since + " " + read.get(1) + ", not its " + Columns.CREATED_AT + " "
                + read.get(2);
    }

    /**
     * Every edge, and an edit in every state, each giving a moment of its own: a change of state
     * moves the moment to the transaction's now(), and a self-transition or an edit keeps it.
     */
    private void entryMomentOnUpdate() throws SQLException {
        for (EdgeDescriptor edge : workflow.edges()) {
            OptionalLong row = check.rowIn(edge.from(), 1);
            if (row.isPresent()) {
                probe(Rule.ENTRY_MOMENT_MOVES_WITH_STATE, edge.from(), null,
                        c -> sinceAfterEdge(c, row.getAsLong(), edge, true),
                        c -> sinceAfterEdge(c, row.getAsLong(), edge, false));
            }
        }
        for (StateDescriptor state : workflow.states()) {
            OptionalLong row = check.rowIn(state.name(), 1);
            if (row.isPresent()) {
                probe(Rule.ENTRY_MOMENT_MOVES_WITH_STATE, state.name(), null,
                        c -> sinceAfterEdit(c, row.getAsLong(), state.name(), true),
                        c -> sinceAfterEdit(c, row.getAsLong(), state.name(), false));
            }
        }
    }

    private String sinceAfterEdge(Connection c, long row, EdgeDescriptor edge, boolean forging) throws SQLException {
        Object before = read(c, row, utc(quote(since))).get(0);
        Map<String, Object> assignments = rows.arrivalIn(edge.to(), true);
        assignments.put(Columns.TRANSITION, edge.transition());
        if (forging) {
            assignments.put(since, FORGED);
        }
        rows.update(c, row, assignments);
        String taken = label(edge) + giving(since, FORGED, forging) + " was accepted with " + since + " ";
        if (edge.from().equals(edge.to())) {
            Object after = read(c, row, utc(quote(since))).get(0);
            return before.equals(after) ? null : taken + after + ": a self-transition keeps " + before;
        }
        List<Object> after = read(c, row, quote(since) + " = now()", utc(quote(since)), utc("now()"));
        return Boolean.TRUE.equals(after.get(0)) ? null
                : taken + after.get(1) + ", not the transaction's now(), " + after.get(2);
    }

    private String sinceAfterEdit(Connection c, long row, String state, boolean forging) throws SQLException {
        Object before = read(c, row, utc(quote(since))).get(0);
        Map<String, Object> assignments = new LinkedHashMap<>();
        assignments.put(workflow.stateColumn(), state);
        if (forging) {
            assignments.put(since, FORGED);
        }
        rows.update(c, row, assignments);
        Object after = read(c, row, utc(quote(since))).get(0);
        return before.equals(after) ? null : "an update of a row in " + state + " that keeps its state"
                + giving(since, FORGED, forging) + " was accepted with " + since + " " + after
                + ": only a change of state moves it from " + before;
    }

    /** A new row in each timed initial state has its deadline. */
    private void deadlineOnInsert() throws SQLException {
        for (StateDescriptor state : workflow.initialStates()) {
            if (state.timeout() != null) {
                probe(Rule.DEADLINE_SET_ON_ENTRY, state.name(), null, c -> deadlineOf(c,
                        rows.insert(c, rows.arrivalIn(state.name(), false)), state.name(),
                        "a new row in " + state.name()));
            }
        }
    }

    /**
     * Every edge into a timed state leaves the row with that state's deadline, a self-transition
     * included; every edge from a timed state to one without a timeout leaves it none.
     */
    private void deadlineAlongEdges() throws SQLException {
        for (EdgeDescriptor edge : workflow.edges()) {
            Rule rule = timeout(edge.to()) != null ? Rule.DEADLINE_SET_ON_ENTRY
                    : timeout(edge.from()) != null ? Rule.DEADLINE_CLEARED_ON_EXIT : null;
            OptionalLong row = rule == null ? OptionalLong.empty() : check.rowIn(edge.from(), 1);
            if (row.isPresent()) {
                probe(rule, edge.from(), null, c -> {
                    rows.take(c, row.getAsLong(), edge);
                    return deadlineOf(c, row.getAsLong(), edge.to(), label(edge));
                });
            }
        }
    }

    /** In each state timed by a field, a new value of the field is the new deadline. */
    private void deadlineFollowsItsField() throws SQLException {
        for (StateDescriptor state : workflow.timedStates()) {
            String field = state.timeout().atField();
            OptionalLong row = field == null ? OptionalLong.empty() : check.rowIn(state.name(), 1);
            if (row.isPresent()) {
                probe(Rule.DEADLINE_SET_ON_ENTRY, state.name(), field, c -> {
                    moveField(c, row.getAsLong(), field);
                    return deadlineOf(c, row.getAsLong(), state.name(),
                            "an update of " + field + " to a day later in a row in " + state.name());
                });
            }
        }
    }

    /** A new row in each initial state, and an edit in every state, giving a deadline of their own. */
    private void deadlineNotWritten() throws SQLException {
        for (StateDescriptor state : workflow.initialStates()) {
            probe(Rule.DEADLINE_SET_BY_DATABASE, state.name(), null,
                    c -> deadlineOfNewRow(c, state.name(), true),
                    c -> deadlineOfNewRow(c, state.name(), false));
        }
        for (StateDescriptor state : workflow.states()) {
            OptionalLong row = check.rowIn(state.name(), 1);
            if (row.isPresent()) {
                probe(Rule.DEADLINE_SET_BY_DATABASE, state.name(), null,
                        c -> deadlineAfterEdit(c, row.getAsLong(), state.name(), true),
                        c -> deadlineAfterEdit(c, row.getAsLong(), state.name(), false));
            }
        }
    }

    private String deadlineOfNewRow(Connection c, String state, boolean forging) throws SQLException {
        Map<String, Object> values = rows.arrivalIn(state, false);
        if (forging) {
            values.put(deadline, FORGED);
        }
        return deadlineOf(c, rows.insert(c, values), state,
                "a new row in " + state + giving(deadline, FORGED, forging));
    }

    private String deadlineAfterEdit(Connection c, long row, String state, boolean forging) throws SQLException {
        Map<String, Object> assignments = new LinkedHashMap<>();
        assignments.put(workflow.stateColumn(), state);
        if (forging) {
            assignments.put(deadline, FORGED);
        }
        rows.update(c, row, assignments);
        return deadlineOf(c, row, state, "an update of a row in " + state + " that keeps its state"
                + giving(deadline, FORGED, forging));
    }

    /**
     * In each timed state a retry may be set, which moves no deadline, and is cleared when the
     * deadline changes: when the timeout's transition leaves the state, and when a new value of the
     * deadline's field moves it.
     */
    private void retryClearedWithDeadline() throws SQLException {
        for (StateDescriptor state : workflow.timedStates()) {
            TimeoutDescriptor timeout = state.timeout();
            OptionalLong row = check.rowIn(state.name(), timeout.atField() == null ? 1 : 2);
            if (row.isEmpty()) {
                continue;
            }
            long rowId = row.getAsLong();
            EdgeDescriptor fired = workflow.edge(timeout.fire(), state.name()).orElseThrow();
            probe(Rule.RETRY_CLEARED_WITH_DEADLINE, state.name(), null,
                    c -> retryAfter(c, rowId, state.name(), label(fired), () -> rows.take(c, rowId, fired)));
            if (timeout.atField() != null) {
                probe(Rule.RETRY_CLEARED_WITH_DEADLINE, state.name(), timeout.atField(),
                        c -> retryAfter(c, rowId, state.name(), "an update of " + timeout.atField()
                                + " to a day later", () -> moveField(c, rowId, timeout.atField())));
            }
        }
    }

    /** A change that may move the deadline. */
    private interface Change {
        void run() throws SQLException;
    }

    private String retryAfter(Connection c, long row, String state, String what, Change change) throws SQLException {
        String putOff = "an update of a row in " + state + " setting " + retryAt + " to " + RETRY.toInstant()
                + ", as the repository puts off a failed timeout,";
        Object deadlineBefore = read(c, row, utc(quote(deadline))).get(0);
        try {
            check.session().keep(inner -> rows.update(inner, row, Map.of(retryAt, RETRY)));
        } catch (SQLException e) {
            return putOff + " was refused: " + describe(e);
        }
        List<Object> set = read(c, row, utc(quote(retryAt)), utc(quote(deadline)));
        if (!deadlineBefore.equals(set.get(1))) {
            // The row's deadline was not its state's (the deadline rules say so), and the update put it
            // right: that change clears the retry too.
            return "NULL".equals(set.get(0)) ? null : putOff + " moved " + deadline + " from " + deadlineBefore
                    + " to " + set.get(1) + " and was accepted with " + retryAt + " " + set.get(0) + ", not NULL";
        }
        if (!RETRY.toInstant().toString().equals(set.get(0))) {
            return putOff + " was accepted with " + retryAt + " " + set.get(0) + ": it is kept until the deadline"
                    + " changes";
        }
        change.run();
        List<Object> after = read(c, row, utc(quote(retryAt)), utc(quote(deadline)));
        boolean moved = !deadlineBefore.equals(after.get(1));
        return !moved || "NULL".equals(after.get(0)) ? null : "after " + putOff + " " + what + " was accepted with "
                + deadline + " " + after.get(1) + ", moved from " + deadlineBefore + ", and " + retryAt + " "
                + after.get(0) + ", not NULL";
    }

    /** The finding if the row's deadline is not the one its state gives it; null if it is. */
    private String deadlineOf(Connection c, long row, String state, String what) throws SQLException {
        TimeoutDescriptor timeout = timeout(state);
        if (timeout == null) {
            Object found = read(c, row, utc(quote(deadline))).get(0);
            return "NULL".equals(found) ? null
                    : what + " was accepted with " + deadline + " " + found + ", not NULL: " + state + " has no timeout";
        }
        String expected = timeout.after() != null
                ? quote(since) + " + make_interval(secs => " + seconds(timeout.after()) + ")"
                : quote(workflow.field(timeout.atField()).orElseThrow().column());
        List<Object> read = read(c, row, quote(deadline) + " = " + expected, utc(quote(deadline)), utc(expected));
        String words = timeout.after() != null ? since + " + " + seconds(timeout.after()) + " seconds"
                : timeout.atField();
        return Boolean.TRUE.equals(read.get(0)) ? null : what + " was accepted with " + deadline + " "
                + read.get(1) + ", not " + words + ", " + read.get(2);
    }

    /** Sets the field a day later, in SQL, whatever Java type holds it. */
    private void moveField(Connection c, long row, String field) throws SQLException {
        String column = quote(workflow.field(field).orElseThrow().column());
        int updated = Session.execute(c, "UPDATE " + check.table() + " SET " + column + " = " + column
                + " + interval '1 day' WHERE " + quote(Columns.ID) + " = ?", List.of(row));
        if (updated != 1) {
            throw new SQLException("updated " + updated + " rows of " + workflow.table() + " for id " + row);
        }
    }

    /**
     * One check, undone after: the first attempt the database accepts says whether the rule held.
     * An attempt that writes a column the triggers keep comes first, then the same without it: a
     * database that refuses the forged value keeps the rule as well as one that overrides it. When
     * it refuses every attempt, the check could not run: the create and edge checks say why.
     */
    private void probe(Rule rule, String state, String field, Probe... attempts) throws SQLException {
        check.tried();
        for (Probe attempt : attempts) {
            String[] broken = new String[1];
            SQLException refusal = check.session().tryOut(c -> {
                broken[0] = attempt.run(c);
                return null;
            });
            if (refusal == null) {
                if (broken[0] != null) {
                    check.fail(rule, state, field, broken[0]);
                }
                return;
            }
        }
        check.couldNotRun();
    }

    /** The row's values of the SQL expressions, which may name its columns. */
    private List<Object> read(Connection c, long row, String... expressions) throws SQLException {
        return Session.query(c, "SELECT " + String.join(", ", expressions) + " FROM " + check.table()
                + " WHERE " + quote(Columns.ID) + " = ?", List.of(row)).get(0);
    }

    private TimeoutDescriptor timeout(String state) {
        return workflow.state(state).orElseThrow().timeout();
    }

    private static String label(EdgeDescriptor edge) {
        return "transition " + edge.transition() + " from " + edge.from() + " to " + edge.to();
    }

    private static String giving(String column, OffsetDateTime value, boolean given) {
        return given ? ", giving " + column + " " + value.toInstant() + "," : "";
    }

    /**
     * An instant as text in UTC, the same in any session's time zone, as {@link java.time.Instant}
     * writes it: {@code 2001-02-03T04:05:06Z}; NULL as {@code NULL}.
     */
    private static String utc(String expression) {
        return "coalesce(replace(((" + expression + ") AT TIME ZONE 'UTC')::text, ' ', 'T') || 'Z', 'NULL')";
    }

    /** Elapsed seconds, as the generated triggers add them. */
    private static String seconds(Duration duration) {
        return new BigDecimal(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }
}
