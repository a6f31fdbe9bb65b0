package dev.statewise.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.conformance.fixtures.ClaimWorkflow;
import dev.statewise.conformance.fixtures.ParcelWorkflow;
import dev.statewise.conformance.fixtures.QuoteWorkflow;
import dev.statewise.conformance.fixtures.ReviewWorkflow;
import dev.statewise.conformance.fixtures.TicketWorkflow;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The generated schema, migrated into a fresh schema per test, then weakened the way a hand-written
 * migration or a hurried fix could: the check names exactly the rules that no longer hold.
 */
class WeakenedSchemaTest {

    private static final WorkflowDescriptor TICKET = TicketWorkflow.DESCRIPTOR;
    private static final WorkflowDescriptor REVIEW = ReviewWorkflow.DESCRIPTOR;
    private static final WorkflowDescriptor QUOTE = QuoteWorkflow.DESCRIPTOR;

    @Test
    void aDroppedStateCheckIsFoundForEachFieldOfThatState() throws SQLException {
        ConformanceReport report = checkAfter("ALTER TABLE ticket DROP CONSTRAINT ticket_assigned_check");

        assertEquals(List.of(
                        "REQUIRED_FIELD ASSIGNED.assignee",
                        "REQUIRED_FIELD ASSIGNED.assigneeId",
                        "REQUIRED_FIELD ASSIGNED.dueOn",
                        "ONLY_IN_FIELD ASSIGNED.heldUntil",
                        "ONLY_IN_FIELD ASSIGNED.closedAt",
                        "ONLY_IN_FIELD ASSIGNED.rating",
                        "ONLY_IN_FIELD ASSIGNED.withdrawnAt",
                        "ONLY_IN_FIELD ASSIGNED.withdrawalNote"),
                keys(report));
        assertEquals("Ticket ASSIGNED.assignee [REQUIRED_FIELD]: a row in ASSIGNED with assignee NULL"
                + " was accepted", report.findings().get(0).toString());
        assertEquals(0, report.notRun());
    }

    @Test
    void anAllowedInFieldLeftInADraftIsFound() throws SQLException {
        ConformanceReport report = checkAfter(REVIEW, "ALTER TABLE review DROP CONSTRAINT review_draft_check");

        assertEquals(List.of("ONLY_IN_FIELD DRAFT.verdict", "ONLY_IN_FIELD DRAFT.notes"), keys(report));
        assertEquals("Review DRAFT.verdict [ONLY_IN_FIELD]: a row in DRAFT with verdict set, which must be NULL"
                + " there, was accepted", report.findings().get(0).toString());
    }

    @Test
    void anAllowedInFieldRefusedWhereItIsAllowedIsFound() throws SQLException {
        ConformanceReport report = checkAfter(REVIEW,
                "ALTER TABLE review ADD CONSTRAINT review_no_notes CHECK (status <> 'IN_REVIEW' OR notes IS NULL)");

        assertEquals(List.of("OPTIONAL_FIELD IN_REVIEW.notes"), keys(report));
        assertTrue(report.findings().get(0).message().startsWith("a row in IN_REVIEW with notes set, then NULL,"
                + " which IN_REVIEW allows, was refused: SQLSTATE 23514:"), report::toString);
        assertEquals(0, report.notRun());
    }

    @Test
    void aDroppedRuleIsFoundInEveryStateItHoldsIn() throws SQLException {
        ConformanceReport report = checkAfter(ClaimWorkflow.DESCRIPTOR,
                "ALTER TABLE claim DROP CONSTRAINT claim_approver_is_not_the_claimant_rule");

        assertEquals(List.of("RULE_BETWEEN_FIELDS APPROVED", "RULE_BETWEEN_FIELDS PAID"), keys(report));
        assertEquals("Claim APPROVED [RULE_BETWEEN_FIELDS]: a row in APPROVED edited to approver = a, claimant = a, "
                + "which break rule approverIsNotTheClaimant, approver != claimant "
                + "(claim_approver_is_not_the_claimant_rule), was accepted: its CHECK is missing, or weaker than the "
                + "rule", report.findings().get(0).toString());
        assertEquals(0, report.notRun());
    }

