package dev.statewise.conformance;

import dev.statewise.conformance.fixtures.AccountWorkflow;
import dev.statewise.conformance.fixtures.LongNamedNoteWorkflow;
import dev.statewise.conformance.fixtures.ParcelWorkflow;
import dev.statewise.conformance.fixtures.QuoteWorkflow;
import dev.statewise.conformance.fixtures.ReviewWorkflow;
import dev.statewise.conformance.fixtures.TicketWorkflow;
import dev.statewise.conformance.fixtures.TransferWorkflow;
import dev.statewise.runtime.WorkflowDescriptor;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The fixtures' migrations in a fresh schema, deployed as a careful team deploys: applied by an
 * owner role that is no superuser; an application role with DML on the workflow tables and SELECT
 * on their history and transition tables; an over-granted role with every privilege on every
 * table, sequence and function of the schema; a bystander with USAGE on the schema alone. The
 * roles are made here with the server's superuser and dropped by {@link #close()}.
 *
 * <pre>{@code
 * try (DeployedSchema schema = DeployedSchema.create()) {
 *     Conformance.attack(TicketWorkflow.DESCRIPTOR, schema.application());
 * }
 * }</pre>
 */
final class DeployedSchema implements AutoCloseable {

    static final List<WorkflowDescriptor> FIXTURES = List.of(AccountWorkflow.DESCRIPTOR,
            LongNamedNoteWorkflow.DESCRIPTOR, ReviewWorkflow.DESCRIPTOR, TicketWorkflow.DESCRIPTOR,
            ParcelWorkflow.DESCRIPTOR, TransferWorkflow.DESCRIPTOR, QuoteWorkflow.DESCRIPTOR);

    private final TestSchema schema;
    private final String password = UUID.randomUUID().toString();

    private DeployedSchema(TestSchema schema) {
        this.schema = schema;
    }

    /** Makes the schema and its roles, and migrates it as the owner. */
    static DeployedSchema create() throws SQLException {
        DeployedSchema deployed = new DeployedSchema(TestDatabase.shared().createSchema("Deployed"));
        try {
            deployed.deploy();
            return deployed;
        } catch (SQLException | RuntimeException e) {
            deployed.close();
            throw e;
        }
    }

    private void deploy() throws SQLException {
        String name = schema.name();
        asSuperuser(
                "CREATE ROLE " + ownerRole() + " LOGIN PASSWORD '" + password + "'",
                "CREATE ROLE " + applicationRole() + " LOGIN PASSWORD '" + password + "'",
                "CREATE ROLE " + overGrantedRole() + " LOGIN PASSWORD '" + password + "'",
                "CREATE ROLE " + bystanderRole() + " LOGIN PASSWORD '" + password + "'",
                "ALTER SCHEMA " + name + " OWNER TO " + ownerRole());
        Flyway.configure()
                .dataSource(url(), ownerRole(), password)
                .schemas(name)
                .defaultSchema(name)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        asOwner("GRANT USAGE ON SCHEMA " + name + " TO " + applicationRole() + ", " + overGrantedRole() + ", "
                        + bystanderRole(),
                "GRANT ALL ON ALL TABLES IN SCHEMA " + name + " TO " + overGrantedRole(),
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA " + name + " TO " + overGrantedRole(),
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + name + " TO " + overGrantedRole());
        for (WorkflowDescriptor workflow : FIXTURES) {
            asOwner("GRANT SELECT, INSERT, UPDATE, DELETE ON " + workflow.table() + " TO " + applicationRole(),
                    "GRANT SELECT ON " + workflow.historyTable() + ", " + workflow.transitionTable() + " TO "
                            + applicationRole());
        }
    }

    String name() {
        return schema.name();
    }

    String ownerRole() {
        return schema.name() + "_migrator";
    }

    String applicationRole() {
        return schema.name() + "_service";
    }

    String overGrantedRole() {
        return schema.name() + "_overgranted";
    }

    String bystanderRole() {
        return schema.name() + "_bystander";
    }

    DataSource superuser() {
        return schema.dataSource();
    }

    DataSource owner() {
        return as(ownerRole());
    }

    DataSource application() {
        return as(applicationRole());
    }

    DataSource overGranted() {
        return as(overGrantedRole());
    }

    DataSource bystander() {
        return as(bystanderRole());
    }

    void asOwner(String... sql) throws SQLException {
        run(owner(), sql);
    }

    void asSuperuser(String... sql) throws SQLException {
        run(superuser(), sql);
    }

    /** Drops the schema, what the roles own or were granted elsewhere, and the roles. */
    @Override
    public void close() throws SQLException {
        schema.drop();
        for (String role : List.of(ownerRole(), applicationRole(), overGrantedRole(), bystanderRole())) {
            asSuperuser("DO $drop$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                    + " EXECUTE 'DROP OWNED BY " + role + "'; EXECUTE 'DROP ROLE " + role + "'; END IF; END $drop$");
        }
    }

    private DataSource as(String role) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(role);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** The schema's URL, without the superuser's credentials. */
    private String url() {
        try {
            return schema.dataSource().unwrap(PGSimpleDataSource.class).getURL();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
