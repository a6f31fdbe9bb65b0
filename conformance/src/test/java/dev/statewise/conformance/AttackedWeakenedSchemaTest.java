package dev.statewise.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.conformance.fixtures.TicketWorkflow;
import dev.statewise.runtime.WorkflowDescriptor;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The generated schema, deployed as a careful team deploys it, then with one defence against the
 * application's role taken away, the way a hand-written migration or a hurried fix could: the
 * attacks find exactly what that defence kept out.
 */
class AttackedWeakenedSchemaTest {

    private static final WorkflowDescriptor TICKET = TicketWorkflow.DESCRIPTOR;

    /** What Statewise wrote before decision 0019: how a function found its tables. */
    private static final String BY_SEARCH_PATH = "@schema";

    @Test
    void functionsThatFindTheirTablesThroughTheSearchPathAreShadowedByTemporaryTables() throws SQLException {
        ConformanceReport report = attackAfter(DeployedSchema::application,
                Rewrite.function("ticket_before_update").unqualified(BY_SEARCH_PATH).sql(),
                Rewrite.function("ticket_before_delete").unqualified(BY_SEARCH_PATH).sql());

        assertEquals(List.of(
                        "Ticket OPEN [NO_SHADOWED_TABLES]: with a temporary table ticket_transition holding a forged"
                                + " edge OPEN -> ON_HOLD (statewiseForged), a change of state from OPEN to ON_HOLD"
                                + " along it was accepted",
                        "Ticket OPEN [NO_SHADOWED_TABLES]: with a temporary table ticket_history, transition triage"
                                + " from OPEN to TRIAGE was accepted and wrote 0 history rows in ticket_history, 1"
                                + " in the role's",
                        "Ticket TRIAGE [NO_SHADOWED_TABLES]: with a temporary table ticket_history, the DELETE of a"
                                + " row that has taken transition triage was accepted"),
                messages(report));
        assertEquals(0, report.notRun());
    }

    @Test
    void aPooledSessionThatCachedTheFunctionsPlansHidesNoShadow() throws SQLException {
        try (DeployedSchema schema = DeployedSchema.create()) {
            schema.asOwner(Rewrite.function("ticket_before_update").unqualified(BY_SEARCH_PATH).sql(),
                    Rewrite.function("ticket_before_delete").unqualified(BY_SEARCH_PATH).sql());
            try (OneSession pool = new OneSession(schema.application());
                    Connection session = pool.getConnection();
                    Statement statement = session.createStatement()) {
                // A session that keeps a temporary schema, and has planned every query of the
                // functions against the real tables: taking edges by name and by state alone,
                // and deleting a row.
                statement.execute("CREATE TEMPORARY TABLE scratch (n integer)");
                statement.execute("INSERT INTO ticket (status, code, urgent, points, priority)"
                        + " VALUES ('OPEN', 'abc', false, 1, 'LOW'), ('OPEN', 'abd', false, 1, 'LOW'),"
                        + " ('OPEN', 'abe', false, 1, 'LOW')");
                statement.execute("UPDATE ticket SET status = 'TRIAGE', transition = 'triage' WHERE code = 'abc'");
                statement.execute("UPDATE ticket SET status = 'TRIAGE' WHERE code = 'abd'");
                assertEquals(1, statement.executeUpdate("DELETE FROM ticket WHERE status = 'OPEN'"));

                ConformanceReport report = Conformance.attack(TICKET, pool);

                assertEquals(List.of("NO_SHADOWED_TABLES OPEN", "NO_SHADOWED_TABLES OPEN",
                        "NO_SHADOWED_TABLES TRIAGE"), keys(report));
            }
        }
    }

    @Test
    void aHistoryWithoutRowLevelSecurityIsWrittenByARoleGrantedInsertByMistake() throws SQLException {
        String disabled = "ALTER TABLE ticket_history DISABLE ROW LEVEL SECURITY";

        assertEquals(List.of(), attackAfter(DeployedSchema::application, disabled).findings(),
                "the application role has no INSERT on the history: its privileges refuse the rows");
        // A row inserted directly is still refused by the history's insert trigger, a guard against
        // mistakes; through a trigger of the role's own, only row-level security refused it.
        ConformanceReport report = attackAfter(DeployedSchema::overGranted, disabled);
        assertEquals(List.of("HISTORY_WRITTEN_BY_TRIGGER_ONLY OPEN", "HISTORY_WRITTEN_BY_TRIGGER_ONLY OPEN"),
                keys(report));
        assertTrue(report.findings().get(0).message().startsWith("a history row for ticket -1, which does not exist,"
                + " written by a trigger of the role's own on a temporary table, was accepted"), report::toString);
    }

