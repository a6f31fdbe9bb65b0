package dev.statewise.samples.content;

import dev.statewise.conformance.Conformance;
import dev.statewise.runtime.WorkflowDescriptor;
import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * The article workflow's committed migrations, applied by the owner role, hold against the application's
 * role, granted what docs/database.md tells a team to grant (SELECT, INSERT and UPDATE on the
 * workflow tables, SELECT on their history and transition tables): it gets no attack past them,
 * and every rule of the conformance check holds for it, every declared edge taken by plain SQL
 * included.
 */
@PostgresTest(migrations = "classpath:db/migration")
class ArticleAttackTest {

    private static final List<WorkflowDescriptor> WORKFLOWS = List.of(ArticleWorkflow.DESCRIPTOR);

    @Test
    void theApplicationRoleGetsNothingPastTheWorkflow(TestSchema schema, @AsOwner DSLContext owner,
            @AsApplication DataSource application) {
        for (WorkflowDescriptor workflow : WORKFLOWS) {
            owner.execute("GRANT SELECT, INSERT, UPDATE ON " + workflow.table() + " TO " + schema.applicationRole());
            owner.execute("GRANT SELECT ON " + workflow.historyTable() + ", " + workflow.transitionTable() + " TO "
                    + schema.applicationRole());
        }
        for (WorkflowDescriptor workflow : WORKFLOWS) {
            Conformance.assertWithstandsAttacks(workflow, application);
            Conformance.assertConforms(workflow, application);
        }
    }
}
