package dev.statewise.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.conformance.fixtures.ClaimWorkflow;
import dev.statewise.conformance.fixtures.LongNamedNoteWorkflow;
import dev.statewise.conformance.fixtures.QuoteWorkflow;
import dev.statewise.conformance.fixtures.ReviewWorkflow;
import dev.statewise.conformance.fixtures.TicketWorkflow;
import dev.statewise.conformance.fixtures.TransferWorkflow;
import dev.statewise.runtime.FieldDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import dev.statewise.test.PostgresTest;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The generated schemas of the fixtures, as Statewise wrote them, conform. */
@PostgresTest(migrations = "classpath:db/migration")
class ConformanceTest {

    private static final WorkflowDescriptor TICKET = TicketWorkflow.DESCRIPTOR;

    @Test
    void aGeneratedSchemaConformsWithEveryFieldTypeAndShape(DataSource dataSource) {
        ConformanceReport report = Conformance.check(TICKET, dataSource);

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
        assertTrue(report.conforms());
        // Counted by hand from the declaration, so that a check that silently tries less fails:
        // 1 schema, 2 creates, 4 creates outside the initial states, 1 + 6 undeclared states,
        // 12 edges x (accepted, history, version), 6 x 5 - 10 = 20 pairs of states along no edge,
        // 6 x 4 + 3 x 3 + 6 = 39 required fields, 5 x 5 = 25 @OnlyIn fields, 6 + 6 + 3 + 3 + 2 + 6
        // = 26 fields optional in a state, 3 + 2 on history, 2 removing a row with history, and
        // 4 x 2 infinities in dates and timestamps + 2 x 3 NaN and infinities in numerics = 14
        // values the Java types cannot hold; and when each row entered its state: 2 new rows
        // giving it, 12 edges and 6 edits giving it.
        assertEquals(1 + 2 + 4 + 7 + 36 + 20 + 39 + 25 + 26 + 3 + 2 + 2 + 14 + 2 + 12 + 6, report.checks());
        assertEquals("Workflow Ticket: the database enforced all 201 checks", report.toString());
    }

    @Test
    void allowedInFieldsAreNullOutsideTheirStatesAndOptionalInside(DataSource dataSource) {
        ConformanceReport report = Conformance.check(ReviewWorkflow.DESCRIPTOR, dataSource);

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
        // 1 schema, 1 create, 2 creates outside DRAFT, 1 + 3 undeclared states, 4 edges x 3,
        // 3 pairs of states along no edge, 3 + 1 required fields, verdict and notes NULL in DRAFT
        // and notes in ACCEPTED, verdict and notes optional in IN_REVIEW, 3 + 2 on history,
        // 2 removing a row with history, the moment each row entered its state: 1 new row, 4 edges
        // and 3 edits giving it.
        assertEquals(1 + 1 + 2 + 4 + 12 + 3 + 4 + 3 + 2 + 5 + 2 + 1 + 4 + 3, report.checks());
    }

    @Test
    void aWorkflowWithTimeoutsKeepsEachRowsEntryMomentAndDeadline(DataSource dataSource) {
        ConformanceReport report = Conformance.check(QuoteWorkflow.DESCRIPTOR, dataSource);

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
        // 1 schema, 1 create, 6 creates outside DRAFT, 1 + 7 undeclared states, 9 edges x 3,
        // 7 x 6 - 7 = 35 pairs of states along no edge, 7 + 1 required fields, validUntil optional
        // in 6 states, 3 + 2 on history, 2 removing a row with history, 2 infinities in validUntil.
        // The entry moment: 1 new row, 9 edges and 7 edits giving it. The deadline: 1 new row in
        // DRAFT, 9 edges into or out of a timed state, 1 update of validUntil in OFFERED; 1 new
        // row and 7 edits giving it. The retry: the 3 timed states' transitions that fire, and
        // 1 update of validUntil.
        assertEquals(1 + 1 + 6 + 8 + 27 + 35 + 8 + 6 + 3 + 2 + 2 + 2
                + 1 + 9 + 7
                + 1 + 9 + 1 + 1 + 7
                + 3 + 1, report.checks());
    }

