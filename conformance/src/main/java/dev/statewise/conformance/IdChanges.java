package dev.statewise.conformance;

import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.EdgeDescriptor;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link Rule#ID_NEVER_CHANGES}: a row with history given a new id ({@code SET id = DEFAULT}, which
 * an identity column allows); and a row with history moved out of the way (new id, or deleted),
 * then a new row inserted with its id {@code OVERRIDING SYSTEM VALUE}, which would inherit the
 * other row's history.
 */
final class IdChanges implements Attacker.Family {

    @Override
    public void tryOn(Attacker attacker) throws SQLException {
        Optional<EdgeDescriptor> taken = attacker.reachableEdge(false);
        if (taken.isEmpty() || attacker.workflow().initialStates().isEmpty()) {
            return;
        }
        EdgeDescriptor edge = taken.get();
        String id = quote(Columns.ID);
        String table = attacker.table();
        attacker.probe(Rule.ID_NEVER_CHANGES, edge.to(), stage -> {
            long row = stage.rowAfter(edge);
            List<List<Object>> changed = stage.query("UPDATE " + table + " SET " + id + " = DEFAULT WHERE "
                    + id + " = ? RETURNING " + id, row);
            return changed.isEmpty() ? null : "the id of a row that has taken transition " + edge.transition()
                    + " was changed from " + row + " to " + changed.get(0).get(0) + " (SET id = DEFAULT)";
        });
        attacker.probe(Rule.ID_NEVER_CHANGES, edge.to(), stage -> {
            long row = stage.rowAfter(edge);
            String where = " WHERE " + id + " = " + row;
            stage.tryOut("UPDATE " + table + " SET " + id + " = DEFAULT" + where);
            stage.tryOut("DELETE FROM " + table + where);
            if (stage.counted(Rule.ID_NEVER_CHANGES, "the row " + row, "SELECT count(*) FROM " + table + where) > 0) {
                return null;
            }
            String initial = attacker.workflow().initialStates().get(0).name();
            Map<String, Object> values = stage.rows().arrivalIn(initial, false);
            List<Object> bound = new ArrayList<>();
            bound.add(row);
            bound.addAll(values.values());
            stage.execute("INSERT INTO " + table + " (" + id + ", " + Session.quoteAll(values.keySet())
                    + ") OVERRIDING SYSTEM VALUE VALUES (?, " + values.keySet().stream().map(column -> "?")
                            .collect(Collectors.joining(", ")) + ")", bound.toArray());
            return "a row that had taken transition " + edge.transition() + " was moved off id " + row
                    + ", and a new row inserted with that id OVERRIDING SYSTEM VALUE was accepted: it inherits"
                    + " the other row's history";
        });
    }
}
