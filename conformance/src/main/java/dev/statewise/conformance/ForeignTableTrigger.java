package dev.statewise.conformance;

import static dev.statewise.conformance.Attacker.PROBE;
import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Rule#FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY}: the functions of the workflow table's row-level
 * UPDATE triggers attached to a temporary copy of the table, named like it, holding a copy of a
 * real row; then that copy takes a declared edge. Run with the owner's rights, such a function
 * would write a history row for the real row, which never moved. PostgreSQL checks EXECUTE when
 * the trigger is created, so a function revoked from PUBLIC is refused there; one that refuses to
 * run for any table but its own is refused when the copy changes.
 */
final class ForeignTableTrigger implements Attacker.Family {

    private static final int ROW_LEVEL = 1;
    private static final int ON_UPDATE = 1 << 4;

    @Override
    public void tryOn(Attacker attacker) throws SQLException {
        Optional<EdgeDescriptor> taken = attacker.reachableEdge(true);
        if (taken.isEmpty()) {
            return;
        }
        EdgeDescriptor edge = taken.get();
        WorkflowDescriptor workflow = attacker.workflow();
        attacker.probe(Rule.FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY, edge.from(), stage -> {
            List<List<Object>> functions = stage.query("SELECT DISTINCT quote_ident(n.nspname) || '.'"
                    + " || quote_ident(p.proname), p.proname || '()' FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                    + " JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE t.tgrelid = to_regclass(?) AND NOT t.tgisinternal AND t.tgtype & ? = ? ORDER BY 1",
                    attacker.table(), ROW_LEVEL | ON_UPDATE, ROW_LEVEL | ON_UPDATE);
            long row = stage.rowIn(edge.from());
            long before = stage.historyOf(row, Rule.FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY);
            Map<String, Object> assignments = stage.rows().arrivalIn(edge.to(), true);
            assignments.put(Columns.TRANSITION, edge.transition());
            String copy = "pg_temp." + quote(workflow.table());
            stage.shadow("pg_temp", workflow.table(), attacker.tableColumns());
            stage.execute("INSERT INTO " + copy + " SELECT * FROM " + attacker.table() + " WHERE "
                    + quote(Columns.ID) + " = ?", row);
            for (int i = 0; i < functions.size(); i++) {
                stage.execute("CREATE TRIGGER " + PROBE + "_" + i + " BEFORE UPDATE ON " + copy
                        + " FOR EACH ROW EXECUTE FUNCTION " + functions.get(i).get(0) + "()");
            }
            stage.forgetPlans();
            new Rows(workflow, copy, stage.rows().samples()).update(stage.connection(), row, assignments);
            long written = stage.historyOf(row, Rule.FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY) - before;
            return written == 0 ? null : String.join(", ", functions.stream().map(f -> (String) f.get(1)).toList())
                    + ", attached to a temporary copy of "
                    + workflow.table() + ", wrote " + written + " history rows of transition " + edge.transition()
                    + " for " + workflow.table() + " " + row + ", which never left " + edge.from();
        });
    }
}
