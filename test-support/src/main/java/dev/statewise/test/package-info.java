/**
 * A real PostgreSQL for tests: one server per JVM ({@link dev.statewise.test.TestDatabase}),
 * embedded unless a Testcontainers container is asked for or {@code STATEWISE_TEST_JDBC_URL}
 * names a server, and a fresh schema per test class, with the project's Flyway migrations applied
 * when the class names them ({@link dev.statewise.test.PostgresTest}), applied as an owner role
 * that is no superuser; an application role, which owns nothing, comes with each schema
 * ({@link dev.statewise.test.AsApplication}).
 *
 * <pre>{@code
 * @PostgresTest(migrations = "classpath:db/migration")
 * class TaskRepositoryTest {
 *     @Test
 *     void savesTask(DataSource dataSource) throws SQLException { ... }
 *
 *     @Test
 *     void theApplicationSavesTasks(@AsApplication DataSource app) throws SQLException { ... }
 * }
 * }</pre>
 */
package dev.statewise.test;
