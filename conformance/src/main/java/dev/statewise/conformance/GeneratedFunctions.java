package dev.statewise.conformance;

import java.sql.SQLException;
import java.util.List;

/**
 * {@link Rule#FUNCTIONS_NOT_OWNED_BY_SUPERUSER} and {@link Rule#FUNCTIONS_NOT_EXECUTABLE_BY_PUBLIC},
 * read from the catalog: the functions of the triggers on the workflow's table, history and
 * transition table (PostgreSQL's own, for foreign keys, aside).
 */
final class GeneratedFunctions implements Attacker.Family {

    @Override
    public void tryOn(Attacker attacker) throws SQLException {
        String functions = "SELECT DISTINCT p.oid::regprocedure::text AS name, p.prosecdef AS definer,"
                + " p.proowner AS owner, p.proacl AS acl FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                + " WHERE t.tgrelid IN (to_regclass(?), to_regclass(?), to_regclass(?)) AND NOT t.tgisinternal";
        Object[] tables = {attacker.table(), attacker.history(), attacker.edges()};
        attacker.inspect(c -> {
            List<List<Object>> owned = Session.query(c, "SELECT f.name, f.definer, r.rolname::text FROM (" + functions
                    + ") f JOIN pg_roles r ON r.oid = f.owner WHERE r.rolsuper ORDER BY f.name", List.of(tables));
            if (!owned.isEmpty()) {
                boolean definer = owned.stream().anyMatch(f -> Boolean.TRUE.equals(f.get(1)));
                attacker.fail(Rule.FUNCTIONS_NOT_OWNED_BY_SUPERUSER, null, "trigger functions owned by superuser "
                        + owned.get(0).get(2) + ": " + String.join(", ", owned.stream().map(f -> f.get(0)
                                + (Boolean.TRUE.equals(f.get(1)) ? " (SECURITY DEFINER)" : "")).toList())
                        + (definer ? "; one that is SECURITY DEFINER runs with its owner's rights, every transition"
                                + " as a superuser" : "")
                        + ": migrate as an owner role that is no superuser");
            }
            return null;
        });
        attacker.inspect(c -> {
            List<String> executable = Session.query(c, "SELECT f.name FROM (" + functions + ") f WHERE EXISTS"
                    + " (SELECT FROM aclexplode(coalesce(f.acl, acldefault('f', f.owner))) a"
                    + " WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') ORDER BY f.name", List.of(tables))
                    .stream().map(f -> (String) f.get(0)).toList();
            if (!executable.isEmpty()) {
                attacker.fail(Rule.FUNCTIONS_NOT_EXECUTABLE_BY_PUBLIC, null, "PUBLIC may execute trigger functions "
                        + String.join(", ", executable) + ", so any role may attach them to a table of its own");
            }
            return null;
        });
    }
}