    @Test
    void withoutTheOwnerOnlyTriggerEdgesAreWrittenByARoleThatMayWriteThem() throws SQLException {
        ConformanceReport report = attackAfter(DeployedSchema::overGranted,
                "UPDATE ticket_transition SET retired = true WHERE transition = 'resolve'",
                "DROP TRIGGER ticket_transition_owner_only ON ticket_transition");

        assertEquals(List.of(
                        "Ticket OPEN [EDGES_WRITTEN_BY_OWNER_ONLY]: a new edge OPEN -> ON_HOLD (statewiseForged) in"
                                + " ticket_transition was accepted",
                        "Ticket [EDGES_WRITTEN_BY_OWNER_ONLY]: an UPDATE un-retiring the retired edges of"
                                + " ticket_transition was accepted (1 rows)",
                        "Ticket [EDGES_WRITTEN_BY_OWNER_ONLY]: an UPDATE retiring every edge of ticket_transition"
                                + " was accepted (11 rows)"),
                messages(report));
    }

    @Test
    void withoutEitherEdgeTriggerEveryEdgeWriteIsFound() throws SQLException {
        ConformanceReport report = attackAfter(DeployedSchema::overGranted,
                "DROP TRIGGER ticket_transition_owner_only ON ticket_transition",
                "DROP TRIGGER ticket_transition_keep_edges ON ticket_transition");

        assertEquals(List.of(
                        "Ticket OPEN [EDGES_WRITTEN_BY_OWNER_ONLY]: a new edge OPEN -> ON_HOLD (statewiseForged) in"
                                + " ticket_transition was accepted",
                        "Ticket [EDGES_WRITTEN_BY_OWNER_ONLY]: an UPDATE retiring every edge of ticket_transition"
                                + " was accepted (12 rows)",
                        "Ticket [EDGES_WRITTEN_BY_OWNER_ONLY]: an UPDATE renaming every edge of ticket_transition"
                                + " was accepted (12 rows)",
                        "Ticket [EDGES_WRITTEN_BY_OWNER_ONLY]: a DELETE of every edge of ticket_transition was"
                                + " accepted (12 rows)",
                        "Ticket [EDGES_WRITTEN_BY_OWNER_ONLY]: a TRUNCATE of ticket_transition was accepted"),
                messages(report));
    }

    @Test
    void aRowTheRoleCannotMakeLeavesItsAttacksNotRunAndSaysWhy() throws SQLException {
        try (DeployedSchema schema = DeployedSchema.create()) {
            // The sample value of code, varchar(3), is 'sam'.
            schema.asOwner("ALTER TABLE ticket ADD CONSTRAINT ticket_no_sample CHECK (code <> 'sam')");

            ConformanceReport report = Conformance.attack(TICKET, schema.application());

            assertEquals(List.of("CREATE_IN_INITIAL_STATE OPEN"), keys(report));
            assertTrue(report.findings().get(0).message().startsWith("as role " + schema.applicationRole()
                    + ", a new row in OPEN could not be made or read: SQLSTATE 23514:"), report::toString);
            // 6 shadowing attacks, 2 forged history rows for a real row, 2 id changes, 1 audit
            // update, 1 trigger function on a copy: each needs a row.
            assertEquals(12, report.notRun());
            assertTrue(Conformance.attack(TICKET, schema.application(), Map.of("code", "abc")).conforms());
        }
    }

