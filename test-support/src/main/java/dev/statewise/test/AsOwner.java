package dev.statewise.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code DataSource} or jOOQ {@code DSLContext} parameter that {@link PostgresExtension}
 * injects log in as the schema's owner role ({@link TestSchema#ownerRole()}) rather than as the
 * server's user: the role that applied {@link PostgresTest#migrations()} and owns what they
 * created, and is no superuser. Typically used to grant the application role what a test needs.
 *
 * <pre>{@code
 * @PostgresTest(migrations = "classpath:db/migration")
 * class ReportTest {
 *     @BeforeAll
 *     static void letTheApplicationRead(@AsOwner DSLContext owner, TestSchema schema) {
 *         owner.execute("GRANT SELECT ON task TO " + schema.applicationRole());
 *     }
 *
 *     @Test
 *     void countsTasks(@AsApplication DSLContext app) { ... }
 * }
 * }</pre>
 *
 * @see AsApplication
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface AsOwner {}
