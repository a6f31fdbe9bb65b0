package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a field required (NOT NULL) in the named states and optional in all others. A field
 * without any annotation is required in every state.
 *
 * <pre>{@code
 * @RequiredIn({"IN_PROGRESS", "IN_REVIEW", "DONE"})
 * String assignee();
 * }</pre>
 *
 * <p>Every transition into one of these states must be able to supply the field: the compiler
 * refuses a transition that can not (see the requirement rule in the DSL reference).
 *
 * <p>Beside {@link AllowedIn}, the field is NULL outside the allowed states instead of optional,
 * and every state named here must be allowed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RequiredIn {

    /** The states, by enum constant name, in which the field is NOT NULL. */
    String[] value();
}
