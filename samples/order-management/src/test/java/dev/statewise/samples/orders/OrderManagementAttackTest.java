package dev.statewise.samples.orders;

import dev.statewise.conformance.Conformance;
import dev.statewise.runtime.WorkflowDescriptor;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The order desk's committed migrations, applied by an owner role that is no superuser, hold against
 * the application's role, which has DML on the workflow tables and SELECT on their history and
 * transition tables: it gets no attack past them, and every rule of the conformance check holds
 * for it, every declared edge taken by plain SQL included.
 */
@PostgresTest
class OrderManagementAttackTest {

    private static final List<WorkflowDescriptor> WORKFLOWS = List.of(OrderWorkflow.DESCRIPTOR,
            PaymentWorkflow.DESCRIPTOR, ShipmentWorkflow.DESCRIPTOR);

    @Test
    void theApplicationRoleGetsNothingPastTheWorkflow(TestSchema schema) throws SQLException {
        String owner = schema.name() + "_migrator";
        String application = schema.name() + "_service";
        String password = UUID.randomUUID().toString();
        String url = schema.dataSource().unwrap(PGSimpleDataSource.class).getURL();
        run(schema.dataSource(), "CREATE ROLE " + owner + " LOGIN PASSWORD '" + password + "'",
                "CREATE ROLE " + application + " LOGIN PASSWORD '" + password + "'",
                "ALTER SCHEMA " + schema.name() + " OWNER TO " + owner);
        try {
            Flyway.configure().dataSource(url, owner, password).schemas(schema.name())
                    .defaultSchema(schema.name()).locations("classpath:db/migration").load().migrate();
            run(as(url, owner, password), "GRANT USAGE ON SCHEMA " + schema.name() + " TO " + application);
            for (WorkflowDescriptor workflow : WORKFLOWS) {
                run(as(url, owner, password),
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + workflow.table() + " TO " + application,
                        "GRANT SELECT ON " + workflow.historyTable() + ", " + workflow.transitionTable()
                                + " TO " + application);
            }

            for (WorkflowDescriptor workflow : WORKFLOWS) {
                Conformance.assertWithstandsAttacks(workflow, as(url, application, password));
                Conformance.assertConforms(workflow, as(url, application, password));
            }
        } finally {
            run(schema.dataSource(), "DROP OWNED BY " + owner + ", " + application,
                    "DROP ROLE " + owner + ", " + application);
        }
    }

    private static DataSource as(String url, String role, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(role);
        dataSource.setPassword(password);
        return dataSource;
    }

    private static void run(DataSource dataSource, String... sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
