package dev.statewise.benchmarks;

import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.FieldDescriptor;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds the tables to the workflow's declaration and to what the clients know, through the data
 * alone (the rows' state, version and fields; the history's row, transition, source and target;
 * the transition table's edges), so that it reads any schema that keeps those columns, however its
 * triggers, privileges and row-level security are built. It reads as the superuser.
 *
 * <p>Per row: its state is declared, and the fields that state requires are set and those it
 * forbids are NULL (from the descriptor, not from the CHECKs that should enforce the same); its
 * history rows, in the order of their ids, chain from the state the row was created in to its
 * current state, each along an edge the declaration has and the transition table holds; its
 * version equals its number of history rows, since every update of this run is a state change.
 * Against the clients: every change acknowledged to a client is the history row at its place in
 * the row's history, and every history row is such a change, or a change whose COMMIT a crash cut
 * off, which may or may not have committed.
 */
final class Invariants {

    private static final int EXAMPLES = 10;

    /**
     * What one check found.
     *
     * @param rows the rows checked
     * @param historyRows the history rows checked
     * @param known the changes the clients know of: acknowledged, or found committed after an earlier crash
     * @param found of those, the ones the history holds at their place
     * @param committedInDoubt the changes whose COMMIT a crash cut off that the history holds
     * @param lost the known changes the history does not hold at their place
     * @param violations how many times an invariant is broken
     * @param examples the first few violations, described
     */
    record Findings(int rows, long historyRows, long known, long found, List<Change> committedInDoubt,
            List<Change> lost, long violations, List<String> examples) {

        long lostCount() {
            return known - found;
        }
    }

    /** A count of broken invariants, with the first few described. */
    private static final class Violations {
        private long count;
        private final List<String> examples = new ArrayList<>();

        void add(String message) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(message);
            }
        }
    }

    private Invariants() {}

    static Findings check(Connection c, WorkflowDescriptor workflow, String schema, Ledger ledger,
            List<Change> inDoubt, List<String> conflicts) throws SQLException {
        Violations violation = new Violations();
        conflicts.forEach(violation::add);

        Set<List<String>> edges = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT transition, from_state, to_state FROM " + schema + "." + workflow.transitionTable())) {
            while (rs.next()) {
                edges.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        Map<Long, List<Change>> history = new HashMap<>();
        long historyRows = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT " + workflow.historyEntityColumn() + ", transition, from_state, to_state FROM "
                        + schema + "." + workflow.historyTable() + " ORDER BY " + workflow.historyEntityColumn()
                        + ", id")) {
            while (rs.next()) {
                List<Change> steps = history.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>());
                steps.add(new Change(rs.getLong(1), steps.size() + 1, rs.getString(2), rs.getString(3),
                        rs.getString(4)));
                historyRows++;
            }
        }
        Map<List<Long>, Change> doubtful = new HashMap<>();
        inDoubt.forEach(d -> doubtful.putIfAbsent(List.of(d.id(), d.version()), d));

        int rows = 0;
        long found = 0;
        List<Change> committedInDoubt = new ArrayList<>();
        List<Change> lost = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        String columns = workflow.fields().stream().map(FieldDescriptor::column).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, " + workflow.stateColumn() + ", version, " + columns + " FROM " + schema + "."
                        + workflow.table() + " ORDER BY id")) {
            while (rs.next()) {
                rows++;
                long id = rs.getLong(1);
                String state = rs.getString(2);
                long version = rs.getLong(3);
                seen.add(id);
                if (!ledger.tracks(id)) {
                    violation.add("task " + id + " was not created by this run");
                    continue;
                }
                StateDescriptor declared = workflow.state(state).orElse(null);
                if (declared == null) {
                    violation.add("task " + id + " is in state " + state + ", which the workflow does not declare");
                } else {
                    for (String field : declared.requiredFields()) {
                        if (rs.getObject(column(workflow, field)) == null) {
                            violation.add("task " + id + " is in " + state + " without " + field);
                        }
                    }
                    for (String field : declared.nullFields()) {
                        if (rs.getObject(column(workflow, field)) != null) {
                            violation.add("task " + id + " is in " + state + " with " + field + " set");
                        }
                    }
                }

                List<Change> steps = history.getOrDefault(id, List.of());
                String reached = ledger.initialState(id);
                for (Change step : steps) {
                    if (!step.from().equals(reached)) {
                        violation.add("the history of task " + id + " breaks its chain: " + step
                                + " follows a change into " + reached);
                    }
                    EdgeDescriptor edge = workflow.edge(step.transition(), step.from()).orElse(null);
                    if (edge == null || !edge.to().equals(step.to())) {
                        violation.add("the history of task " + id + " takes an undeclared edge: " + step);
                    }
                    if (!edges.contains(List.of(step.transition(), step.from(), step.to()))) {
                        violation.add("the history of task " + id + " takes an edge the transition table "
                                + "does not hold: " + step);
                    }
                    reached = step.to();
                }
                if (!Objects.equals(reached, state)) {
                    violation.add("task " + id + " is in " + state + ", but its history leads to " + reached);
                }
                if (version != steps.size()) {
                    violation.add("task " + id + " has version " + version + " and " + steps.size()
                            + " history rows");
                }

                for (Change known : ledger.of(id).values()) {
                    if (known.version() <= steps.size() && sameEdge(known, steps.get((int) known.version() - 1))) {
                        found++;
                    } else {
                        lost.add(known);
                    }
                }
                for (Change step : steps) {
                    Change known = ledger.at(id, step.version());
                    Change cutOff = doubtful.get(List.of(id, step.version()));
                    if (known == null && cutOff != null && sameEdge(cutOff, step)) {
                        committedInDoubt.add(cutOff);
                    } else if (known == null || !sameEdge(known, step)) {
                        violation.add("history row " + step + " is no change a client was acknowledged"
                                + (known == null ? "" : "; the client was acknowledged " + known));
                    }
                }
            }
        }
        for (long id : ledger.ids()) {
            if (!seen.contains(id)) {
                violation.add("task " + id + " is missing");
                lost.addAll(ledger.of(id).values());
            }
        }
        for (long id : history.keySet()) {
            if (!seen.contains(id)) {
                violation.add(workflow.historyTable() + " has rows for task " + id + ", which the table does not hold");
            }
        }
        return new Findings(rows, historyRows, ledger.size(), found, committedInDoubt, List.copyOf(lost),
                violation.count, List.copyOf(violation.examples));
    }

    private static boolean sameEdge(Change a, Change b) {
        return Objects.equals(a.transition(), b.transition()) && a.from().equals(b.from()) && a.to().equals(b.to());
    }

    private static String column(WorkflowDescriptor workflow, String field) {
        return workflow.field(field).orElseThrow().column();
    }
}
