package dev.statewise.samples.taskboard;

// tag::conformance[]
import dev.statewise.conformance.Conformance;
import dev.statewise.test.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

// end::conformance[]
/**
 * PostgreSQL itself enforces every rule of the task board, whatever sends the SQL: every edge is
 * accepted and recorded, every other change of state, missing field, field out of its state and
 * change to the history is refused. {@link TaskConformanceCountTest} counts what was tried.
 */
// tag::conformance[]
@PostgresTest(migrations = "classpath:db/migration")
class TaskConformanceTest {

    @Test
    void theDatabaseEnforcesTheWorkflow(DataSource dataSource) {
        Conformance.assertConforms(TaskWorkflow.DESCRIPTOR, dataSource);
    }
}
// end::conformance[]