    @Test
    void aRuleWeakenedToFewerStatesOrALooserConditionIsFound() throws SQLException {
        ConformanceReport report = checkAfter(ClaimWorkflow.DESCRIPTOR,
                "ALTER TABLE claim DROP CONSTRAINT claim_approved_amount_le_claimed_amount_rule",
                "ALTER TABLE claim ADD CONSTRAINT claim_approved_amount_le_claimed_amount_rule"
                        + " CHECK (status NOT IN ('PAID') OR (approved_amount <= claimed_amount))",
                "ALTER TABLE claim DROP CONSTRAINT claim_urgent_or_dated_rule",
                "ALTER TABLE claim ADD CONSTRAINT claim_urgent_or_dated_rule"
                        + " CHECK (urgent OR days > -10)");

        assertEquals(List.of("RULE_BETWEEN_FIELDS APPROVED", "RULE_BETWEEN_FIELDS SUBMITTED",
                "RULE_BETWEEN_FIELDS APPROVED", "RULE_BETWEEN_FIELDS PAID", "RULE_BETWEEN_FIELDS DENIED"), keys(report));
    }

    @Test
    void aRuleEnforcedBeyondItsStatesIsFound() throws SQLException {
        ConformanceReport report = checkAfter(ClaimWorkflow.DESCRIPTOR,
                "ALTER TABLE claim DROP CONSTRAINT claim_adjuster_ne_customer_rule",
                "ALTER TABLE claim ADD CONSTRAINT claim_adjuster_ne_customer_rule CHECK (adjuster <> customer)");

        assertEquals(List.of("RULE_BETWEEN_FIELDS SUBMITTED", "RULE_BETWEEN_FIELDS DENIED"), keys(report));
        assertTrue(report.findings().get(0).message().endsWith("was refused by it, but the rule holds only in "
                + "APPROVED, PAID"), report::toString);
    }

    @Test
    void aDroppedNotNullIsFoundInEveryState() throws SQLException {
        ConformanceReport report = checkAfter("ALTER TABLE ticket ALTER COLUMN code DROP NOT NULL");

        assertEquals(TICKET.states().stream().map(s -> "REQUIRED_FIELD " + s.name() + ".code").toList(),
                keys(report));
    }

    @Test
    void withoutTheTransitionTriggerEveryUndeclaredChangeAndEveryHistoryRowIsFound() throws SQLException {
        ConformanceReport report = checkAfter("DROP TRIGGER ticket_before_update ON ticket");

        List<String> expected = new ArrayList<>();
        for (EdgeDescriptor edge : TICKET.edges()) {
            expected.add("HISTORY_RECORDED " + edge.from());
            expected.add("VERSION_INCREMENTED " + edge.from());
            // Nothing keeps a moment a statement writes, along an edge or in an edit.
            expected.add("ENTRY_MOMENT_MOVES_WITH_STATE " + edge.from());
        }
        TICKET.states().forEach(state -> expected.add("ENTRY_MOMENT_MOVES_WITH_STATE " + state.name()));
        for (StateDescriptor from : TICKET.states()) {
            for (StateDescriptor to : TICKET.states()) {
                if (from != to && TICKET.edgesFrom(from.name()).stream().noneMatch(e -> e.to().equals(to.name()))) {
                    expected.add("UNDECLARED_EDGE_REFUSED " + from.name());
                }
            }
        }
        // A row that took a transition has no history, so nothing keeps it.
        expected.add("ROW_WITH_HISTORY_KEPT");
        assertEquals(sorted(expected), sorted(keys(report)));
        assertTrue(messages(report).contains("Ticket OPEN [UNDECLARED_EDGE_REFUSED]: a change of state"
                + " from OPEN to CLOSED, along no declared transition, was accepted"), messages(report).toString());
        assertTrue(messages(report).contains("Ticket ASSIGNED [HISTORY_RECORDED]: transition reassign"
                + " from ASSIGNED to ASSIGNED left no history row in ticket_history, expected one:"
                + " reassign: ASSIGNED -> ASSIGNED by statewise-conformance because conformance check"),
                messages(report).toString());
    }

