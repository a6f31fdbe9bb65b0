package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The messages are what a user reads, so each is asserted whole. */
class ExceptionMessagesTest {

    @Test
    void notFound() {
        NotFoundException e = new NotFoundException("Task", 42);

        assertEquals("Task 42 does not exist", e.getMessage());
        assertEquals("Task", e.workflow());
        assertEquals(42, e.id());
    }

    @Test
    void stale() {
        StaleException e = new StaleException("Task", 42, "IN_REVIEW", 3, "BLOCKED", 4);

        assertEquals("Task 42 moved or changed since it was read:"
                + " read in IN_REVIEW at version 3, now in BLOCKED at version 4", e.getMessage());
        assertEquals(42, e.id());
        assertEquals("IN_REVIEW", e.expectedState());
        assertEquals(3, e.expectedVersion());
        assertEquals(Optional.of("BLOCKED"), e.actualState());
        assertEquals(OptionalLong.of(4), e.actualVersion());
        assertFalse(e.transactionAborted());
        assertNull(e.getCause());
    }

    @Test
    void staleInAnAbortedTransaction() {
        SQLException cause = new SQLException("could not serialize access due to concurrent update", "40001");
        StaleException e = new StaleException("Task", 42, "IN_REVIEW", 3, cause);

        assertEquals("Task 42 could not be written in this transaction (read in IN_REVIEW at version 3):"
                + " a concurrent transaction changed it, or this one cannot be serialized with another"
                + " (SQLSTATE 40001); roll back and retry the transaction", e.getMessage());
        assertEquals("IN_REVIEW", e.expectedState());
        assertEquals(3, e.expectedVersion());
        assertEquals(Optional.empty(), e.actualState());
        assertEquals(OptionalLong.empty(), e.actualVersion());
        assertTrue(e.transactionAborted());
        assertSame(cause, e.getCause());
    }

    @Test
    void illegalTransition() {
        IllegalTransitionException e = new IllegalTransitionException(
                "Task", 42L, "approve", "BACKLOG", List.of("IN_REVIEW"));

        assertEquals("Task 42: cannot approve from BACKLOG; approve may be taken from IN_REVIEW",
                e.getMessage());
        assertEquals(42L, e.id());
        assertEquals("approve", e.transition());
        assertEquals("BACKLOG", e.fromState());
        assertNull(e.toState());
        assertEquals(List.of("IN_REVIEW"), e.allowedFrom());
        assertNull(e.databaseMessage());
        assertNull(e.getCause());
    }

    @Test
    void illegalTransitionOfAnUnsavedValueFromSeveralStates() {
        IllegalTransitionException e = new IllegalTransitionException(
                "Task", null, "block", "DONE", List.of("BACKLOG", "IN_PROGRESS", "IN_REVIEW"));

        assertEquals("Task: cannot block from DONE;"
                + " block may be taken from BACKLOG, IN_PROGRESS, IN_REVIEW", e.getMessage());
        assertNull(e.id());
    }

    @Test
    void illegalTransitionTheWorkflowLacks() {
        IllegalTransitionException e =
                new IllegalTransitionException("Task", 42L, "escalate", "BACKLOG", List.of());

        assertEquals("Task 42: cannot escalate from BACKLOG; Task has no transition escalate",
                e.getMessage());
    }

    @Test
    void illegalTransitionWithoutTransitionOrState() {
        IllegalTransitionException e =
                new IllegalTransitionException("Task", 42L, null, null, List.of());

        assertEquals("Task 42: no transition allowed from its current state", e.getMessage());
    }

    @Test
    void illegalTransitionKeepsTheDatabasesMessage() {
        SQLException cause = new SQLException("refused", SqlStates.ILLEGAL_TRANSITION);
        String database = "Task 42: transition approve does not lead from BACKLOG to DONE;"
                + " allowed from BACKLOG: BLOCKED (block), IN_PROGRESS (start)";

        IllegalTransitionException e = new IllegalTransitionException("Task", 42L, "approve",
                "BACKLOG", "DONE", List.of("IN_REVIEW"), database, cause);

        assertEquals(database + "; approve may be taken from IN_REVIEW", e.getMessage());
        assertEquals(database, e.databaseMessage());
        assertEquals("DONE", e.toState());
        assertSame(cause, e.getCause());
    }

