package com.example.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statewise.conformance.Conformance;
import dev.statewise.test.PostgresTest;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** A real PostgreSQL with the migrations the compile wrote, in a schema of this class's own. */
@PostgresTest(migrations = "classpath:db/migration")
class TaskTest {

    @Test
    void startsATask(DSLContext dsl) {
        TaskRepository tasks = new TaskRepository(dsl);
        TaskValue task = tasks.start(tasks.create("Write the first workflow"), "ada");
        assertEquals(Task.Status.IN_PROGRESS, task.status());
        assertEquals("ada", task.assignee());
    }

    @Test
    void theDatabaseEnforcesTheWorkflow(DataSource dataSource) {
        Conformance.assertConforms(TaskWorkflow.DESCRIPTOR, dataSource);
    }

    @Test
    void runsOnPostgreSql17(DSLContext dsl) {
        assertEquals(17, dsl.fetchValue("SELECT current_setting('server_version_num')::int / 10000"));
    }
}