    @Test
    void withoutTheInsertTriggerNewRowsOutsideTheInitialStatesAreFound() throws SQLException {
        ConformanceReport report = checkAfter("DROP TRIGGER ticket_before_insert ON ticket");

        assertEquals(List.of(
                        "NO_CREATE_OUTSIDE_INITIAL_STATES ASSIGNED",
                        "NO_CREATE_OUTSIDE_INITIAL_STATES ON_HOLD",
                        "NO_CREATE_OUTSIDE_INITIAL_STATES CLOSED",
                        "NO_CREATE_OUTSIDE_INITIAL_STATES WITHDRAWN",
                        "ENTRY_MOMENT_SET_ON_INSERT OPEN",
                        "ENTRY_MOMENT_SET_ON_INSERT TRIAGE"),
                keys(report));
    }

    @Test
    void aHistoryThatCanBeRewrittenIsFound() throws SQLException {
        ConformanceReport report = checkAfter("DROP TRIGGER ticket_history_append_only ON ticket_history");

        assertEquals(List.of("HISTORY_APPEND_ONLY", "HISTORY_APPEND_ONLY", "HISTORY_APPEND_ONLY"),
                keys(report));
        assertEquals(List.of(
                        "Ticket [HISTORY_APPEND_ONLY]: an UPDATE of ticket_history after a transition was accepted",
                        "Ticket [HISTORY_APPEND_ONLY]: a DELETE of ticket_history after a transition was accepted",
                        "Ticket [HISTORY_APPEND_ONLY]: a TRUNCATE of ticket_history after a transition was accepted"),
                messages(report));
    }

    @Test
    void aNumericThatTakesNaNAndADateThatTakesInfinityAreFound() throws SQLException {
        ConformanceReport report = checkAfter("ALTER TABLE ticket DROP CONSTRAINT ticket_cost_check",
                "ALTER TABLE ticket DROP CONSTRAINT ticket_due_on_check");

        // The infinities a numeric(7, 2) refuses by itself.
        assertEquals(List.of("VALUES_THE_JAVA_TYPE_HOLDS OPEN.dueOn", "VALUES_THE_JAVA_TYPE_HOLDS OPEN.dueOn",
                "VALUES_THE_JAVA_TYPE_HOLDS OPEN.cost"), keys(report));
        assertTrue(report.findings().get(2).message().contains("with cost = 'NaN', which BigDecimal cannot hold,"
                + " was accepted"), report::toString);
    }

    @Test
    void aHistoryThatNamesAnyEdgeIsFound() throws SQLException {
        // The check runs as the superuser, whom row-level security does not refuse: the trigger does.
        ConformanceReport report = checkAfter("DROP TRIGGER ticket_history_before_insert ON ticket_history");

        assertEquals(List.of("HISTORY_NAMES_DECLARED_EDGES", "HISTORY_NAMES_DECLARED_EDGES"), keys(report));
    }

    @Test
    void aRowWithHistoryThatCanBeDeletedIsFound() throws SQLException {
        ConformanceReport report = checkAfter(REVIEW,
                "DROP TRIGGER review_before_delete ON review",
                "DROP TRIGGER review_before_truncate ON review");

        assertEquals(List.of(
                        "Review [ROW_WITH_HISTORY_KEPT]: a DELETE of review after a transition was accepted",
                        "Review [ROW_WITH_HISTORY_KEPT]: a TRUNCATE of review after a transition was accepted"),
                messages(report));
    }

    @Test
    void aTableThatAnotherReferencesIsKeptFromTruncationByTheForeignKey() throws SQLException {
        // parcel.ticket_id references ticket, and PostgreSQL refuses TRUNCATE ticket first (0A000).
        ConformanceReport report = checkAfter(
                "DROP TRIGGER ticket_before_delete ON ticket",
                "DROP TRIGGER ticket_before_truncate ON ticket");

        assertEquals(List.of("Ticket [ROW_WITH_HISTORY_KEPT]: a DELETE of ticket after a transition was accepted"),
                messages(report));
    }

