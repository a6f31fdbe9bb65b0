package dev.statewise.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real PostgreSQL, in a schema of its own, with the project's
 * migrations applied if it names them: {@code @ExtendWith(PostgresExtension.class)} and more, see
 * {@link PostgresExtension}. Parameters log in as the server's user unless annotated
 * {@link AsOwner @AsOwner} or {@link AsApplication @AsApplication}. Inherited, so an abstract base test class can carry it, and usable as
 * a meta-annotation.
 *
 * <pre>{@code
 * @PostgresTest(migrations = "classpath:db/migration")
 * class TaskRepositoryTest {
 *     @Test
 *     void savesTask(DSLContext dsl) {
 *         TaskRepository tasks = new TaskRepository(dsl);
 *         ...
 *     }
 *
 *     @Test
 *     void theApplicationRoleMayNotDeleteTasks(@AsApplication DataSource app) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(PostgresExtension.class)
public @interface PostgresTest {

    /**
     * Flyway locations whose migrations are applied to the class's schema before its first test,
     * e.g. {@code "classpath:db/migration"}, where Statewise's migrations are on the classpath.
     * They run as the schema's owner role ({@link TestSchema#ownerRole()}), no superuser, which
     * so owns the tables and functions they create, as in a careful deployment; the application
     * role ({@link AsApplication}) gets only what they grant it.
     * Empty, the default, applies nothing. A location that does not exist fails the class.
     * Needs Flyway ({@code org.flywaydb:flyway-database-postgresql}) on the test classpath.
     */
    String[] migrations() default {};
}
