package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.runtime.GuardRefusedException;
import dev.statewise.runtime.IllegalTransitionException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The generated value type is the state machine in memory: a unit test needs no database. */
class TaskValueTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final OffsetDateTime FRIDAY = OffsetDateTime.of(2026, 11, 27, 17, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void walksTheBoard() {
        TaskValue done = TaskValue.create("Write the notes")
                .withNotes("for 1.0")
                .start("ada", MONDAY)
                .submit("grace")
                .requestChanges()
                .submit("grace")
                .approve(FRIDAY);

        assertEquals(Task.Status.DONE, done.status());
        assertEquals("ada", done.assignee());
        assertEquals(FRIDAY, done.completedAt());
        assertEquals("for 1.0", done.notes());
    }

    @Test
    void theValueAsTheDocsShowIt() {
        // tag::value[]
        TaskValue task = TaskValue.create("Write the release notes")   // the fields BACKLOG requires
                .withNotes("for 1.0")                                  // optional fields, one `with` each
                .start("ada", LocalDate.now())                         // the declared transitions
                .submit("grace");
        // end::value[]

        assertEquals(Task.Status.IN_REVIEW, task.status());
        assertEquals("grace", task.reviewer());
        assertNull(task.id());
    }

    @Test
    void refusesATransitionFromTheWrongState() {
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> TaskValue.create("Write the notes").approve(FRIDAY));

        assertEquals("Task: cannot approve from BACKLOG; approve may be taken from IN_REVIEW", e.getMessage());
    }

    @Test
    void runsTheDeclaredGuard() {
        TaskValue inReview = TaskValue.create("Write the notes").start("ada", MONDAY).submit("ada");

        GuardRefusedException e = assertThrows(GuardRefusedException.class, () -> inReview.approve(FRIDAY));

        assertEquals("reviewerIsNotAssignee", e.guard());
    }

    @Test
    void clearsAFieldThatBelongsToTheStateItLeaves() {
        TaskValue blocked = TaskValue.create("Write the notes").block("waiting for legal");

        TaskValue unblocked = blocked.unblock();

        assertEquals("waiting for legal", blocked.blockedReason());
        assertNull(unblocked.blockedReason());
    }

    @Test
    void cannotHoldAStateWhoseRequirementsItBreaks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TaskValue(
                1L, Task.Status.IN_PROGRESS, 0, "Write the notes", null, MONDAY, null, null, null, null));

        assertEquals("Task in IN_PROGRESS needs assignee set", e.getMessage());
    }
}
