package dev.statewise.benchmarks;

import java.time.Duration;

/**
 * What one run of {@link Durability} does, read from system properties so that Maven's {@code -D}
 * reaches them:
 *
 * <pre>
 * -Ddurability.writers=16            client threads, each with its own connection
 * -Ddurability.rows=64               rows the writers share, so that they contend
 * -Ddurability.duration=3            seconds of load per phase: each isolation level, each crash
 * -Ddurability.synchronousCommit=on  off makes the crashes a negative control, which should lose commits
 * </pre>
 *
 * <p>Bounded on purpose: at most 64 writers, 10,000 rows and 60 seconds a phase, so that no setting
 * turns the script into a soak test on a shared machine.
 */
record DurabilityOptions(int writers, int rows, Duration duration, boolean synchronousCommit) {

    static DurabilityOptions fromSystemProperties() {
        DurabilityOptions options = new DurabilityOptions(
                Integer.parseInt(property("durability.writers", "16")),
                Integer.parseInt(property("durability.rows", "64")),
                Duration.ofMillis(Math.round(Double.parseDouble(property("durability.duration", "3")) * 1000)),
                onOff(property("durability.synchronousCommit", "on")));
        if (options.writers < 1 || options.writers > 64 || options.rows < 1 || options.rows > 10_000
                || options.duration.isNegative() || options.duration.isZero()
                || options.duration.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("Invalid durability options (writers 1-64, rows 1-10,000, "
                    + "duration up to 60 s): " + options);
        }
        return options;
    }

    double seconds() {
        return duration.toMillis() / 1000.0;
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("durability.synchronousCommit takes on or off, not " + value);
        };
    }
}
