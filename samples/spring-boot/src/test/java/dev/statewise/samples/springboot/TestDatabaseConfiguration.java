package dev.statewise.samples.springboot;

import com.zaxxer.hikari.HikariDataSource;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The database of the tests and of the demo: a schema of its own on the PostgreSQL server that
 * {@link TestDatabase} starts once per JVM (embedded, or the one {@code STATEWISE_TEST_JDBC_URL}
 * names), behind Boot's usual connection pool. Boot's Flyway applies the committed migrations to
 * it when the context starts. Spring caches the context, so the test classes share it: tests
 * make their own tickets and never count rows they did not make.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

    @Bean
    HikariDataSource dataSource() {
        TestSchema schema = TestDatabase.shared().createSchema("support_desk");
        return DataSourceBuilder.create().type(HikariDataSource.class).url(schema.jdbcUrl()).build();
    }
}
