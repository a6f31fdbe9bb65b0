package dev.statewise.samples.content;

import dev.statewise.conformance.Conformance;
import dev.statewise.test.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL itself enforces every rule of the article workflow, whatever sends the SQL: every edge
 * is accepted and recorded, every other change of stage, missing field and change to the history
 * is refused, the approvals cannot be set in a draft and may come and go in review. (The guards
 * are Java's: no database sees them.)
 */
@PostgresTest(migrations = "classpath:db/migration")
class ArticleConformanceTest {

    @Test
    void theDatabaseEnforcesTheWorkflow(DataSource dataSource) {
        Conformance.assertConforms(ArticleWorkflow.DESCRIPTOR, dataSource);
    }
}