    @Test
    void illegalTransitionCopiesAllowedFrom() {
        List<String> allowed = new ArrayList<>(List.of("IN_REVIEW"));
        IllegalTransitionException e =
                new IllegalTransitionException("Task", 42L, "approve", "BACKLOG", allowed);

        allowed.add("DONE");

        assertEquals(List.of("IN_REVIEW"), e.allowedFrom());
    }

    @Test
    void guardRefused() {
        GuardRefusedException e = new GuardRefusedException("Task", 42L, "approve",
                "reviewerIsNotAssignee", "a reviewer may not approve their own work");

        assertEquals("Task 42: approve refused (reviewerIsNotAssignee):"
                + " a reviewer may not approve their own work", e.getMessage());
        assertEquals(42L, e.id());
        assertEquals("approve", e.transition());
        assertEquals("reviewerIsNotAssignee", e.guard());
        assertEquals("a reviewer may not approve their own work", e.reason());
    }

    @Test
    void guardRefusedByARequirementOfAnUnsavedValue() {
        GuardRefusedException e = new GuardRefusedException("Article", null, "publish",
                "requires editorApproval", "editorApproval is not set yet");

        assertEquals("Article: publish refused (requires editorApproval):"
                + " editorApproval is not set yet", e.getMessage());
    }

    @Test
    void guardRefusedWithoutReason() {
        GuardRefusedException e =
                new GuardRefusedException("Task", 42L, "approve", "reviewerIsNotAssignee", null);

        assertEquals("Task 42: approve refused (reviewerIsNotAssignee)", e.getMessage());
    }

    @Test
    void constraintViolationOfAState() {
        SQLException cause = new SQLException("check", "23514");

        ConstraintViolationException e = new ConstraintViolationException("Task", "IN_PROGRESS",
                List.of("assignee", "startDate", "completedAt", "blockedReason"),
                "task_in_progress_check", "23514", cause);

        assertEquals("Task: a row in IN_PROGRESS breaks task_in_progress_check"
                + " on assignee, startDate, completedAt, blockedReason", e.getMessage());
        assertEquals("IN_PROGRESS", e.state());
        assertEquals("task_in_progress_check", e.constraint());
        assertEquals("23514", e.sqlState());
        assertSame(cause, e.getCause());
    }

    @Test
    void constraintViolationOfAStateWithoutConstraintName() {
        ConstraintViolationException e = new ConstraintViolationException(
                "Task", "BLOCKED", List.of("blockedReason"), null, "23514", null);

        assertEquals("Task: a row in BLOCKED breaks the rule of that state on blockedReason",
                e.getMessage());
    }

    @Test
    void constraintViolationOfAnEnumCheck() {
        ConstraintViolationException e = new ConstraintViolationException(
                "Task", null, List.of("priority"), "task_priority_check", "23514", null);

        assertEquals("Task: the row breaks task_priority_check on priority", e.getMessage());
    }

    @Test
    void constraintViolationOfAnUnknownCheck() {
        ConstraintViolationException e =
                new ConstraintViolationException("Task", null, List.of(), null, "23514", null);

        assertEquals("Task: the row breaks a constraint (SQLSTATE 23514)", e.getMessage());
    }

    @Test
    void notNullViolation() {
        ConstraintViolationException e =
                new ConstraintViolationException("Task", null, List.of("title"), null, "23502", null);

        assertEquals("Task: title is required in every state but NULL", e.getMessage());
    }

    @Test
    void notNullViolationNamedByPostgres18() {
        ConstraintViolationException e = new ConstraintViolationException(
                "Task", null, List.of("title"), "task_title_not_null", "23502", null);

        assertEquals("Task: title is required in every state but NULL (task_title_not_null)",
                e.getMessage());
    }

    @Test
    void notNullViolationOfAColumnThatIsNoField() {
        ConstraintViolationException e =
                new ConstraintViolationException("Task", null, List.of(), null, "23502", null);

        assertEquals("Task: a column that no state allows NULL was NULL", e.getMessage());
    }

    @Test
    void everyFailureNamesItsWorkflow() {
        assertThrows(NullPointerException.class, () -> new NotFoundException(null, 42));
        StatewiseException failure = new GuardRefusedException("Task", 1L, "start", "g", null);
        assertEquals("Task", failure.workflow());
    }
}
