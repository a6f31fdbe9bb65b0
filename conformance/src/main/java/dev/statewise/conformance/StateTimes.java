package dev.statewise.conformance;

import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The rules of the columns the triggers keep for time: when a row entered its state
 * ({@link Rule#ENTRY_MOMENT_SET_ON_INSERT}, {@link Rule#ENTRY_MOMENT_MOVES_WITH_STATE}). Every
 * moment is compared in SQL, on the database's clock.
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

    /** One attempt at a rule, undone after: what the database let through, or null if it kept the rule. */
    private interface Probe {
        String run(Connection c) throws SQLException;
    }

    private final Check check;
    private final WorkflowDescriptor workflow;
    private final Rows rows;
    private final String since;

    StateTimes(Check check) {
        this.check = check;
        this.workflow = check.workflow();
        this.rows = check.rows();
        this.since = workflow.sinceColumn();
    }

    void run() throws SQLException {
        entryMomentOnInsert();
        entryMomentOnUpdate();
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

}
