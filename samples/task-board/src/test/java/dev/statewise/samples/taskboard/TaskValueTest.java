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
                .withNotes("for 1.0")                                  // any field, one `with` each
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
    void nullForAFieldTheStateRequiresIsTheSameMistakeWhereverItComesIn() {
        TaskValue backlog = TaskValue.create("Write the notes");
        TaskValue started = backlog.start("ada", MONDAY);

        NullPointerException create = assertThrows(NullPointerException.class, () -> TaskValue.create(null));
        NullPointerException start = assertThrows(NullPointerException.class, () -> backlog.start(null, MONDAY));
        NullPointerException with = assertThrows(NullPointerException.class, () -> started.withAssignee(null));
        NullPointerException build = assertThrows(NullPointerException.class,
                () -> started.toBuilder().startDate(null).build());

        assertEquals("Task.create: title is null, but BACKLOG requires it", create.getMessage());
        assertEquals("Task.start: assignee is null, but IN_PROGRESS requires it", start.getMessage());
        assertEquals("Task.withAssignee: assignee is null, but IN_PROGRESS requires it", with.getMessage());
        assertEquals("Task.build: startDate is null, but IN_PROGRESS requires it", build.getMessage());
    }

    @Test
    void aValueForAFieldTheStateKeepsNullIsRefused() {
        TaskValue backlog = TaskValue.create("Write the notes");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backlog.withCompletedAt(FRIDAY));

        assertEquals("Task.withCompletedAt: completedAt must be NULL in BACKLOG", e.getMessage());
    }

    @Test
    void everyFieldHasAWithMethodThatTheStateDecidesAbout() {
        TaskValue backlog = TaskValue.create("Write the notes");
        TaskValue started = backlog.start("ada", MONDAY);

        assertEquals("grace", started.withAssignee("grace").assignee());
        assertEquals("Write the release notes", started.withTitle("Write the release notes").title());
        assertNull(backlog.withAssignee("ada").withAssignee(null).assignee());   // optional in BACKLOG
    }

    @Test
    void theBuilderNamesEachComponentAndChecksTheState() {
        // tag::builder[]
        TaskValue inReview = TaskValue.builder()                      // no positional constructor to break
                .status(Task.Status.IN_REVIEW)
                .title("Write the notes")
                .assignee("ada")
                .startDate(MONDAY)
                .reviewer("grace")
                .build();                                             // checks what IN_REVIEW requires
        TaskValue annotated = inReview.toBuilder().notes("for 1.0").build();
        // end::builder[]

        assertEquals(inReview.withNotes("for 1.0"), annotated);
        assertEquals(Task.Status.DONE, inReview.approve(FRIDAY).status());
        assertThrows(NullPointerException.class, () -> TaskValue.builder().title("No state").build());
    }

    @Test
    void theConstructorHoldsWhatARowHolds() {
        // A row stored before IN_PROGRESS required an assignee: it reads, and moving it checks the rule.
        TaskValue old = new TaskValue(1L, Task.Status.IN_PROGRESS, 3, "Write the notes", null, MONDAY, null, null,
                null, null);

        NullPointerException e = assertThrows(NullPointerException.class, () -> old.submit("grace"));

        assertNull(old.assignee());
        assertEquals("Task.submit: assignee is null, but IN_REVIEW requires it", e.getMessage());
    }
}
