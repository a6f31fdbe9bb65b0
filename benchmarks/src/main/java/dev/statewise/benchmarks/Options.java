package dev.statewise.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run measures, read from system properties so that Maven's {@code -D} reaches them:
 *
 * <pre>
 * -Dbench.threads=1,4,16            client thread counts for the throughput
 * -Dbench.rows=500                  rows each client thread owns
 * -Dbench.duration=1.5              seconds per measured round of one design
 * -Dbench.warmup=1                  seconds of warm-up per design and thread count
 * -Dbench.rounds=5                  measured rounds of the throughput
 * -Dbench.serverRounds=9            measured rounds of the server-side loops
 * -Dbench.durability=on,off         fsync and synchronous_commit, one server per value
 * -Dbench.timeouts.rows=3000        due timeouts each firing run fires
 * -Dbench.timeouts.workers=1,2,4    worker counts of the firing runs
 * -Dbench.timeouts.batch=100        the most timeouts one call, or one poll, takes on
 * -Dbench.timeouts.rounds=3         measured rounds of the firing runs
 * -Dbench.feed.events=20000         events in the history one consumer drains, each its own transaction
 * -Dbench.feed.batches=100,1000     the batch sizes of the drain
 * -Dbench.feed.rounds=3             measured rounds of the drain
 * -Dbench.feed.gaps=100,1000        mean milliseconds between the commits whose delay to a handler is measured
 * -Dbench.feed.wakeups=30           commits per gap and consumer whose delay is measured
 * -Dbench.parts=throughput,server-side,interleaved,timeouts,feed   the parts to run
 * -Dbench.smoke                     a short run that every option above still overrides
 * </pre>
 */
record Options(
        List<Integer> threads,
        int rowsPerThread,
        Duration duration,
        Duration warmup,
        int rounds,
        int serverRounds,
        List<Boolean> durability,
        int timeoutRows,
        List<Integer> timeoutWorkers,
        int timeoutBatch,
        int timeoutRounds,
        int feedEvents,
        List<Integer> feedBatches,
        int feedRounds,
        List<Integer> feedGaps,
        int feedWakeUps,
        Set<Part> parts) {

    /** The parts of the benchmark, each a section of the report. */
    enum Part {
        /** Transitions per second from client threads, on every server. */
        THROUGHPUT,
        /** The server-side loop of each design and variant, on the first server. */
        SERVER_SIDE,
        /** The interleaved loop over schemas that differ by little, on the first server. */
        INTERLEAVED,
        /** Timeouts fired per second, against a naive poller, on every server. */
        TIMEOUTS,
        /**
         * The event feed, on every server: transitions per second without it, with it and with
         * its notification, the events one consumer drains per second, and the delay from a
         * commit to a polling and to a notified consumer's handler.
         */
        FEED;

        String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static Options fromSystemProperties() {
        // A smoke run: every part once, on a few rows, in about a minute; it measures nothing worth reporting.
        boolean smoke = switch (property("bench.smoke", "false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("bench.smoke takes true or false, not "
                    + System.getProperty("bench.smoke"));
        };
        Options options = new Options(
                counts(property("bench.threads", smoke ? "1" : "1,4,16")),
                Integer.parseInt(property("bench.rows", smoke ? "50" : "500")),
                seconds(property("bench.duration", smoke ? "0.2" : "1.5")),
                seconds(property("bench.warmup", smoke ? "0.1" : "1")),
                Integer.parseInt(property("bench.rounds", smoke ? "1" : "5")),
                Integer.parseInt(property("bench.serverRounds", smoke ? "1" : "9")),
                Arrays.stream(property("bench.durability", smoke ? "off" : "on,off").split(","))
                        .map(String::trim)
                        .map(Options::onOff)
                        .toList(),
                Integer.parseInt(property("bench.timeouts.rows", smoke ? "500" : "3000")),
                counts(property("bench.timeouts.workers", smoke ? "1,2" : "1,2,4")),
                Integer.parseInt(property("bench.timeouts.batch", smoke ? "20" : "100")),
                Integer.parseInt(property("bench.timeouts.rounds", smoke ? "1" : "3")),
                Integer.parseInt(property("bench.feed.events", smoke ? "2000" : "20000")),
                counts(property("bench.feed.batches", "100,1000")),
                Integer.parseInt(property("bench.feed.rounds", smoke ? "1" : "3")),
                counts(property("bench.feed.gaps", smoke ? "50" : "100,1000")),
                Integer.parseInt(property("bench.feed.wakeups", smoke ? "5" : "30")),
                parts(property("bench.parts", "throughput,server-side,interleaved,timeouts,feed")));
        if (options.threads.isEmpty() || options.threads.stream().anyMatch(t -> t < 1)
                || options.rowsPerThread < 1 || options.rounds < 1 || options.serverRounds < 1
                || options.durability.isEmpty()
                || options.timeoutRows < 1 || options.timeoutWorkers.isEmpty()
                || options.timeoutWorkers.stream().anyMatch(w -> w < 1)
                || options.timeoutBatch < 1 || options.timeoutRounds < 1
                || options.feedEvents < 2 || options.feedBatches.isEmpty()
                || options.feedBatches.stream().anyMatch(b -> b < 1) || options.feedRounds < 1
                || options.feedGaps.isEmpty() || options.feedGaps.stream().anyMatch(g -> g < 0)
                || options.feedWakeUps < 1
                || options.parts.isEmpty()) {
            throw new IllegalArgumentException("Invalid benchmark options: " + options);
        }
        return options;
    }

    boolean runs(Part part) {
        return parts.contains(part);
    }

    int maxThreads() {
        return threads.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Every thread count owns a prefix of the same rows, so the largest one sizes the tables. */
    int totalRows() {
        return maxThreads() * rowsPerThread;
    }

    /** The most threads any part runs at once: client threads, or timeout workers. */
    int poolSize() {
        return Math.max(maxThreads(), timeoutWorkers.stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    private static List<Integer> counts(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
    }

    private static Set<Part> parts(String value) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String name : value.split(",")) {
            parts.add(Arrays.stream(Part.values())
                    .filter(p -> p.option().equals(name.trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("bench.parts takes "
                            + Arrays.stream(Part.values()).map(Part::option).toList() + ", not " + name.trim())));
        }
        return parts;
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
