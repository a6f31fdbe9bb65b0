/**
 * A real PostgreSQL for tests: one server per JVM ({@link dev.statewise.test.TestDatabase}),
 * embedded unless {@code STATEWISE_TEST_JDBC_URL} names one, and a fresh schema per test class
 * ({@link dev.statewise.test.PostgresTest}).
 *
 * <pre>{@code
 * @PostgresTest
 * class TaskRepositoryTest {
 *     @Test
 *     void savesTask(DataSource dataSource) throws SQLException { ... }
 * }
 * }</pre>
 */
package dev.statewise.test;
