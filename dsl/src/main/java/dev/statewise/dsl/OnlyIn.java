package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a field required (NOT NULL) in the named states and NULL in every other state: the field
 * belongs to those states only and is cleared when the row leaves them.
 *
 * <pre>{@code
 * @OnlyIn("BLOCKED")
 * String blockedReason();
 * }</pre>
 *
 * <p>It is short for {@code @AllowedIn(...) @RequiredIn(...)} naming the same states; for a field
 * that is optional in some of its states, use those two (see {@link AllowedIn}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnlyIn {

    /** The states, by enum constant name, in which the field is set; it is NULL in all others. */
    String[] value();
}