    @Test
    void aHistoryKeptByForeignKeysAsBeforeDecision0018Conforms() throws SQLException {
        ConformanceReport report = checkAfter(
                "DROP TRIGGER ticket_history_before_insert ON ticket_history",
                "DROP TRIGGER ticket_before_delete ON ticket",
                "DROP TRIGGER ticket_before_truncate ON ticket",
                "ALTER TABLE ticket_history ADD CONSTRAINT ticket_history_ticket_fkey"
                        + " FOREIGN KEY (ticket_id) REFERENCES ticket (id)",
                "ALTER TABLE ticket_history ADD CONSTRAINT ticket_history_transition_fkey"
                        + " FOREIGN KEY (from_state, to_state, transition)"
                        + " REFERENCES ticket_transition (from_state, to_state, transition)");

        assertConforms(report);
    }

    @Test
    void anUndeclaredStateIsFoundInsertedAndReached() throws SQLException {
        ConformanceReport report = checkAfter(
                "ALTER TABLE ticket DROP CONSTRAINT ticket_status_check",
                "DROP TRIGGER ticket_before_insert ON ticket",
                "DROP TRIGGER ticket_before_update ON ticket");

        Set<String> undeclaredStates = report.findings().stream()
                .filter(f -> f.rule() == Rule.ONLY_DECLARED_STATES)
                .map(f -> String.valueOf(f.state()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("null", "OPEN", "TRIAGE", "ASSIGNED", "ON_HOLD", "CLOSED", "WITHDRAWN")),
                undeclaredStates);
    }

    @Test
    void aTriggerThatCannotFindItsTablesIsFoundRefusingForTheWrongReason() throws SQLException {
        // Its tables named without their schema, and a search_path that lacks it.
        ConformanceReport report = checkAfter(Rewrite.function("ticket_before_update").unqualified("pg_catalog").sql());

        Finding assign = report.findings().stream()
                .filter(f -> f.rule() == Rule.DECLARED_EDGE_ACCEPTED && f.message().contains("transition assign from OPEN"))
                .findFirst().orElseThrow(() -> new AssertionError(report));
        assertTrue(assign.message().startsWith("transition assign from OPEN to ASSIGNED was refused: SQLSTATE 42P01:"),
                assign.message());
        assertTrue(report.findings().stream().anyMatch(f -> f.rule() == Rule.UNDECLARED_EDGE_REFUSED
                        && f.message().contains("was refused, but not by this rule (expected SQLSTATE 23SW1 or 23514)")),
                report::toString);
        // Rows reach no state beyond the initial ones, so what starts there cannot run.
        assertTrue(report.notRun() > 0);
        assertThrows(AssertionError.class, () -> assertConforms(report));
    }

    @Test
    void deferredConstraintsAreCheckedAtOnce() throws SQLException {
        ConformanceReport report = checkAfter(ParcelWorkflow.DESCRIPTOR,
                "ALTER TABLE parcel ALTER CONSTRAINT parcel_ticket_id_fkey DEFERRABLE INITIALLY DEFERRED");

        assertEquals(List.of(), report.findings());
        assertTrue(report.conforms());
    }

    @Test
    void aReferenceAndAUniqueCodeHoldAsGenerated() throws SQLException {
        ConformanceReport report = checkAfter(ParcelWorkflow.DESCRIPTOR);

        assertConforms(report);
        assertTrue(report.checks() > 0);
    }

    @Test
    void aDroppedForeignKeyIsFoundInEveryStateThatSetsTheField() throws SQLException {
        ConformanceReport report = checkAfter(ParcelWorkflow.DESCRIPTOR,
                "ALTER TABLE parcel DROP CONSTRAINT parcel_ticket_id_fkey");

        assertEquals(List.of("REFERENCE_ENFORCED PACKED.ticketId", "REFERENCE_ENFORCED SENT.ticketId",
                "REFERENCE_ENFORCED RETURNED.ticketId"), keys(report));
    }

