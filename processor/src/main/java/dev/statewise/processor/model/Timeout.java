package dev.statewise.processor.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A state's {@code @Timeout}: when a row left in the state is due, and the transition that then
 * moves it on. Exactly one of {@code after} and {@code at} is present once the checks have passed.
 *
 * @param after the time after entering the state, positive
 * @param at the Java name of the field that holds the deadline
 * @param fire the name of the transition that fires
 */
public record Timeout(Optional<Duration> after, Optional<String> at, String fire) {

    public static Timeout after(Duration after, String fire) {
        return new Timeout(Optional.of(after), Optional.empty(), fire);
    }

    public static Timeout at(String field, String fire) {
        return new Timeout(Optional.empty(), Optional.of(field), fire);
    }
}
