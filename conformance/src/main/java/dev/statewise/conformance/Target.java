package dev.statewise.conformance;

import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workflow's tables as the attacking role finds them before it makes anything of its own, and
 * who that role is.
 *
 * @param schema the schema of the workflow's table, found through the data source's search_path
 * @param role the role the attacks log in as ({@code session_user})
 * @param missing why the tables cannot be attacked, or null when all three are there
 * @param privileged why the role cannot attack them (a superuser, or the owner's privileges), or
 *     null
 * @param tableColumns each column of the workflow's table and its type, in order
 * @param historyColumns the same for the history
 * @param edgesColumns the same for the transition table
 * @param retiredEdges how many edges are retired, as far as the role may read them
 */
record Target(
        String schema,
        String role,
        String missing,
        String privileged,
        Map<String, String> tableColumns,
        Map<String, String> historyColumns,
        Map<String, String> edgesColumns,
        long retiredEdges) {

    static Target find(Connection c, WorkflowDescriptor workflow) throws SQLException {
        String role = (String) Session.query(c, "SELECT session_user::text", List.of()).get(0).get(0);
        List<List<Object>> found = Session.query(c, "SELECT n.nspname::text FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)",
                List.of(quote(workflow.table())));
        if (found.isEmpty()) {
            return missing(role, "table " + workflow.table() + " not found on the data source's search_path");
        }
        String schema = (String) found.get(0).get(0);
        Map<String, String> tableColumns = Rows.columnTypes(c, qualified(schema, workflow.table()));
        Map<String, String> historyColumns = Rows.columnTypes(c, qualified(schema, workflow.historyTable()));
        Map<String, String> edgesColumns = Rows.columnTypes(c, qualified(schema, workflow.transitionTable()));
        for (Map.Entry<String, Map<String, String>> table : Map.of(workflow.historyTable(), historyColumns,
                workflow.transitionTable(), edgesColumns).entrySet()) {
            if (table.getValue().isEmpty()) {
                return missing(role, "table " + table.getKey() + " not found in schema " + schema);
            }
        }
        String privileged = privileged(c, role, schema, workflow);
        long retired = 0;
        String edges = qualified(schema, workflow.transitionTable());
        if (edgesColumns.containsKey("retired") && Boolean.TRUE.equals(Session.query(c,
                "SELECT has_table_privilege(to_regclass(?), 'SELECT')", List.of(edges)).get(0).get(0))) {
            retired = ((Number) Session.query(c, "SELECT count(*) FROM " + edges + " WHERE retired", List.of())
                    .get(0).get(0)).longValue();
        }
        return new Target(schema, role, null, privileged, tableColumns, historyColumns, edgesColumns, retired);
    }

    private static Target missing(String role, String why) {
        return new Target(null, role, why, null, Map.of(), Map.of(), Map.of(), 0);
    }

    /**
     * Why the role proves nothing by attacking: it is a superuser, or it owns (or may act as the
     * owner of) one of the tables or their trigger functions; null when it is none of these. The
     * login role and the current one are both asked, since either may {@code SET ROLE} to the other.
     */
    private static String privileged(Connection c, String role, String schema, WorkflowDescriptor workflow) throws SQLException {
        List<List<Object>> superuser = Session.query(c, "SELECT r.rolname::text FROM pg_roles r"
                + " WHERE r.rolname IN (session_user, current_user) AND r.rolsuper", List.of());
        if (!superuser.isEmpty()) {
            return "it is a superuser (" + superuser.get(0).get(0) + ")";
        }
        String owned = "SELECT 'table ' || c.relname AS object, c.relowner AS owner FROM pg_class c"
                + " WHERE c.oid IN (to_regclass(?), to_regclass(?), to_regclass(?))"
                + " UNION ALL SELECT DISTINCT 'function ' || p.proname || '()', p.proowner FROM pg_trigger t"
                + " JOIN pg_proc p ON p.oid = t.tgfoid"
                + " WHERE t.tgrelid IN (to_regclass(?), to_regclass(?), to_regclass(?)) AND NOT t.tgisinternal";
        List<String> tables = List.of(qualified(schema, workflow.table()), qualified(schema, workflow.historyTable()),
                qualified(schema, workflow.transitionTable()));
        List<Object> values = new ArrayList<>(tables);
        values.addAll(tables);
        List<List<Object>> owners = Session.query(c, "SELECT o.object, pg_get_userbyid(o.owner)::text FROM (" + owned
                + ") o WHERE pg_has_role(session_user, o.owner, 'MEMBER') OR pg_has_role(current_user, o.owner, 'MEMBER')"
                + " ORDER BY o.object NOT LIKE 'table %', o.object", values);
        if (owners.isEmpty()) {
            return null;
        }
        String owner = (String) owners.get(0).get(1);
        return (owner.equals(role) ? "it owns " : "it has the privileges of role " + owner + ", which owns ")
                + owners.get(0).get(0);
    }

    private static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