    @Test
    void aDroppedUniqueIndexIsFound() throws SQLException {
        ConformanceReport report = checkAfter(ParcelWorkflow.DESCRIPTOR, "DROP INDEX parcel_code_key");

        assertEquals(List.of("UNIQUE_AMONG_STATES SENT.code"), keys(report));
    }

    @Test
    void aUniqueIndexOverEveryStateIsFoundTooStrict() throws SQLException {
        ConformanceReport report = checkAfter(ParcelWorkflow.DESCRIPTOR, "DROP INDEX parcel_code_key",
                "CREATE UNIQUE INDEX parcel_code_key ON parcel (code)");

        assertEquals(List.of("UNIQUE_AMONG_STATES PACKED.code", "UNIQUE_AMONG_STATES RETURNED.code"), keys(report));
    }

    @Test
    void aNewRowThatKeepsTheMomentItGivesIsFound() throws SQLException {
        ConformanceReport report = checkAfter(Rewrite.function("ticket_before_insert")
                .replace("NEW.status_since := NEW.created_at;", "").sql());

        assertEquals(List.of("ENTRY_MOMENT_SET_ON_INSERT OPEN", "ENTRY_MOMENT_SET_ON_INSERT TRIAGE"), keys(report));
        assertTrue(report.findings().get(0).toString().startsWith("Ticket OPEN [ENTRY_MOMENT_SET_ON_INSERT]: a new row"
                + " in OPEN, giving status_since 2001-02-03T04:05:06Z, was accepted with status_since"
                + " 2001-02-03T04:05:06Z, not its created_at "), report::toString);
        assertEquals(0, report.notRun());
    }

    @Test
    void anUpdateThatKeepsTheMomentItGivesWithoutAChangeOfStateIsFound() throws SQLException {
        ConformanceReport report = checkAfter(Rewrite.function("ticket_before_update")
                .replace("NEW.status_since := coalesce(OLD.status_since,", "NEW.status_since := coalesce(NEW.status_since,")
                .sql());

        List<String> expected = new ArrayList<>(List.of("ENTRY_MOMENT_MOVES_WITH_STATE ASSIGNED"));
        TICKET.states().forEach(state -> expected.add("ENTRY_MOMENT_MOVES_WITH_STATE " + state.name()));
        assertEquals(sorted(expected), sorted(keys(report)));
        assertTrue(messages(report).stream().anyMatch(m -> m.startsWith("Ticket ASSIGNED [ENTRY_MOMENT_MOVES_WITH_STATE]:"
                + " transition reassign from ASSIGNED to ASSIGNED, giving status_since 2001-02-03T04:05:06Z, was accepted"
                + " with status_since 2001-02-03T04:05:06Z: a self-transition keeps ")), report::toString);
        assertTrue(messages(report).stream().anyMatch(m -> m.startsWith("Ticket OPEN [ENTRY_MOMENT_MOVES_WITH_STATE]:"
                + " an update of a row in OPEN that keeps its state, giving status_since 2001-02-03T04:05:06Z, was"
                + " accepted with status_since 2001-02-03T04:05:06Z: only a change of state moves it from ")),
                report::toString);
    }

    @Test
    void aChangeOfStateThatDoesNotMoveTheMomentIsFoundKeepingTheOneItIsGiven() throws SQLException {
        ConformanceReport report = checkAfter(Rewrite.function("ticket_before_update")
                .replace("NEW.status_since := now();", "NEW.status_since := NEW.status_since;").sql());

        assertEquals(changesOfState(TICKET, "ENTRY_MOMENT_MOVES_WITH_STATE"), sorted(keys(report)));
        assertTrue(messages(report).stream().anyMatch(m -> m.startsWith("Ticket OPEN [ENTRY_MOMENT_MOVES_WITH_STATE]:"
                + " transition assign from OPEN to ASSIGNED, giving status_since 2001-02-03T04:05:06Z, was accepted"
                + " with status_since 2001-02-03T04:05:06Z, not the transaction's now(), ")), report::toString);
    }

