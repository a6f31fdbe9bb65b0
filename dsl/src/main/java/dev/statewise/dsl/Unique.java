package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a field's value unique among the rows in the named states, or among all rows when no
 * state is named: a unique (partial) index, {@code <table>_<column>_key}. NULLs never collide, so
 * rows where the field is not set are free. Rows in other states may share a value with each other
 * and with one row in the named states.
 *
 * <pre>{@code
 * @Unique({"SHIPPED", "DELIVERED"})      // no two parcels on the road with one tracking number
 * @RequiredIn({"SHIPPED", "DELIVERED", "RETURNED"})
 * String trackingNumber();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Unique {

    /** The states, by enum constant name, among whose rows the value is unique; none: all rows. */
    String[] value() default {};
}