    @Test
    void everyRuleBetweenFieldsIsBrokenInEachStateItHoldsInAndAcceptedInTheOthers(DataSource dataSource) {
        ConformanceReport report = Conformance.check(ClaimWorkflow.DESCRIPTOR, dataSource);

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
        assertTrue(report.conforms());
        // Six rules broken in each of the 4 states, refused where they hold and accepted elsewhere (approver,
        // adjuster and approvedAmount are optional in SUBMITTED and DENIED, so they can be set there), but
        // paidOn >= incidentOn in PAID alone, since paidOn must be NULL in the others: 5 x 4 + 1 = 21 checks
        // more than the same descriptor without its rules, given the same values.
        WorkflowDescriptor claim = ClaimWorkflow.DESCRIPTOR;
        WorkflowDescriptor withoutRules = new WorkflowDescriptor(claim.name(), claim.table(), claim.stateColumn(),
                claim.stateColumnCheck(), claim.transitionTable(), claim.historyTable(), claim.historyEntityColumn(),
                claim.states(), claim.edges(), claim.fields());
        ConformanceReport base = Conformance.check(withoutRules, dataSource, Samples.keepingRules(claim, Map.of()));
        assertEquals(List.of(), base.findings());
        assertEquals(base.checks() + 21, report.checks());
        // Only a NULL policeReport breaks theftIsReported: the check can say so, not try it.
        assertEquals(List.of("rule theftIsReported, not (kind == THEFT and policeReport is null) "
                + "(claim_theft_is_reported_rule): Statewise found no values that break it, such as a rule only NULL "
                + "breaks"), report.untried());
        assertTrue(report.toString().contains("; 1 left untried\n  untried: rule theftIsReported"), report::toString);
    }

    @Test
    void twoReferencesToOneWorkflowShareItsRowSoItsUniqueFieldsDoNotCollide(DataSource dataSource) {
        ConformanceReport report = Conformance.check(TransferWorkflow.DESCRIPTOR, dataSource);

        assertEquals(List.of(), report.findings());
        assertEquals(0, report.notRun());
    }

    @Test
    void namesShortenedByStatewiseComeFromTheDescriptor(DataSource dataSource) {
        WorkflowDescriptor note = LongNamedNoteWorkflow.DESCRIPTOR;
        assertTrue(note.historyTable().matches(".*_[0-9a-f]{8}"), note.historyTable());

        Conformance.assertConforms(note, dataSource);
    }

    @Test
    void leavesTheDatabaseAsItFoundIt(DataSource dataSource) throws SQLException {
        long rowsBefore = count(dataSource, "SELECT count(*) FROM ticket");

        Conformance.check(TICKET, dataSource);

        assertEquals(rowsBefore, count(dataSource, "SELECT count(*) FROM ticket"));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM ticket_history"));
    }

    @Test
    void givenSamplesServeTypesItDoesNotKnow(DataSource dataSource) {
        WorkflowDescriptor withUri = withFieldType(TICKET, "code", URI.class);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conformance.check(withUri, dataSource));
        assertEquals("Workflow Ticket: no sample value of java.net.URI for field code; pass one in"
                + " the samples, by the field's name", e.getMessage());

        Conformance.assertConforms(withUri, dataSource, Map.of("code", "abc"));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> Conformance.check(withUri, dataSource, Map.of("kode", "abc")));
        assertEquals("Workflow Ticket declares no field kode to take a sample value", typo.getMessage());
    }

    @Test
    void aMissingTableIsOneFinding(DataSource dataSource) {
        WorkflowDescriptor elsewhere = new WorkflowDescriptor("Ghost", "ghost", "status",
                List.of(), List.of(), List.of());

        ConformanceReport report = Conformance.check(elsewhere, dataSource);

        assertEquals(List.of(new Finding("Ghost", Rule.SCHEMA_PRESENT, null, null,
                "table ghost not found on the data source's search_path")), report.findings());
        AssertionError failure = assertThrows(AssertionError.class,
                () -> Conformance.assertConforms(elsewhere, dataSource));
        assertEquals("Workflow Ghost: 1 of 1 checks failed\n"
                + "  Ghost [SCHEMA_PRESENT]: table ghost not found on the data source's search_path",
                failure.getMessage());
    }

    static WorkflowDescriptor withFieldType(WorkflowDescriptor workflow, String field, Class<?> type) {
        List<FieldDescriptor> fields = workflow.fields().stream()
                .map(f -> f.name().equals(field) ? new FieldDescriptor(f.name(), f.column(), type) : f)
                .toList();
        return new WorkflowDescriptor(workflow.name(), workflow.table(), workflow.stateColumn(),
                workflow.stateColumnCheck(), workflow.transitionTable(), workflow.historyTable(), workflow.historyEntityColumn(),
                workflow.states(), workflow.edges(), fields);
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
