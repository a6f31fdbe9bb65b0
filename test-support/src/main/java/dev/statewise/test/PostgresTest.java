package dev.statewise.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real PostgreSQL, in a schema of its own: shorthand for
 * {@code @ExtendWith(PostgresExtension.class)}, see {@link PostgresExtension}. Inherited, so an
 * abstract base test class can carry it.
 *
 * <pre>{@code
 * @PostgresTest
 * class TaskRepositoryTest {
 *     @Test
 *     void savesTask(DataSource dataSource) throws SQLException { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PostgresExtension.class)
public @interface PostgresTest {}
