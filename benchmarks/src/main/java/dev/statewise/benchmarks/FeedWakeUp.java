package dev.statewise.benchmarks;

import dev.statewise.benchmarks.feed.FedTaskWorkflow;
import dev.statewise.benchmarks.wakeup.NotifiedTaskWorkflow;
import dev.statewise.runtime.EventFeed;
import dev.statewise.runtime.FeedEvent;
import dev.statewise.runtime.FeedListener;
import dev.statewise.runtime.WorkflowDescriptor;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.ConnectionProvider;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The delay from a commit to the handler that sees it, for a consumer that polls ({@code FedTask},
 * {@code events = Events.FEED}) and one that a notification wakes ({@code NotifiedTask},
 * {@code FEED_WITH_NOTIFY}), both {@link EventFeed}s started on threads of their own with the
 * default idle backoff, in the same JVM as the writer. For each mean gap the writer sleeps a random
 * time, uniform from nothing to twice the gap, then moves one row of each table, one transition per
 * transaction, in a random order, and notes {@link System#nanoTime()} as each commit returns; each
 * handler notes it as it sees the event. Both consumers start anew at {@code NOW} for each gap.
 *
 * <p>Checked: each consumer sees every commit once, in version order, and nothing else.
 */
final class FeedWakeUp {

    /** One consumer's delays at one mean gap, in milliseconds, one per commit. */
    record Run(int gapMillis, String consumer, List<Double> delaysMillis) {

        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(delaysMillis);
            Collections.sort(sorted);
            int rank = (int) Math.ceil(p * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    /** The figures of one server, and what the checks found. */
    record Result(List<Run> runs, List<String> verified, double otherCpu) {}

    private static final long GIVE_UP_NANOS = 30_000_000_000L;

    private final Server server;
    private final Options options;
    private final PrintStream progress;
    private final Schema polled;
    private final Schema notified;
    private final Random random = new Random(18);

    FeedWakeUp(Server server, Options options, PrintStream progress, Schema polled, Schema notified) {
        this.server = server;
        this.options = options;
        this.progress = progress;
        this.polled = polled;
        this.notified = notified;
    }

    Result measure() throws SQLException, InterruptedException {
        OtherCpu otherCpu = new OtherCpu(server.postmasterPid());
        OtherCpu.Sample before = otherCpu.sample();
        List<Run> runs = new ArrayList<>();
        List<String> verified = new ArrayList<>();
        for (int gap : options.feedGaps()) {
            progress.printf("  event feed, waking up: a commit every %d ms on average, %d commits%n", gap,
                    options.feedWakeUps());
            runs.addAll(measure(gap, verified));
        }
        return new Result(runs, verified, otherCpu.shareSince(before));
    }

    private List<Run> measure(int gap, List<String> verified) throws SQLException, InterruptedException {
        List<Lane> lanes = List.of(new Lane(polled, FedTaskWorkflow.DESCRIPTOR, "polling (`FEED`)", gap),
                new Lane(notified, NotifiedTaskWorkflow.DESCRIPTOR, "woken by `NOTIFY` (`FEED_WITH_NOTIFY`)", gap));
        List<Lane> order = new ArrayList<>(lanes);
        try {
            for (Lane lane : lanes) {
                lane.start();
            }
            for (Lane lane : lanes) {
                lane.awaitPositioned();
            }
            for (int i = 0; i < options.feedWakeUps(); i++) {
                Thread.sleep((long) (random.nextDouble() * 2 * gap));
                Collections.shuffle(order, random);
                for (Lane lane : order) {
                    lane.write();
                }
            }
            List<Run> runs = new ArrayList<>();
            for (Lane lane : lanes) {
                lane.awaitSeen();
                runs.add(new Run(gap, lane.label, lane.delays()));
                verified.add(String.format(Locale.ROOT, "waking up, a commit every %d ms on average, %s: each of the"
                        + " %d commits seen once, in version order, nothing else", gap, lane.label,
                        options.feedWakeUps()));
            }
            return runs;
        } finally {
            for (Lane lane : lanes) {
                lane.close();
            }
        }
    }

    /** One table, its writer's connection, and its consumer. */
    private final class Lane implements AutoCloseable {

        private final Schema schema;
        private final WorkflowDescriptor workflow;
        private final String label;
        private final String consumer;
        private final Pool pool;
        private final Connection writing;
        private final Rows rows;
        private final Worker writer;
        private final Map<Long, Long> committed = new ConcurrentHashMap<>();
        private final Map<Long, Long> seen = new ConcurrentHashMap<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private EventFeed feed;
        private long lastSeenVersion = -1;

        Lane(Schema schema, WorkflowDescriptor workflow, String label, int gap) throws SQLException {
            this.schema = schema;
            this.workflow = workflow;
            this.label = label;
            this.consumer = "wake-" + gap + "-" + schema.name().replace('_', '-');
            this.pool = new Pool(server, schema.name());
            this.writing = server.connect(Server.APPLICATION);
            try (Connection c = server.connect()) {
                this.rows = Rows.read(c, schema);
            }
            // One row, moved back and forth: the event's version names the commit.
            this.writer = new Worker.Statewise(writing, rows, 0, 1, schema.workflowTable());
        }

        void start() {
            feed = EventFeed.builder(DSL.using(pool, SQLDialect.POSTGRES), consumer)
                    .workflow(workflow)
                    .startAt(EventFeed.Start.NOW)
                    .onEach((event, tx) -> see(event))
                    .listener(new FeedListener() {
                        @Override
                        public void failed(FeedEvent event, Exception error, int attempts, Instant retryAt) {
                            errors.add("the handler failed on " + event.position() + ": " + error);
                        }

                        @Override
                        public void error(String name, RuntimeException error) {
                            errors.add("a batch failed: " + error);
                        }
                    })
                    .build();
            feed.start();
        }

        private void see(FeedEvent event) {
            long at = System.nanoTime();
            long version = event.version();
            if (event.entry().entityId() != rows.ids[0] || version <= lastSeenVersion
                    || seen.putIfAbsent(version, at) != null) {
                errors.add("unexpected event " + event.position() + " of row " + event.entry().entityId()
                        + ", version " + version + " after " + lastSeenVersion);
            }
            lastSeenVersion = version;
        }

        /** Until the consumer's first poll has placed it at the end of the feed: commits from then on are its. */
        void awaitPositioned() throws SQLException, InterruptedException {
            long start = System.nanoTime();
            try (Connection c = server.connect(); PreparedStatement p = c.prepareStatement("SELECT count(*) FROM "
                    + schema.table(schema.workflow() + "_feed_position") + " WHERE consumer = ?")) {
                p.setString(1, consumer);
                while (true) {
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 1) {
                            return;
                        }
                    }
                    if (System.nanoTime() - start > GIVE_UP_NANOS) {
                        throw new IllegalStateException(consumer + " never took its position");
                    }
                    Thread.sleep(20);
                }
            }
        }

        void write() throws SQLException {
            writer.transition();
            committed.put(rows.versions[0], System.nanoTime());
        }

        void awaitSeen() throws InterruptedException {
            long start = System.nanoTime();
            while (seen.size() < committed.size() && errors.isEmpty()) {
                if (System.nanoTime() - start > GIVE_UP_NANOS) {
                    throw new IllegalStateException(consumer + " saw " + seen.size() + " of " + committed.size()
                            + " commits: " + feed.status());
                }
                Thread.sleep(20);
            }
            if (!errors.isEmpty() || !seen.keySet().equals(committed.keySet())) {
                throw new IllegalStateException(consumer + ": " + (errors.isEmpty()
                        ? "saw versions " + seen.keySet() + " where " + committed.keySet() + " were committed"
                        : errors.get(0)));
            }
        }

        List<Double> delays() {
            List<Double> delays = new ArrayList<>();
            committed.forEach((version, at) -> delays.add((seen.get(version) - at) / 1e6));
            return delays;
        }

        @Override
        public void close() throws SQLException {
            if (feed != null) {
                feed.close();
            }
            writer.close();
            pool.close();
        }
    }

    /**
     * The consumer's connections, kept open for its next transaction as a pool would, so that no
     * delay includes logging in; each reads the workflow's schema first. An {@code EventFeed}
     * started holds two at most: one for its batches, one that listens.
     */
    private static final class Pool implements ConnectionProvider, AutoCloseable {

        private final Server server;
        private final String schema;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private final List<Connection> opened = new ArrayList<>();

        Pool(Server server, String schema) {
            this.server = server;
            this.schema = schema;
        }

        @Override
        public synchronized Connection acquire() {
            if (!idle.isEmpty()) {
                return idle.pop();
            }
            try {
                Connection c = server.connect(Server.APPLICATION);
                try (Statement s = c.createStatement()) {
                    s.execute("SET search_path TO " + schema);
                }
                opened.add(c);
                return c;
            } catch (SQLException e) {
                throw new DataAccessException("Could not connect", e);
            }
        }

        @Override
        public synchronized void release(Connection connection) {
            idle.push(connection);
        }

        @Override
        public synchronized void close() throws SQLException {
            for (Connection c : opened) {
                c.close();
            }
        }
    }
}
