package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a state a deadline: a row still in the state when it passes is moved on by the transition
 * {@link #fire()} names, the next time a worker asks the repository to fire due timeouts. The
 * database keeps the deadline, in the column {@code <state column>_deadline}; nothing the
 * application writes can set it.
 *
 * <p>The deadline is either a fixed time after the row entered the state, or the instant a field
 * holds:
 *
 * <pre>{@code
 * enum Status {
 *     @Initial SUBMITTED,
 *     @Timeout(after = "P3D", fire = "escalate") UNDER_REVIEW,
 *     @Timeout(at = "respondBy", fire = "expire") WAITING_FOR_CUSTOMER,
 *     ...
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Timeout {

    /**
     * How long after entering the state the timeout fires, as a {@link java.time.Duration} reads it:
     * {@code "PT30M"}, {@code "P3D"}. Elapsed time, so days are 24 hours and no month or year is
     * allowed. Give either this or {@link #at()}.
     */
    String after() default "";

    /**
     * The field whose instant is the deadline, required in the state; the deadline follows the
     * field whenever it changes. Give either this or {@link #after()}.
     */
    String at() default "";

    /** The transition that fires: it leaves this state and takes no parameters. */
    String fire();
}