    @Test
    void aMomentFromAClockOtherThanTheTransactionsIsFound() throws SQLException {
        ConformanceReport report = checkAfter(Rewrite.function("ticket_before_update")
                .replace("NEW.status_since := now();", "NEW.status_since := clock_timestamp();").sql());

        assertEquals(changesOfState(TICKET, "ENTRY_MOMENT_MOVES_WITH_STATE"), sorted(keys(report)));
    }

    /**
     * The check's one transaction has one now(): a row made in it entered its state then, and a
     * change of state that keeps that moment keeps the right one. Only transactions apart could
     * tell; the check commits nothing.
     */
    @Test
    void aChangeOfStateThatKeepsTheOldMomentCannotBeToldApartInOneTransaction() throws SQLException {
        ConformanceReport report = checkAfter(Rewrite.function("ticket_before_update")
                .replace("NEW.status_since := now();", "NEW.status_since := OLD.status_since;").sql());

        assertConforms(report);
    }

    @Test
    void aNewRowThatKeepsTheDeadlineItGivesIsFoundWhereNoCheckRefusesIt() throws SQLException {
        ConformanceReport report = checkAfter(QUOTE,
                Rewrite.function("quote_before_insert")
                        .replace("NEW.status_deadline := CASE NEW.status", "PERFORM CASE NEW.status").sql(),
                "ALTER TABLE quote DROP CONSTRAINT quote_draft_check");

        assertEquals(List.of("DEADLINE_SET_ON_ENTRY DRAFT", "DEADLINE_SET_BY_DATABASE DRAFT"), keys(report));
        assertEquals(List.of(
                        "Quote DRAFT [DEADLINE_SET_ON_ENTRY]: a new row in DRAFT was accepted with status_deadline NULL,"
                                + " not status_since + 2592000 seconds, ",
                        "Quote DRAFT [DEADLINE_SET_BY_DATABASE]: a new row in DRAFT, giving status_deadline"
                                + " 2001-02-03T04:05:06Z, was accepted with status_deadline 2001-02-03T04:05:06Z, not"
                                + " status_since + 2592000 seconds, "),
                messages(report).stream().map(m -> m.substring(0, m.lastIndexOf(", ") + 2)).toList());
        assertEquals(0, report.notRun());
    }

    /**
     * The per-state CHECKs hold the deadline too, a second line behind the triggers: a trigger that
     * leaves the deadline as the statement left it (as one from before timeouts would) is refused
     * by them, and the check reports the edges refused.
     */
    @Test
    void anUpdateTriggerThatKeepsTheDeadlineIsRefusedByTheStateChecks() throws SQLException {
        ConformanceReport report = checkAfter(QUOTE, Rewrite.function("quote_before_update")
                .replace("NEW.status_deadline := CASE NEW.status", "PERFORM CASE NEW.status").sql());

        // The row keeps DRAFT's deadline, which neither IN_REVIEW's CHECK nor DISCARDED's lets in;
        // no row reaches a state past DRAFT, so what starts there cannot run.
        assertEquals(List.of("DECLARED_EDGE_ACCEPTED DRAFT", "DECLARED_EDGE_ACCEPTED DRAFT"), keys(report));
        assertEquals(List.of("transition submit from DRAFT to IN_REVIEW was refused: SQLSTATE 23514",
                        "transition discard from DRAFT to DISCARDED was refused: SQLSTATE 23514"),
                report.findings().stream().map(f -> f.message().substring(0, f.message().indexOf(':',
                        f.message().indexOf("SQLSTATE")))).toList());
        assertTrue(report.notRun() > 0);
    }

