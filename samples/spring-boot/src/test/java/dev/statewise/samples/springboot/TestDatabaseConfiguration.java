package dev.statewise.samples.springboot;

import com.zaxxer.hikari.HikariDataSource;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
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

    @Bean
    TestSchema testSchema() {
        return TestDatabase.shared().createSchema("support_desk");
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
