package dev.statewise.conformance;

import static dev.statewise.conformance.Attacker.PROBE;
import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns.History;
import dev.statewise.runtime.EdgeDescriptor;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@link Rule#HISTORY_WRITTEN_BY_TRIGGER_ONLY}: history rows written by the role itself, naming a
 * declared edge, so that only who writes them is wrong: a direct INSERT, and an INSERT made by a
 * trigger of the role's own on a temporary table (a trigger is no guarantee that the workflow's
 * own trigger wrote the row), for a row that does not exist and for a real one.
 */
final class ForgedHistory implements Attacker.Family {

    /** No row has it: ids are generated from 1 up. */
    private static final long NO_ROW = -1;

    @Override
    public void tryOn(Attacker attacker) throws SQLException {
        Optional<EdgeDescriptor> declared = attacker.reachableEdge(false);
        if (declared.isEmpty()) {
            return;
        }
        EdgeDescriptor edge = declared.get();
        String table = attacker.workflow().table();
        attacker.probe(Rule.HISTORY_WRITTEN_BY_TRIGGER_ONLY, edge.from(), stage -> {
            long row = stage.rowIn(edge.from());
            stage.execute(insert(attacker, edge, row));
            return "a history row written by hand for " + table + " " + row + ", transition " + edge.transition()
                    + " from " + edge.from() + " to " + edge.to() + ", which it never took, was accepted";
        });
        attacker.probe(Rule.HISTORY_WRITTEN_BY_TRIGGER_ONLY, edge.from(), stage -> {
            viaOwnTrigger(stage, insert(attacker, edge, NO_ROW));
            return "a history row for " + table + " " + NO_ROW + ", which does not exist, written by a trigger"
                    + " of the role's own on a temporary table, was accepted";
        });
        attacker.probe(Rule.HISTORY_WRITTEN_BY_TRIGGER_ONLY, edge.from(), stage -> {
            long row = stage.rowIn(edge.from());
            viaOwnTrigger(stage, insert(attacker, edge, row));
            return "a history row for " + table + " " + row + ", transition " + edge.transition() + " from "
                    + edge.from() + " to " + edge.to() + ", which it never took, written by a trigger of the"
                    + " role's own on a temporary table, was accepted";
        });
    }

    /** The statement, run by a trigger of the role's own, on a temporary table of its own. */
    private static void viaOwnTrigger(Stage stage, String statement) throws SQLException {
        stage.execute("CREATE TABLE pg_temp." + PROBE + " (n integer)");
        stage.execute("CREATE FUNCTION pg_temp." + PROBE + "() RETURNS trigger LANGUAGE plpgsql AS $"
                + PROBE + "$ BEGIN " + statement + "; RETURN NEW; END $" + PROBE + "$");
        stage.execute("CREATE TRIGGER " + PROBE + " BEFORE INSERT ON pg_temp." + PROBE
                + " FOR EACH ROW EXECUTE FUNCTION pg_temp." + PROBE + "()");
        stage.execute("INSERT INTO pg_temp." + PROBE + " VALUES (1)");
    }

    /** A history row for the edge, its values written out, as a function body needs them. */
    private static String insert(Attacker attacker, EdgeDescriptor edge, long row) {
        List<Object> values = List.of(row, edge.transition(), edge.from(), edge.to(), Attacker.ACTOR, "forged");
        return "INSERT INTO " + attacker.history() + " (" + quote(attacker.workflow().historyEntityColumn())
                + ", " + String.join(", ", History.TRANSITION, History.FROM_STATE, History.TO_STATE, History.ACTOR,
                        History.REASON) + ") VALUES ("
                + String.join(", ", values.stream().map(Attacker::literal).toList()) + ")";
    }
}