    /** The same trigger, with every state's CHECK replaced by one without its deadline term. */
    @Test
    void anUpdateTriggerThatKeepsTheDeadlineIsFoundWithoutTheStateChecksDeadlineTerms() throws SQLException {
        ConformanceReport report = checkAfter(QUOTE, Rewrite.function("quote_before_update")
                        .replace("NEW.status_deadline := CASE NEW.status", "PERFORM CASE NEW.status").sql(),
                "ALTER TABLE quote DROP CONSTRAINT quote_draft_check, DROP CONSTRAINT quote_in_review_check,"
                        + " DROP CONSTRAINT quote_escalated_check, DROP CONSTRAINT quote_accepted_check,"
                        + " DROP CONSTRAINT quote_expired_check, DROP CONSTRAINT quote_discarded_check,"
                        + " DROP CONSTRAINT quote_offered_check,"
                        + " ADD CONSTRAINT quote_offered_check CHECK (status <> 'OFFERED' OR valid_until IS NOT NULL)");

        // A row keeps the deadline it was created with, DRAFT's, wherever it goes.
        assertEquals(List.of(
                        "DEADLINE_SET_ON_ENTRY DRAFT",
                        "DEADLINE_SET_ON_ENTRY IN_REVIEW",
                        "DEADLINE_CLEARED_ON_EXIT IN_REVIEW",
                        "DEADLINE_SET_ON_ENTRY IN_REVIEW",
                        "DEADLINE_SET_ON_ENTRY ESCALATED",
                        "DEADLINE_SET_ON_ENTRY OFFERED",
                        "DEADLINE_CLEARED_ON_EXIT OFFERED",
                        "DEADLINE_CLEARED_ON_EXIT OFFERED",
                        "DEADLINE_CLEARED_ON_EXIT DRAFT",
                        "DEADLINE_SET_ON_ENTRY OFFERED.validUntil",
                        "DEADLINE_SET_BY_DATABASE DRAFT",
                        "DEADLINE_SET_BY_DATABASE IN_REVIEW",
                        "DEADLINE_SET_BY_DATABASE ESCALATED",
                        "DEADLINE_SET_BY_DATABASE OFFERED",
                        "DEADLINE_SET_BY_DATABASE ACCEPTED",
                        "DEADLINE_SET_BY_DATABASE EXPIRED",
                        "DEADLINE_SET_BY_DATABASE DISCARDED"),
                keys(report));
        List<String> messages = messages(report);
        assertTrue(messages.get(0).startsWith("Quote DRAFT [DEADLINE_SET_ON_ENTRY]: transition submit from DRAFT to"
                + " IN_REVIEW was accepted with status_deadline "), messages.get(0));
        assertTrue(messages.get(0).contains(", not status_since + 3600 seconds, "), messages.get(0));
        assertTrue(messages.get(2).startsWith("Quote IN_REVIEW [DEADLINE_CLEARED_ON_EXIT]: transition escalate from"
                + " IN_REVIEW to ESCALATED was accepted with status_deadline "), messages.get(2));
        assertTrue(messages.get(2).endsWith(", not NULL: ESCALATED has no timeout"), messages.get(2));
        assertTrue(messages.get(9).startsWith("Quote OFFERED.validUntil [DEADLINE_SET_ON_ENTRY]: an update of"
                + " validUntil to a day later in a row in OFFERED was accepted with status_deadline "), messages.get(9));
        assertTrue(messages.get(12).startsWith("Quote ESCALATED [DEADLINE_SET_BY_DATABASE]: an update of a row in"
                + " ESCALATED that keeps its state, giving status_deadline 2001-02-03T04:05:06Z, was accepted with"
                + " status_deadline 2001-02-03T04:05:06Z, not NULL"), messages.get(12));
    }

    /**
     * A state's CHECK without its deadline term, behind triggers that set the deadline right: no
     * statement can get a wrong deadline to it, so there is nothing for the check to see.
     */
    @Test
    void aStateCheckWithoutItsDeadlineTermBehindARightTriggerConforms() throws SQLException {
        ConformanceReport report = checkAfter(QUOTE, "ALTER TABLE quote DROP CONSTRAINT quote_offered_check,"
                + " ADD CONSTRAINT quote_offered_check CHECK (status <> 'OFFERED' OR valid_until IS NOT NULL)");

        assertConforms(report);
    }

