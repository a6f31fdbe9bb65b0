package dev.statewise.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * A state's {@code @Timeout}: when a row left in the state falls due, and the transition that then
 * moves it on. Exactly one of {@code after} and {@code atField} is set.
 *
 * <pre>{@code
 * new TimeoutDescriptor("escalate", Duration.ofDays(3), null)     // 3 days after entering the state
 * new TimeoutDescriptor("expire", null, "respondBy")              // at the instant field respondBy holds
 * }</pre>
 *
 * @param fire the transition that fires, which leaves the state and takes no parameters
 * @param after the elapsed time after entering the state, positive
 * @param atField the Java name of the field whose instant is the deadline
 */
public record TimeoutDescriptor(String fire, Duration after, String atField) {

    /** Checks that exactly one of {@code after} and {@code atField} is set, and {@code after} is positive. */
    public TimeoutDescriptor {
        Objects.requireNonNull(fire, "fire");
        if ((after == null) == (atField == null)) {
            throw new IllegalArgumentException("a timeout has either a duration or a field, not " +
                    (after == null ? "neither" : "both"));
        }
        if (after != null && (after.isNegative() || after.isZero())) {
            throw new IllegalArgumentException("a timeout's duration is positive, not " + after);
        }
    }
}
