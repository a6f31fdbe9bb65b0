package dev.statewise.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.conformance.fixtures.QuoteWorkflow;
import dev.statewise.conformance.fixtures.ReviewWorkflow;
import dev.statewise.conformance.fixtures.TicketWorkflow;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fixtures' schemas, as Statewise generated them and a careful team deploys them, withstand
 * every attack of a role that owns nothing; the owner and a superuser are not taken for attackers.
 */
class AttackTest {

    private static final WorkflowDescriptor TICKET = TicketWorkflow.DESCRIPTOR;

    private static DeployedSchema schema;

    @BeforeAll
    static void deploy() throws SQLException {
        schema = DeployedSchema.create();
    }

    @AfterAll
    static void drop() throws SQLException {
        schema.close();
    }

    @Test
    void everyFixtureWithstandsTheApplicationRole() {
        for (WorkflowDescriptor workflow : DeployedSchema.FIXTURES) {
            ConformanceReport report = Conformance.attack(workflow, schema.application());

            assertEquals(List.of(), report.findings(), workflow.name());
            assertEquals(0, report.notRun(), workflow.name());
            assertTrue(report.conforms(), workflow.name());
        }
    }

    @Test
    void everyAttackIsTriedAndCounted() {
        ConformanceReport report = Conformance.attack(TICKET, schema.application());

        // Counted by hand, so that an attack silently left out fails: 1 the role, 3 shadowing
        // attacks x (temporary table, schema of the role's own), 3 forged history rows, 5 edge
        // writes (no edge is retired, so none to un-retire), 2 id changes, 2 forged audit columns,
        // 1 trigger function on a copy of the table, 2 read from the catalog.
        assertEquals(1 + 6 + 3 + 5 + 2 + 2 + 1 + 2, report.checks());
        assertEquals("Workflow Ticket: the database enforced all 22 checks", report.toString());
        Conformance.assertWithstandsAttacks(TICKET, schema.application());
    }

    @Test
    void aRoleGrantedEverythingOnTheTablesAndFunctionsStillGetsNothingPast() {
        for (WorkflowDescriptor workflow : DeployedSchema.FIXTURES) {
            ConformanceReport report = Conformance.attack(workflow, schema.overGranted());

            assertEquals(List.of(), report.findings(), workflow.name());
            assertEquals(0, report.notRun(), workflow.name());
        }
    }

    @Test
    void aRoleThatMayNotWriteTheTableIsRefusedEveryAttackByPrivilege() {
        ConformanceReport report = Conformance.attack(TICKET, schema.bystander());

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
        assertEquals(22, report.checks());
    }

    @Test
    void aRetiredEdgeIsTriedUnRetired() throws SQLException {
        int checks = Conformance.attack(ReviewWorkflow.DESCRIPTOR, schema.overGranted()).checks();
        schema.asOwner("UPDATE review_transition SET retired = true WHERE transition = 'reject'");
        try {
            ConformanceReport report = Conformance.attack(ReviewWorkflow.DESCRIPTOR, schema.overGranted());

            assertEquals(List.of(), report.findings());
            assertEquals(checks + 1, report.checks());
        } finally {
            schema.asOwner("UPDATE review_transition SET retired = false WHERE transition = 'reject'");
        }
    }

    @Test
    void theOwnerIsNoAttacker() {
        ConformanceReport report = Conformance.attack(TICKET, schema.owner());

        assertEquals(List.of(new Finding("Ticket", Rule.ATTACKER_OWNS_NOTHING, null, null, "cannot attack as role "
                + schema.ownerRole() + ": it owns table ticket")), report.findings());
        assertEquals(1, report.checks());
        AssertionError failure = assertThrows(AssertionError.class,
                () -> Conformance.assertWithstandsAttacks(TICKET, schema.owner()));
        assertTrue(failure.getMessage().startsWith("Workflow Ticket: 1 of 1 checks failed\n"
                + "  Ticket [ATTACKER_OWNS_NOTHING]: cannot attack as role "), failure.getMessage());
    }

    @Test
    void aSuperuserIsNoAttacker() {
        ConformanceReport report = Conformance.attack(TICKET, schema.superuser());

        assertEquals(1, report.checks());
        assertEquals(1, report.findings().size());
        assertTrue(report.findings().get(0).message().endsWith(": it is a superuser (postgres)"),
                report::toString);
    }

    @Test
    void aMemberOfTheOwnersRoleIsNoAttacker() throws SQLException {
        schema.asSuperuser("GRANT " + schema.ownerRole() + " TO " + schema.bystanderRole());
        try {
            ConformanceReport report = Conformance.attack(TICKET, schema.bystander());

            assertEquals(List.of("cannot attack as role " + schema.bystanderRole() + ": it has the privileges of role "
                    + schema.ownerRole() + ", which owns table ticket"),
                    report.findings().stream().map(Finding::message).toList());
        } finally {
            schema.asSuperuser("REVOKE " + schema.ownerRole() + " FROM " + schema.bystanderRole());
        }
    }

    @Test
    void aTableNotOnTheSearchPathIsOneFinding() {
        WorkflowDescriptor elsewhere = new WorkflowDescriptor("Ghost", "ghost", "status",
                List.of(), List.of(), List.of());

        assertEquals(List.of(new Finding("Ghost", Rule.SCHEMA_PRESENT, null, null,
                "table ghost not found on the data source's search_path")),
                Conformance.attack(elsewhere, schema.application()).findings());
    }

    @Test
    void theCheckAsTheApplicationRoleTakesEveryEdgeAndFindsEveryRefusal() {
        ConformanceReport report = Conformance.check(TICKET, schema.application());

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
        // As in ConformanceTest.
        assertEquals(201, report.checks());
    }

    @Test
    void theCheckAsTheApplicationRoleFindsEachRowsEntryMomentAndDeadlineKept() {
        ConformanceReport report = Conformance.check(QuoteWorkflow.DESCRIPTOR, schema.application());

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
        // As in ConformanceTest.
        assertEquals(141, report.checks());
    }
}