    @Test
    void aWrongDeadlineIsRefusedByTheStatesCheck() throws SQLException {
        ConformanceReport report = checkAfter(QUOTE, Rewrite.function("quote_before_update")
                .replace("interval '3600 seconds'", "interval '3601 seconds'").sql());

        // No row can reach IN_REVIEW, so what starts there cannot run.
        assertEquals(List.of("DECLARED_EDGE_ACCEPTED DRAFT"), keys(report));
        assertTrue(report.findings().get(0).message().startsWith("transition submit from DRAFT to IN_REVIEW was"
                + " refused: SQLSTATE 23514:"), report::toString);
        assertTrue(report.notRun() > 0);
    }

    @Test
    void aWrongDeadlineIsFoundWhenItsStatesCheckLacksTheDeadlineTerm() throws SQLException {
        ConformanceReport report = checkAfter(QUOTE, Rewrite.function("quote_before_update")
                        .replace("interval '3600 seconds'", "interval '3601 seconds'").sql(),
                "ALTER TABLE quote DROP CONSTRAINT quote_in_review_check");

        assertEquals(List.of("DEADLINE_SET_ON_ENTRY DRAFT", "DEADLINE_SET_ON_ENTRY IN_REVIEW",
                "DEADLINE_SET_BY_DATABASE IN_REVIEW"), keys(report));
        assertTrue(report.findings().get(0).message().matches("transition submit from DRAFT to IN_REVIEW was accepted"
                + " with status_deadline (\\S+), not status_since \\+ 3600 seconds, (?!\\1)\\S+"), report::toString);
        assertEquals(0, report.notRun());
    }

    @Test
    void aRetryKeptWhenTheDeadlineChangesIsFound() throws SQLException {
        ConformanceReport report = checkAfter(QUOTE, Rewrite.function("quote_before_update")
                .replace("NEW.status_retry_at := NULL;", "NULL;").sql());

        assertEquals(List.of("RETRY_CLEARED_WITH_DEADLINE DRAFT", "RETRY_CLEARED_WITH_DEADLINE IN_REVIEW",
                "RETRY_CLEARED_WITH_DEADLINE OFFERED", "RETRY_CLEARED_WITH_DEADLINE OFFERED.validUntil"), keys(report));
        assertTrue(report.findings().get(1).message().startsWith("after an update of a row in IN_REVIEW setting"
                + " status_retry_at to 2100-01-01T00:00:00Z, as the repository puts off a failed timeout, transition"
                + " escalate from IN_REVIEW to ESCALATED was accepted with status_deadline NULL, moved from "),
                report::toString);
        assertTrue(report.findings().get(1).message().endsWith(", and status_retry_at 2100-01-01T00:00:00Z, not NULL"),
                report::toString);
        assertEquals(0, report.notRun());
    }

    private static void assertConforms(ConformanceReport report) {
        if (!report.conforms()) {
            throw new AssertionError(report.toString());
        }
    }

    private static ConformanceReport checkAfter(String... weakening) throws SQLException {
        return checkAfter(TICKET, weakening);
    }

    /** Migrates a fresh schema, weakens it, checks the workflow, drops the schema. */
    private static ConformanceReport checkAfter(WorkflowDescriptor workflow, String... weakening)
            throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("Weakened");
        try {
            Flyway.configure()
                    .dataSource(schema.dataSource())
                    .schemas(schema.name())
                    .defaultSchema(schema.name())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            try (Connection connection = schema.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                for (String sql : weakening) {
                    statement.execute(sql);
                }
            }
            return Conformance.check(workflow, schema.dataSource());
        } finally {
            schema.drop();
        }
    }

    /** Each finding as its rule, state and field, in the order found. */
    private static List<String> keys(ConformanceReport report) {
        return report.findings().stream().map(f -> f.rule()
                        + (f.state() == null ? "" : " " + f.state())
                        + (f.field() == null ? "" : "." + f.field()))
                .toList();
    }

    private static List<String> messages(ConformanceReport report) {
        return report.findings().stream().map(Finding::toString).toList();
    }

    /** The rule's key for each edge that changes the state, by the state it leaves, sorted. */
    private static List<String> changesOfState(WorkflowDescriptor workflow, String rule) {
        return sorted(workflow.edges().stream().filter(edge -> !edge.from().equals(edge.to()))
                .map(edge -> rule + " " + edge.from()).toList());
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
