package dev.statewise.processor.reading;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the delay of {@code @Timeout(after)}: a positive {@link Duration}, which is elapsed time
 * (a day is 24 hours). A text that is no such delay gets the reason and what to write instead;
 * months, years and weeks, which {@link Period} reads, are counted in days for the suggestion.
 */
final class Delays {

    private static final String EXAMPLES = "e.g. P3D or PT30M";

    /** Why a text is no delay, and what to write instead. */
    record Refusal(String fault, String fix) {}

    private Delays() {}

    /** The delay, or empty when the text is not a positive duration. */
    static Optional<Duration> parse(String text) {
        try {
            Duration delay = Duration.parse(text);
            return delay.isNegative() || delay.isZero() ? Optional.empty() : Optional.of(delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #parse} refused the text. */
    static Refusal refusal(String text) {
        try {
            Duration delay = Duration.parse(text);
            return new Refusal(delay.isZero() ? "is zero, so a row would be due the moment it enters the state"
                    : "is negative", EXAMPLES);
        } catch (DateTimeParseException e) {
            return inDays(text).orElse(new Refusal("is not a duration", EXAMPLES));
        }
    }

    /** A period of months, years or weeks, with an optional time part, as the days it may mean. */
    private static Optional<Refusal> inDays(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        int t = upper.indexOf('T');
        String date = t < 0 ? upper : upper.substring(0, t);
        String time = t < 0 ? "" : upper.substring(t);
        Period period;
        try {
            period = Period.parse(date);
            if (!time.isEmpty()) {
                Duration.parse("P" + time);
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        long days = period.getYears() * 365L + period.getMonths() * 30L + period.getDays();
        if (period.isNegative() || days <= 0) {
            return Optional.empty();
        }
        String suggestion = "P" + days + "D" + time;
        if (period.getYears() == 0 && period.getMonths() == 0) {
            // Duration reads days, so what it refused and Period read is weeks: exactly 7 days each.
            return Optional.of(new Refusal("counts weeks, which java.time.Duration does not read", suggestion));
        }
        String units;
        String assumption;
        if (period.getMonths() == 0) {
            units = "years";
            assumption = "a year is 365 days";
        } else if (period.getYears() == 0) {
            units = "months";
            assumption = "a month is 30 days";
        } else {
            units = "years and months";
            assumption = "a year is 365 days and a month 30";
        }
        return Optional.of(new Refusal("counts " + units + ", which have no fixed length",
                suggestion + " if " + assumption));
    }
}
