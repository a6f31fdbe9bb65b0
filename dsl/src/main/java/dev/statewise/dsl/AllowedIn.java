package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a field be set only in the named states: it is optional there and NULL in every other
 * state, so it is cleared when the row leaves them. With {@link RequiredIn} beside it, the field
 * is also NOT NULL in those states, which must be among the allowed ones.
 *
 * <pre>{@code
 * // Gathered while IN_REVIEW, kept once APPROVED, gone when a rejection returns the row to DRAFT.
 * @AllowedIn({"IN_REVIEW", "APPROVED", "PUBLISHED"})
 * @RequiredIn({"APPROVED", "PUBLISHED"})
 * String editorApprovedBy();
 * }</pre>
 *
 * <p>{@code @OnlyIn(X)} is {@code @AllowedIn(X) @RequiredIn(X)}; {@code @AllowedIn} with
 * {@link OnlyIn} or {@link Nullable} is refused as contradictory.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AllowedIn {

    /** The states, by enum constant name, in which the field may be set; it is NULL in all others. */
    String[] value();
}
