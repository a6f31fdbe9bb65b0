package dev.statewise.samples.taskboard;

// tag::attack[]
import dev.statewise.conformance.Conformance;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

// end::attack[]
/**
 * The task board's committed migrations, applied by the owner role, hold against the application's
 * role, granted what docs/database.md tells a team to grant (SELECT, INSERT and UPDATE on task,
 * SELECT on its history and transition tables): it gets no attack past them, and every rule of the
 * conformance check holds for it, every declared edge taken by plain SQL included.
 */
@PostgresTest(migrations = "classpath:db/migration")
class TaskAttackTest {

    @Test
    void theApplicationRoleGetsNothingPastTheWorkflow(TestSchema schema, @AsOwner DSLContext owner) {
        owner.execute("GRANT SELECT, INSERT, UPDATE ON task TO " + schema.applicationRole());
        owner.execute("GRANT SELECT ON task_history, task_transition TO " + schema.applicationRole());
        String url = schema.applicationJdbcUrl();

        // tag::attack[]
        PGSimpleDataSource asApplication = new PGSimpleDataSource();
        asApplication.setURL(url);          // your database, as the role your application logs in as

        Conformance.assertWithstandsAttacks(TaskWorkflow.DESCRIPTOR, asApplication);
        Conformance.assertConforms(TaskWorkflow.DESCRIPTOR, asApplication);
        // end::attack[]
    }
}
