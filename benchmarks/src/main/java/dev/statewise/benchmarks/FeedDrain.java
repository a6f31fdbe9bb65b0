package dev.statewise.benchmarks;

import dev.statewise.benchmarks.feed.FedTaskWorkflow;
import dev.statewise.runtime.EventFeed;
import dev.statewise.runtime.FeedEvent;
import dev.statewise.runtime.FeedHandler;
import dev.statewise.runtime.FeedListener;
import dev.statewise.runtime.FeedPosition;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Events one consumer drains per second, through the runtime's {@link EventFeed}: a schema of
 * {@code FedTask} whose history holds {@code feedEvents} events, written beforehand by the
 * application, one transition per transaction as an application writes them (the rows' first
 * transitions excepted, one statement); then, for each batch size and handler, a consumer of a
 * name of its own starts at the beginning and calls {@link EventFeed#runOnce()} until it has
 * delivered them all. It runs as the application role, with the privileges the generated
 * migration grants it, under {@code READ COMMITTED}. The configurations take turns, in a rotating
 * order, round after round.
 *
 * <p>Two handlers: one that does nothing, and one that inserts a row per event into a table of
 * the application's, through the batch transaction's {@code DSLContext}, so that it commits with
 * the position. Both check, in memory, that the events come in the feed's order and each row's in
 * version order; after every run the benchmark checks that the consumer's position stands on the
 * last event and counts all of them, and that the inserted rows are exactly the history. Any
 * failure stops the run.
 */
final class FeedDrain {

    /** The schema each server's drain reads, created afresh. */
    static final String SCHEMA = "draining";

    /** The application's table that the inserting handler writes, one row per event. */
    static final String RECEIVED = "feed_received";

    /** What the handler does with each event. */
    enum Handler {
        NOTHING("nothing"),
        INSERT("inserts a row");

        private final String label;

        Handler(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** One way of draining: a batch size and a handler. */
    record Config(int batch, Handler handler) {

        String consumer(String run) {
            return String.format(Locale.ROOT, "bench-%d-%s-%s", batch, handler.name().toLowerCase(Locale.ROOT), run);
        }
    }

    /**
     * One drain of every event.
     *
     * @param perSecond events delivered per second, from the first call of runOnce to the last
     * @param batches the batches that delivered events
     * @param emptyPolls calls that delivered nothing before the last event: events held back by a
     *     transaction still running elsewhere in the cluster, such as autovacuum's
     * @param otherCpu the share of the machine other processes took meanwhile
     */
    record Run(double perSecond, long batches, long emptyPolls, double otherCpu) {}

    /**
     * The figures of one server.
     *
     * @param events the events each run drained
     * @param runs each configuration's runs, one per measured round, in the order of the options
     * @param verified what the checks after the runs found
     */
    record Result(long events, Map<Config, List<Run>> runs, List<String> verified) {}

    private static final long GIVE_UP_NANOS = 120_000_000_000L;

    private final Server server;
    private final Options options;
    private final PrintStream progress;
    private final OtherCpu otherCpu;

    FeedDrain(Server server, Options options, PrintStream progress) throws SQLException {
        this.server = server;
        this.options = options;
        this.progress = progress;
        this.otherCpu = new OtherCpu(server.postmasterPid());
    }

    /** Writes the events, then drains them in every configuration; after a warm-up when {@code warmUp}. */
    Result measure(boolean warmUp) throws SQLException {
        long events = prepare();
        List<Config> configs = new ArrayList<>();
        for (int batch : options.feedBatches()) {
            for (Handler handler : Handler.values()) {
                configs.add(new Config(batch, handler));
            }
        }
        if (warmUp) {
            for (Config config : configs) {
                progress.printf("  event feed, batches of %d, handler %s, warm-up%n", config.batch(),
                        config.handler().label());
                drain(config, config.consumer("warm-up"), events);
            }
        }
        Map<Config, List<Run>> runs = new LinkedHashMap<>();
        configs.forEach(c -> runs.put(c, new ArrayList<>()));
        for (int round = 0; round < options.feedRounds(); round++) {
            for (Config config : Rotation.of(configs, round)) {
                progress.printf("  event feed, batches of %d, handler %s, round %d/%d%n", config.batch(),
                        config.handler().label(), round + 1, options.feedRounds());
                runs.get(config).add(drain(config, config.consumer("r" + (round + 1)), events));
            }
        }
        List<String> verified = new ArrayList<>();
        runs.forEach((config, list) -> verified.add(String.format(Locale.ROOT,
                "batches of %d, handler %s: %d runs of %,d events each, every event delivered once, in the feed's"
                        + " order and each row's in version order, the position on the last event%s",
                config.batch(), config.handler().label(), list.size() + (warmUp ? 1 : 0), events,
                config.handler() == Handler.INSERT ? ", one row inserted per event, exactly the history" : "")));
        return new Result(events, runs, verified);
    }

    /**
     * A fresh schema of {@code FedTask}, created by the owner with the application's grants, its
     * rows moved to IN_PROGRESS in one statement; the application's table of received events; then
     * transitions, one per transaction, until the history holds {@code feedEvents} events. Returns
     * how many it holds.
     */
    private long prepare() throws SQLException {
        int events = options.feedEvents();
        int rows = Math.max(1, events / 20);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Schema schema = new Schema(SCHEMA, "the feed's events", Design.STATEWISE,
                FeedSchemas.fedMigration().text(), true,
                "SELECT to_regclass('" + SCHEMA + ".fed_task_feed_position') IS NOT NULL", FeedSchemas.FED);
        server.create(schema, rows);
        Verification.beforeTiming(server, schema);
        try (Connection c = server.connect(Server.OWNER); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + SCHEMA + "." + RECEIVED + " (consumer text NOT NULL, history_id bigint NOT NULL,"
                    + " fed_task_id bigint NOT NULL, version bigint NOT NULL, PRIMARY KEY (consumer, history_id))");
            s.execute("GRANT SELECT, INSERT ON " + SCHEMA + "." + RECEIVED + " TO " + Server.APPLICATION);
        }
        progress.printf("  event feed: writing %,d events%n", events);
        try (Connection c = server.connect(Server.APPLICATION); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            // Not what is measured: no need to wait for the disk after each of them.
            s.execute("SET synchronous_commit TO off");
            s.execute(String.format("""
                    DO $write$
                    DECLARE
                        ids bigint[] := (SELECT array_agg(id ORDER BY id) FROM fed_task);
                        in_review boolean[] := (SELECT array_agg(status = 'IN_REVIEW' ORDER BY id) FROM fed_task);
                        n integer := cardinality(ids);
                        k integer;
                    BEGIN
                        FOR i IN 0 .. %d - 1 LOOP
                            k := i %% n + 1;
                            IF in_review[k] THEN
                                UPDATE fed_task SET status = 'IN_PROGRESS', transition = 'requestChanges',
                                       transition_actor = '%s'
                                 WHERE id = ids[k];
                            ELSE
                                UPDATE fed_task SET status = 'IN_REVIEW', reviewer = '%s', transition = 'submit',
                                       transition_actor = '%2$s'
                                 WHERE id = ids[k];
                            END IF;
                            in_review[k] := NOT in_review[k];
                            COMMIT;
                        END LOOP;
                    END
                    $write$""", events - rows, Design.ACTOR, Design.REVIEWER));
        }
        server.vacuum(schema, true);
        long written = count("SELECT count(*) FROM " + SCHEMA + ".fed_task_history");
        if (written != events) {
            throw new IllegalStateException("The feed's history holds " + written + " events, not " + events);
        }
        return written;
    }

    /** One consumer, new, drains every event from the beginning; then its work is checked. */
    private Run drain(Config config, String consumer, long events) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
        Order order = new Order();
        List<String> errors = new ArrayList<>();
        long batches = 0;
        long emptyPolls = 0;
        long delivered = 0;
        double elapsed;
        OtherCpu.Sample before;
        try (Connection connection = server.connect(Server.APPLICATION)) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET search_path TO " + SCHEMA);
            }
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
            FeedHandler handler = switch (config.handler()) {
                case NOTHING -> (event, tx) -> order.see(event);
                case INSERT -> (event, tx) -> {
                    order.see(event);
                    tx.execute("INSERT INTO " + RECEIVED + " (consumer, history_id, fed_task_id, version)"
                                    + " VALUES (?, ?, ?, ?)", consumer, event.entry().id(), event.entry().entityId(),
                            event.version());
                };
            };
            FeedListener failures = new FeedListener() {
                @Override
                public void failed(FeedEvent event, Exception error, int attempts, Instant retryAt) {
                    errors.add("the handler failed on " + event.position() + ": " + error);
                }

                @Override
                public void error(String workflow, RuntimeException error) {
                    errors.add("a batch failed: " + error);
                }
            };
            // tag::drain[]
            EventFeed feed = EventFeed.builder(dsl, consumer)
                    .workflow(FedTaskWorkflow.DESCRIPTOR)
                    .startAt(EventFeed.Start.BEGINNING)
                    .batchSize(config.batch())               // 100, 1,000
                    .onEach(handler)
                    .listener(failures)
                    .build();
            // end::drain[]
            before = otherCpu.sample();
            long start = System.nanoTime();
            while (delivered < events) {
                // tag::drain[]
                List<FeedEvent> batch = feed.runOnce().get(FedTaskWorkflow.DESCRIPTOR.name());
                // end::drain[]
                if (!errors.isEmpty()) {
                    throw new IllegalStateException(consumer + ": " + errors.get(0));
                }
                if (batch.isEmpty()) {
                    emptyPolls++;
                    if (System.nanoTime() - start > GIVE_UP_NANOS) {
                        throw new IllegalStateException(consumer + ": " + delivered + " of " + events
                                + " events delivered, and none for two minutes: " + feed.status());
                    }
                    continue;
                }
                delivered += batch.size();
                batches++;
            }
            elapsed = (System.nanoTime() - start) / 1e9;
            feed.close();
        }
        double others = otherCpu.shareSince(before);
        check(config, consumer, events, delivered, order);
        return new Run(events / elapsed, batches, emptyPolls, others);
    }

    /**
     * The consumer's position stands on the last event and counts every one; the handler saw
     * every event once, in order; the inserting handler's rows are exactly the history. Its rows
     * are then removed, so that every run inserts into an empty table.
     */
    private void check(Config config, String consumer, long events, long delivered, Order order) throws SQLException {
        String positions = SCHEMA + ".fed_task_feed_position";
        String history = SCHEMA + ".fed_task_history";
        try (Connection c = server.connect()) {
            String last = string(c, "SELECT feed_xid::text || '/' || id FROM " + history
                    + " ORDER BY feed_xid DESC, id DESC LIMIT 1");
            String at;
            long counted;
            try (PreparedStatement p = c.prepareStatement("SELECT feed_xid::text || '/' || history_id, delivered FROM "
                    + positions + " WHERE consumer = ?")) {
                p.setString(1, consumer);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException(consumer + " has no position");
                    }
                    at = rs.getString(1);
                    counted = rs.getLong(2);
                }
            }
            if (!at.equals(last) || counted != events || delivered != events || order.seen != events
                    || order.outOfOrder != 0) {
                throw new IllegalStateException(String.format("%s: position %s after %d events counted, where the last"
                                + " event is %s and the history holds %d; the feed delivered %d, the handler saw %d, %d"
                                + " of them out of order", consumer, at, counted, last, events, delivered, order.seen,
                        order.outOfOrder));
            }
            if (config.handler() == Handler.INSERT) {
                long received;
                long matching;
                try (PreparedStatement p = c.prepareStatement("SELECT count(*), count(h.id) FROM " + SCHEMA + "."
                        + RECEIVED + " r LEFT JOIN " + history + " h ON h.id = r.history_id"
                        + " AND h.fed_task_id = r.fed_task_id AND h.version = r.version WHERE r.consumer = ?")) {
                    p.setString(1, consumer);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        received = rs.getLong(1);
                        matching = rs.getLong(2);
                    }
                }
                if (received != events || matching != events) {
                    throw new IllegalStateException(consumer + ": " + received + " rows received, " + matching
                            + " of them history rows, of " + events + " events");
                }
                try (Statement s = c.createStatement()) {
                    s.execute("TRUNCATE " + SCHEMA + "." + RECEIVED);
                    s.execute("VACUUM " + SCHEMA + "." + RECEIVED);
                }
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * What a handler checks as events arrive: each after the one before in the feed's order, and
     * each row's versions one by one from 1, its first transition's.
     */
    private static final class Order {

        private final Map<Long, Long> versions = new HashMap<>();
        private FeedPosition last;
        long seen;
        long outOfOrder;

        void see(FeedEvent event) {
            seen++;
            long expected = versions.getOrDefault(event.entry().entityId(), 0L) + 1;
            if (event.version() == null || event.version() != expected
                    || last != null && event.position().compareTo(last) <= 0) {
                outOfOrder++;
            }
            versions.put(event.entry().entityId(), expected);
            last = event.position();
        }
    }
}
