package dev.statewise.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code DataSource} or jOOQ {@code DSLContext} parameter that {@link PostgresExtension}
 * injects log in as the schema's application role ({@link TestSchema#applicationRole()}) rather
 * than as the server's user: the role that owns nothing and may do only what it was granted, as
 * an application's login should. The schema is the class's own, as for any other parameter.
 *
 * <pre>{@code
 * @PostgresTest(migrations = "classpath:db/migration")
 * class TaskRepositoryAsTheApplicationTest {
 *     @Test
 *     void startsATask(@AsApplication DSLContext app) {
 *         TaskRepository tasks = new TaskRepository(app);
 *         TaskValue task = tasks.start(tasks.create("Write the notes"), "ada", LocalDate.now());
 *         assertEquals(Task.Status.IN_PROGRESS, task.status());
 *     }
 * }
 * }</pre>
 *
 * <p>The role may do only what the migrations grant it, or what the test grants it as the owner
 * ({@link AsOwner}).
 *
 * @see AsOwner
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface AsApplication {}
