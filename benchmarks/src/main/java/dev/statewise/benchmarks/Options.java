package dev.statewise.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one run measures, read from system properties so that Maven's {@code -D} reaches them:
 *
 * <pre>
 * -Dbench.threads=1,4,16      client thread counts for the throughput
 * -Dbench.rows=500            rows each client thread owns
 * -Dbench.duration=1.5        seconds per measured round of one design
 * -Dbench.warmup=1            seconds of warm-up per design and thread count
 * -Dbench.rounds=5            measured rounds of the throughput
 * -Dbench.serverRounds=9      measured rounds of the server-side loops
 * -Dbench.durability=on,off   fsync and synchronous_commit, one server per value
 * </pre>
 */
record Options(
        List<Integer> threads,
        int rowsPerThread,
        Duration duration,
        Duration warmup,
        int rounds,
        int serverRounds,
        List<Boolean> durability) {

    static Options fromSystemProperties() {
        Options options = new Options(
                Arrays.stream(property("bench.threads", "1,4,16").split(","))
                        .map(String::trim)
                        .map(Integer::valueOf)
                        .toList(),
                Integer.parseInt(property("bench.rows", "500")),
                seconds(property("bench.duration", "1.5")),
                seconds(property("bench.warmup", "1")),
                Integer.parseInt(property("bench.rounds", "5")),
                Integer.parseInt(property("bench.serverRounds", "9")),
                Arrays.stream(property("bench.durability", "on,off").split(","))
                        .map(String::trim)
                        .map(Options::onOff)
                        .toList());
        if (options.threads.isEmpty() || options.threads.stream().anyMatch(t -> t < 1)
                || options.rowsPerThread < 1 || options.rounds < 1 || options.serverRounds < 1
                || options.durability.isEmpty()) {
            throw new IllegalArgumentException("Invalid benchmark options: " + options);
        }
        return options;
    }

    int maxThreads() {
        return threads.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Every thread count owns a prefix of the same rows, so the largest one sizes the tables. */
    int totalRows() {
        return maxThreads() * rowsPerThread;
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("bench.durability takes on and off, not " + value);
        };
    }
}
