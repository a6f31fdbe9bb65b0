package dev.statewise.samples.springboot;

import com.zaxxer.hikari.HikariDataSource;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The database of the tests and of the demo: a schema of its own on the PostgreSQL server that
 * {@link TestDatabase} starts once per JVM (embedded, or the one {@code STATEWISE_TEST_JDBC_URL}
 * names), behind Boot's usual connection pool. Boot's Flyway applies the committed migrations to
 * it when the context starts. Spring caches contexts, so test classes with the same configuration
 * share one: tests make their own tickets and never count rows they did not make.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

    /**
     * The NOLOGIN group role that {@code -Astatewise.applicationRole} names in pom.xml. The
     * generated migration V7 grants it the workflow's tables and fails if it does not exist.
     */
    static final String APPLICATION_GROUP = "support_desk_app";

    @Bean
    TestSchema testSchema() {
        TestSchema schema = TestDatabase.shared().createSchema("support_desk");
        joinApplicationGroup(schema);
        return schema;
    }

    /**
     * As a deployment does before its first migration: the group role exists (it is shared by
     * every database of the server, so it may already), and the application's login joins it.
     * Done as the server's user, who may create roles; the owner may not.
     */
    private static void joinApplicationGroup(TestSchema schema) {
        try (Connection admin = schema.dataSource().getConnection();
                Statement statement = admin.createStatement()) {
            // Two contexts, or two builds on one server, may create it at once: the second waits
            // for the first and then fails on the role's unique name, which is as good as done.
            statement.execute("""
                    DO $$
                    BEGIN
                        IF to_regrole('%1$s') IS NULL THEN
                            CREATE ROLE %1$s NOLOGIN;
                        END IF;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                        NULL;
                    END
                    $$""".formatted(APPLICATION_GROUP));
            statement.execute("GRANT " + APPLICATION_GROUP + " TO " + schema.applicationRole());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not make " + schema.applicationRole() + " a member of "
                    + APPLICATION_GROUP, e);
        }
    }

    /**
     * Drops the schema when the context closes, on a server that {@code STATEWISE_TEST_JDBC_URL}
     * names. The embedded server needs no cleanup: it goes with the JVM, and is already stopping
     * when Spring closes its contexts at exit.
     */
    @Bean
    DisposableBean testSchemaDrop(TestSchema schema) {
        String server = System.getenv(TestDatabase.JDBC_URL_VARIABLE);
        boolean external = server != null && !server.isBlank();
        return () -> {
            if (external) {
                schema.drop();
            }
        };
    }

    @Bean
    HikariDataSource dataSource(TestSchema schema) {
        return DataSourceBuilder.create().type(HikariDataSource.class).url(schema.jdbcUrl()).build();
    }
}