    @Test
    void aTypeWithoutASampleIsRefusedBeforeAnyAttack() throws SQLException {
        try (DeployedSchema schema = DeployedSchema.create()) {
            WorkflowDescriptor withUri = ConformanceTest.withFieldType(TICKET, "code", URI.class);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Conformance.attack(withUri, schema.application()));
            assertEquals("Workflow Ticket: no sample value of java.net.URI for field code; pass one in the samples,"
                    + " by the field's name", e.getMessage());
            Conformance.assertWithstandsAttacks(withUri, schema.application(), Map.of("code", "abc"));
        }
    }

    @Test
    void aFunctionThatRunsForAnyTableAndThatAnyRoleMayExecuteWritesHistoryForACopy() throws SQLException {
        ConformanceReport report = attackAfter(DeployedSchema::application,
                "GRANT EXECUTE ON FUNCTION ticket_before_update() TO PUBLIC",
                Rewrite.function("ticket_before_update").replace("IF TG_RELID <> ", "IF false AND TG_RELID <> ").sql());

        assertEquals(List.of("FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY OPEN", "FUNCTIONS_NOT_EXECUTABLE_BY_PUBLIC"),
                keys(report));
        assertTrue(report.findings().get(0).message().matches("ticket_before_update\\(\\), attached to a temporary copy"
                + " of ticket, wrote 1 history rows of transition triage for ticket \\d+, which never left OPEN"),
                report::toString);
        assertEquals("PUBLIC may execute trigger functions ticket_before_update(), so any role may attach them to"
                + " a table of its own", report.findings().get(1).message());
    }

    @Test
    void aFunctionThatRefusesOtherTablesHoldsEvenIfAnyRoleMayExecuteIt() throws SQLException {
        ConformanceReport report = attackAfter(DeployedSchema::application,
                "GRANT EXECUTE ON FUNCTION ticket_before_update(), ticket_before_delete() TO PUBLIC");

        assertEquals(List.of("FUNCTIONS_NOT_EXECUTABLE_BY_PUBLIC"), keys(report));
    }

    @Test
    void aFunctionOwnedByASuperuserIsFound() throws SQLException {
        ConformanceReport report = attackAfterAsSuperuser(DeployedSchema::application,
                "ALTER FUNCTION ticket_before_update() OWNER TO CURRENT_USER",
                "ALTER FUNCTION ticket_history_append_only() OWNER TO CURRENT_USER");

        assertEquals(List.of("Ticket [FUNCTIONS_NOT_OWNED_BY_SUPERUSER]: trigger functions owned by superuser"
                + " postgres: ticket_before_update() (SECURITY DEFINER), ticket_history_append_only(); one that is"
                + " SECURITY DEFINER runs with its owner's rights, every transition as a superuser: migrate as an"
                + " owner role that is no superuser"), messages(report));
    }

    @Test
    void anIdThatMayChangeIsFoundAndTheOldIdTakenByANewRow() throws SQLException {
        ConformanceReport report = attackAfter(DeployedSchema::application,
                Rewrite.function("ticket_before_update").replace("IF NEW.id <> OLD.id THEN", "IF false THEN").sql());

        assertEquals(List.of("ID_NEVER_CHANGES TRIAGE", "ID_NEVER_CHANGES TRIAGE"), keys(report));
        assertTrue(report.findings().get(0).message().matches("the id of a row that has taken transition triage was"
                + " changed from \\d+ to \\d+ \\(SET id = DEFAULT\\)"), report::toString);
        assertTrue(report.findings().get(1).message().endsWith(", and a new row inserted with that id OVERRIDING"
                + " SYSTEM VALUE was accepted: it inherits the other row's history"), report::toString);
    }

    @Test
    void creationAndUpdateTimesTakenAsGivenAreFound() throws SQLException {
        ConformanceReport report = attackAfter(DeployedSchema::application,
                Rewrite.function("ticket_before_insert")
                        .replace("NEW.created_at := now();", "")
                        .replace("NEW.updated_at := NEW.created_at;", "").sql(),
                Rewrite.function("ticket_before_update")
                        .replace("NEW.created_at := OLD.created_at;", "")
                        .replace("NEW.created_login_role := OLD.created_login_role;", "").sql());

        assertEquals(List.of(
                        "Ticket OPEN [AUDIT_COLUMNS_SET_BY_DATABASE]: a new row in OPEN kept the created_at,"
                                + " updated_at it gave, which the database sets",
                        "Ticket OPEN [AUDIT_COLUMNS_SET_BY_DATABASE]: an update of a row in OPEN kept the"
                                + " created_at, created_login_role it gave, which the database sets"),
                messages(report));
    }

    /**
     * The design before decision 0019 in full: functions with the caller's rights that find their
     * tables through a search_path starting with {@code "$user"}, no row-level security and the
     * application granted INSERT on the history (which those functions needed), EXECUTE for
     * PUBLIC, no own-table or id check, creation times as given; and an application role that
     * may create schemas. Every attack gets through, and the database is left as it was.
     */
    @Test
    void theDesignBeforeDecision0019FallsToEveryAttackAndIsLeftAsItWas() throws SQLException {
        try (DeployedSchema schema = DeployedSchema.create()) {
            schema.asOwner(
                    Rewrite.function("ticket_before_update").invoker().unqualified("\"$user\", " + BY_SEARCH_PATH)
                            .replace("IF TG_RELID <> ", "IF false AND TG_RELID <> ")
                            .replace("IF NEW.id <> OLD.id THEN", "IF false THEN").sql(),
                    Rewrite.function("ticket_before_delete").invoker().unqualified("\"$user\", " + BY_SEARCH_PATH)
                            .replace("IF TG_RELID <> ", "IF false AND TG_RELID <> ").sql(),
                    Rewrite.function("ticket_before_insert").replace("NEW.created_at := now();", "").sql(),
                    "ALTER TABLE ticket_history DISABLE ROW LEVEL SECURITY",
                    "GRANT INSERT ON ticket_history TO " + schema.applicationRole(),
                    "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + schema.name() + " TO PUBLIC");
            schema.asSuperuser("DO $grant$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO %I',"
                    + " current_database(), '" + schema.applicationRole() + "'); END $grant$");
            String before = snapshot(schema);

            ConformanceReport report = Conformance.attack(TICKET, schema.application());

            assertEquals(List.of(
                            "NO_SHADOWED_TABLES OPEN", "NO_SHADOWED_TABLES OPEN", "NO_SHADOWED_TABLES TRIAGE",
                            "NO_SHADOWED_TABLES OPEN", "NO_SHADOWED_TABLES OPEN", "NO_SHADOWED_TABLES TRIAGE",
                            "HISTORY_WRITTEN_BY_TRIGGER_ONLY OPEN", "HISTORY_WRITTEN_BY_TRIGGER_ONLY OPEN",
                            "ID_NEVER_CHANGES TRIAGE", "ID_NEVER_CHANGES TRIAGE",
                            "AUDIT_COLUMNS_SET_BY_DATABASE OPEN",
                            "FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY OPEN",
                            "FUNCTIONS_NOT_EXECUTABLE_BY_PUBLIC"),
                    keys(report));
            assertTrue(report.findings().get(3).message().startsWith("with a table ticket_transition in the role's own"
                    + " schema " + schema.applicationRole() + " holding a forged edge"), report::toString);
            assertEquals(before, snapshot(schema));
        }
    }

    /** Deploys a fresh schema, weakens it as its owner, attacks it as the chosen role, drops it. */
    private static ConformanceReport attackAfter(Function<DeployedSchema, DataSource> attacker, String... weakening)
            throws SQLException {
        try (DeployedSchema schema = DeployedSchema.create()) {
            schema.asOwner(weakening);
            return Conformance.attack(TICKET, attacker.apply(schema));
        }
    }

    private static ConformanceReport attackAfterAsSuperuser(Function<DeployedSchema, DataSource> attacker,
            String... weakening) throws SQLException {
        try (DeployedSchema schema = DeployedSchema.create()) {
            schema.asSuperuser(weakening);
            return Conformance.attack(TICKET, attacker.apply(schema));
        }
    }

    /**
     * What the attacks could have left behind: the schema's tables and functions, the rows of the
     * workflow's three tables, and any schema named after a role of this test.
     */
    private static String snapshot(DeployedSchema schema) throws SQLException {
        List<String> queries = List.of(
                "SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c"
                        + " WHERE c.relnamespace = current_schema()::regnamespace",
                "SELECT string_agg(p.proname, ',' ORDER BY p.proname) FROM pg_proc p"
                        + " WHERE p.pronamespace = current_schema()::regnamespace",
                "SELECT string_agg(t::text, ',' ORDER BY t::text) FROM ticket t",
                "SELECT string_agg(h::text, ',' ORDER BY h::text) FROM ticket_history h",
                "SELECT string_agg(e::text, ',' ORDER BY e::text) FROM ticket_transition e",
                "SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname LIKE '" + schema.name() + "_%'");
        List<String> results = new ArrayList<>();
        try (Connection connection = schema.superuser().getConnection();
                Statement statement = connection.createStatement()) {
            for (String query : queries) {
                try (ResultSet result = statement.executeQuery(query)) {
                    result.next();
                    results.add(result.getString(1));
                }
            }
        }
        return String.join("\n", results);
    }

    /** Each finding as its rule and state, in the order found. */
    private static List<String> keys(ConformanceReport report) {
        return report.findings().stream()
                .map(f -> f.rule() + (f.state() == null ? "" : " " + f.state()))
                .toList();
    }

    private static List<String> messages(ConformanceReport report) {
        return report.findings().stream().map(Finding::toString).toList();
    }
}
