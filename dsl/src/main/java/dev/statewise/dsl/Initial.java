package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a state in which a new row may start. Every workflow has at least one; the database refuses
 * an INSERT in any other state.
 *
 * <pre>{@code
 * enum Status { @Initial DRAFT, SUBMITTED, @Terminal ARCHIVED }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Initial {}
