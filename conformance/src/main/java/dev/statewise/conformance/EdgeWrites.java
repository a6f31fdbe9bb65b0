package dev.statewise.conformance;

import dev.statewise.runtime.EdgeDescriptor;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@link Rule#EDGES_WRITTEN_BY_OWNER_ONLY}: the role writes the transition table: a new edge,
 * every retired edge un-retired, every edge retired, renamed or deleted, the table truncated. An
 * UPDATE or DELETE that touched no row changed nothing, and is no finding.
 */
final class EdgeWrites implements Attacker.Family {

    @Override
    public void tryOn(Attacker attacker) throws SQLException {
        String edges = attacker.edges();
        String name = attacker.workflow().transitionTable();
        // Between two states with no edge, or else a second name for a declared one.
        Optional<Attacker.ForgedEdge> undeclared = attacker.undeclaredEdge();
        EdgeDescriptor declared = attacker.workflow().edges().isEmpty() ? null : attacker.workflow().edges().get(0);
        Attacker.ForgedEdge forged = undeclared.orElseGet(() -> declared == null ? null
                : new Attacker.ForgedEdge(attacker.forgedTransition(), declared.from(), declared.to()));
        if (forged != null) {
            attacker.probe(Rule.EDGES_WRITTEN_BY_OWNER_ONLY, forged.from(), stage -> {
                stage.execute("INSERT INTO " + edges + " (transition, from_state, to_state) VALUES (?, ?, ?)",
                        forged.transition(), forged.from(), forged.to());
                return "a new edge " + forged.from() + " -> " + forged.to() + " (" + forged.transition()
                        + ") in " + name + " was accepted";
            });
        }
        boolean retirable = attacker.edgesColumns().containsKey("retired");
        if (retirable && attacker.retiredEdges() > 0) {
            attacker.probe(Rule.EDGES_WRITTEN_BY_OWNER_ONLY, null, stage -> changed(
                    stage.execute("UPDATE " + edges + " SET retired = false WHERE retired"),
                    "an UPDATE un-retiring the retired edges of " + name));
        }
        if (retirable) {
            attacker.probe(Rule.EDGES_WRITTEN_BY_OWNER_ONLY, null, stage -> changed(
                    stage.execute("UPDATE " + edges + " SET retired = true WHERE NOT retired"),
                    "an UPDATE retiring every edge of " + name));
        }
        attacker.probe(Rule.EDGES_WRITTEN_BY_OWNER_ONLY, null, stage -> changed(
                stage.execute("UPDATE " + edges + " SET transition = transition || '_renamed'"),
                "an UPDATE renaming every edge of " + name));
        attacker.probe(Rule.EDGES_WRITTEN_BY_OWNER_ONLY, null, stage -> changed(
                stage.execute("DELETE FROM " + edges), "a DELETE of every edge of " + name));
        attacker.probe(Rule.EDGES_WRITTEN_BY_OWNER_ONLY, null, stage -> {
            stage.execute("TRUNCATE " + edges);
            return "a TRUNCATE of " + name + " was accepted";
        });
    }

    private static String changed(int rows, String what) {
        return rows == 0 ? null : what + " was accepted (" + rows + " rows)";
    }
}
