package dev.statewise.samples.taskboard;

import static dev.statewise.samples.taskboard.jooq.Tables.TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A row stored before a rule existed, as a constraint added {@code NOT VALID} leaves it: the
 * repository reads it as it is, and a transition from it is refused in Java before any write.
 */
@PostgresTest(migrations = "classpath:db/migration")
class RowsBeforeARuleTest {

    private static TaskRepository tasks;
    private static long old;

    @BeforeAll
    static void storeARowTheRuleWouldRefuse(TestSchema schema, @AsOwner DSLContext owner,
            @AsApplication DSLContext application) {
        owner.execute("GRANT SELECT, INSERT, UPDATE ON task TO " + schema.applicationRole());
        owner.execute("GRANT SELECT ON task_history, task_transition TO " + schema.applicationRole());
        tasks = new TaskRepository(application);
        old = tasks.start(tasks.create("Written before the rule"), "ada", LocalDate.of(2026, 11, 23)).id();
        // What a team's earlier schema allowed: IN_PROGRESS without an assignee. The rule comes back
        // NOT VALID, as a migration adds it, so the row stays as it was.
        String rule = owner.fetchSingle("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conname = 'task_in_progress_check' AND conrelid = 'task'::regclass").get(0, String.class);
        owner.execute("ALTER TABLE task DROP CONSTRAINT task_in_progress_check");
        owner.execute("UPDATE task SET assignee = NULL WHERE id = " + old);
        owner.execute("ALTER TABLE task ADD CONSTRAINT task_in_progress_check " + rule + " NOT VALID");
    }

    @Test
    void everyReadReturnsTheRowAsItIs() {
        TaskValue read = tasks.get(old);

        assertNull(read.assignee());
        assertEquals(Task.Status.IN_PROGRESS, read.status());
        assertEquals(List.of(read), tasks.find(TASK.ID.eq(old)));
        assertEquals(List.of(read), tasks.findByState(Task.Status.IN_PROGRESS, 0, 10));
    }

    @Test
    void aTransitionFromItChecksTheRuleAndWritesNothing() {
        TaskValue read = tasks.get(old);

        NullPointerException e = assertThrows(NullPointerException.class, () -> tasks.submit(read, "grace"));

        assertEquals("Task.submit: assignee is null, but IN_REVIEW requires it", e.getMessage());
        assertEquals(read, tasks.get(old));
    }
}
