package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code default boolean} method as a predicate that must hold before the named
 * transitions run. It sees the current row through the interface's accessors and may take any of
 * the transition's parameters, matched by name and type.
 *
 * <pre>{@code
 * // A reviewer may not approve their own work.
 * @Guard("approve")
 * default boolean reviewerIsNotAssignee() {
 *     return !reviewer().equals(assignee());
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Guard {

    /** The names of the transitions this guard protects. */
    String[] value();
}
