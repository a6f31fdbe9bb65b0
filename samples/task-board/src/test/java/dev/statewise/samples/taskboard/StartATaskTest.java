package dev.statewise.samples.taskboard;

// tag::postgres-test[]
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statewise.test.PostgresTest;
import java.time.LocalDate;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

// end::postgres-test[]
/** The smallest test of a project's own: docs/testing.md shows it. */
// tag::postgres-test[]
@PostgresTest(migrations = "classpath:db/migration")
class StartATaskTest {

    @Test
    void startsATask(DSLContext dsl) {
        TaskRepository tasks = new TaskRepository(dsl);
        TaskValue task = tasks.start(tasks.create("Write the notes"), "ada", LocalDate.now());
        assertEquals(Task.Status.IN_PROGRESS, task.status());
    }
}
// end::postgres-test[]
