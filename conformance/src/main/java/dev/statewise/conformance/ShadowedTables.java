package dev.statewise.conformance;

import static dev.statewise.conformance.Attacker.literal;
import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Rule#NO_SHADOWED_TABLES}: tables of the role's own named like the ones the triggers read
 * and write, first temporary ones (PostgreSQL searches {@code pg_temp} first for tables unless a
 * path names it later), then ones in a schema named after the role ({@code "$user"}, first in the
 * default search_path), which the role makes if it may. Each is readable and writable by every
 * role, the owner's functions included.
 */
final class ShadowedTables implements Attacker.Family {

    /**
     * Where the shadowing tables go.
     *
     * @param description the words before a table's name, e.g. {@code "a temporary table"}
     * @param after the words after it
     */
    private record Place(String description, String after, Creator creator) {

        String table(String name) {
            return description + " " + name + after;
        }
    }

    /** Makes the place on the attack's connection; returns the schema to put tables in, as SQL. */
    private interface Creator {
        String create(Stage stage) throws SQLException;
    }

    @Override
    public void tryOn(Attacker attacker) throws SQLException {
        Place temporary = new Place("a temporary table", "", stage -> "pg_temp");
        Place ownSchema = new Place("a table", " in the role's own schema " + attacker.role(), stage -> {
            String schema = quote(attacker.role());
            if (stage.query("SELECT to_regnamespace(?) IS NULL", schema).get(0).get(0).equals(Boolean.TRUE)) {
                stage.execute("CREATE SCHEMA " + schema);
            }
            stage.execute("GRANT USAGE ON SCHEMA " + schema + " TO PUBLIC");
            return schema;
        });
        for (Place place : List.of(temporary, ownSchema)) {
            forgedEdge(attacker, place);
            historyElsewhere(attacker, place);
            deleteWithHistory(attacker, place);
        }
    }

    /** A forged edge in a shadowing transition table, then a change of state along it. */
    private static void forgedEdge(Attacker attacker, Place place) throws SQLException {
        Optional<Attacker.ForgedEdge> forged = attacker.undeclaredEdge();
        if (forged.isEmpty()) {
            return;
        }
        Attacker.ForgedEdge edge = forged.get();
        WorkflowDescriptor workflow = attacker.workflow();
        attacker.probe(Rule.NO_SHADOWED_TABLES, edge.from(), stage -> {
            long row = stage.rowIn(edge.from());
            Map<String, Object> assignments = stage.rows().arrivalIn(edge.to(), true);
            assignments.put(Columns.TRANSITION, edge.transition());
            String schema = place.creator().create(stage);
            stage.shadow(schema, workflow.transitionTable(), attacker.edgesColumns());
            stage.execute("INSERT INTO " + schema + "." + quote(workflow.transitionTable())
                    + " (transition, from_state, to_state" + (attacker.edgesColumns().containsKey("retired")
                            ? ", retired) VALUES (?, ?, ?, false)" : ") VALUES (?, ?, ?)"),
                    edge.transition(), edge.from(), edge.to());
            stage.forgetPlans();
            stage.rows().update(stage.connection(), row, assignments);
            return "with " + place.table(workflow.transitionTable()) + " holding a forged edge "
                    + edge.from() + " -> " + edge.to() + " (" + edge.transition() + "), a change of state from "
                    + edge.from() + " to " + edge.to() + " along it was accepted";
        });
    }

    /** A shadowing history, then a declared transition: its history row must land in the real one. */
    private static void historyElsewhere(Attacker attacker, Place place) throws SQLException {
        Optional<EdgeDescriptor> taken = attacker.reachableEdge(false);
        if (taken.isEmpty()) {
            return;
        }
        EdgeDescriptor edge = taken.get();
        WorkflowDescriptor workflow = attacker.workflow();
        attacker.probe(Rule.NO_SHADOWED_TABLES, edge.from(), stage -> {
            long row = stage.rowIn(edge.from());
            long before = stage.historyOf(row, Rule.NO_SHADOWED_TABLES);
            String schema = place.creator().create(stage);
            stage.shadow(schema, workflow.historyTable(), attacker.historyColumns());
            stage.forgetPlans();
            stage.rows().take(stage.connection(), row, edge);
            long written = stage.historyOf(row, Rule.NO_SHADOWED_TABLES) - before;
            if (written == 1) {
                return null;
            }
            long elsewhere = stage.counted(Rule.NO_SHADOWED_TABLES, "the shadowing history", "SELECT count(*) FROM "
                    + schema + "." + quote(workflow.historyTable()));
            return "with " + place.table(workflow.historyTable()) + ", transition "
                    + edge.transition() + " from " + edge.from() + " to " + edge.to() + " was accepted and wrote "
                    + written + " history rows in " + workflow.historyTable() + ", " + elsewhere + " in the role's";
        });
    }

    /** A shadowing, empty history, then the DELETE of a row whose history is in the real one. */
    private static void deleteWithHistory(Attacker attacker, Place place) throws SQLException {
        Optional<EdgeDescriptor> taken = attacker.reachableEdge(false);
        if (taken.isEmpty()) {
            return;
        }
        EdgeDescriptor edge = taken.get();
        WorkflowDescriptor workflow = attacker.workflow();
        attacker.probe(Rule.NO_SHADOWED_TABLES, edge.to(), stage -> {
            long row = stage.rowAfter(edge);
            String schema = place.creator().create(stage);
            stage.shadow(schema, workflow.historyTable(), attacker.historyColumns());
            stage.forgetPlans();
            int deleted = stage.execute("DELETE FROM " + attacker.table() + " WHERE "
                    + quote(Columns.ID) + " = " + literal(row));
            return deleted == 0 ? null : "with " + place.table(workflow.historyTable())
                    + ", the DELETE of a row that has taken transition " + edge.transition() + " was accepted";
        });
    }
}
