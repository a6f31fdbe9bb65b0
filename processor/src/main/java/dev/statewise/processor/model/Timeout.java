package dev.statewise.processor.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    /** When it falls due, in words: {@code after 3 days}, {@code at respondBy}. */
    public String inWords() {
        return after.map(a -> "after " + inWords(a)).orElseGet(() -> "at " + at.orElseThrow());
    }

    /** Elapsed seconds, as a migration writes them, so that a change of daylight-saving time moves no deadline. */
    public static String seconds(Duration duration) {
        return new BigDecimal(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /** A duration in the largest whole unit: {@code 3 days}, {@code 90 minutes}, {@code 0.5 seconds}. */
    public static String inWords(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0) {
            return seconds(duration) + " seconds";
        }
        for (var unit : List.of(Map.entry(86_400L, "day"), Map.entry(3_600L, "hour"), Map.entry(60L, "minute"))) {
            if (seconds % unit.getKey() == 0) {
                long n = seconds / unit.getKey();
                return n + " " + unit.getValue() + (n == 1 ? "" : "s");
            }
        }
        return seconds + (seconds == 1 ? " second" : " seconds");
    }
}
