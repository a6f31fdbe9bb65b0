package dev.statewise.samples.springboot;

import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The database of the tests and of the demo: a schema of its own on the PostgreSQL server that
 * {@link TestDatabase} starts once per JVM (embedded, or the one {@code STATEWISE_TEST_JDBC_URL}
 * names), with the two login roles {@link TestSchema} makes for it, neither a superuser:
 *
 * <ul>
 *   <li>the owner, {@code <schema>_owner}, is Flyway's login ({@code spring.flyway.url}): Boot's
 *       Flyway applies the committed migrations as this role when the context starts, so it owns
 *       every table and function they create;
 *   <li>the application, {@code <schema>_app}, is the login of Boot's own connection pool
 *       ({@code spring.datasource.url}), the one the service, the repository and the tests use. It
 *       owns nothing, and may do what the migrations grant {@value #APPLICATION_GROUP}, of which it
 *       is made a member.
 * </ul>
 *
 * <p>The two URLs are set as the properties a deployment sets, so Boot builds the pool and Flyway's
 * connection exactly as it does in production. Spring caches contexts, so test classes with the
 * same configuration share one: tests make their own tickets and never count rows they did not make.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

    /**
     * The NOLOGIN group role that {@code -Astatewise.applicationRole} names in pom.xml. The
     * generated migration V8 grants it the workflow's tables and fails if it does not exist, and
     * V14, generated too, its event feed's positions table.
     */
    static final String APPLICATION_GROUP = "support_desk_app";

    /**
     * Makes the schema and its roles, then puts the two logins in {@code spring.datasource.url} and
     * {@code spring.flyway.url}. A {@link BeanFactoryPostProcessor}, so that it runs before any
     * ordinary bean is made, and so before Boot reads those properties for its pool and Flyway;
     * the schema itself becomes the bean {@code testSchema}.
     */
    @Bean
    static BeanFactoryPostProcessor testSchemaLogins(ConfigurableEnvironment environment) {
        return beanFactory -> {
            TestSchema schema = TestDatabase.shared().createSchema("support_desk");
            joinApplicationGroup(schema);
            // tag::logins[]
            Map<String, Object> logins = Map.of(
                    "spring.flyway.url", schema.ownerJdbcUrl(),
                    "spring.datasource.url", schema.applicationJdbcUrl());
            // end::logins[]
            environment.getPropertySources().addFirst(new MapPropertySource("testSchemaLogins", logins));
            beanFactory.registerSingleton("testSchema", schema);
        };
    }

    /**
     * As a deployment does before its first migration: the group role exists (it is shared by
     * every database of the server, so it may already), and the application's login joins it.
     * Done as the server's user, who may create roles; the owner may not.
     */
    static void joinApplicationGroup(TestSchema schema) {
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
     * Drops the schema and its two roles when the context closes, on a server that
     * {@code STATEWISE_TEST_JDBC_URL} names; {@value #APPLICATION_GROUP} stays, as it would on a
     * server of one's own. The embedded server needs no cleanup: it goes with the JVM, and is
     * already stopping when Spring closes its contexts at exit.
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
}
