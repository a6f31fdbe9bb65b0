package dev.statewise.samples.loan;

import dev.statewise.conformance.Conformance;
import dev.statewise.test.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL itself enforces every rule of the loan workflow, whatever sends the SQL: every edge
 * is accepted and recorded, every other change of stage, missing field, field out of its stage and
 * change to the history is refused. (The guards are Java's: no database sees them.)
 */
@PostgresTest(migrations = "classpath:db/migration")
class LoanApplicationConformanceTest {

    @Test
    void theDatabaseEnforcesTheWorkflow(DataSource dataSource) {
        Conformance.assertConforms(LoanApplicationWorkflow.DESCRIPTOR, dataSource);
    }
}
