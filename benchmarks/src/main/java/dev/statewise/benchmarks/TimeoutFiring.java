package dev.statewise.benchmarks;

import dev.statewise.benchmarks.timeouts.ReservationRepository;
import dev.statewise.runtime.FiredTimeouts;
import dev.statewise.runtime.Timeouts;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Timeouts fired per second by 1, 2, 4 ... workers, against a naive poller with as many instances,
 * in the same run. Each run starts from a fresh {@code reservation} table (the generated migration
 * of {@code Reservation}) holding {@code timeoutRows} rows whose deadline has passed, written with
 * {@code held_until} in the past, and a tenth as many due tomorrow; the run ends when every worker
 * finds nothing left to fire. For each worker count the two pollers take turns, in a rotating
 * order, round after round.
 *
 * <ul>
 *   <li>STATEWISE: each worker loops {@code dsl.transactionResult(tx -> repository.fireDueTimeouts(batch))}
 *       until a call claims nothing: due rows claimed {@code FOR UPDATE SKIP LOCKED}, each fired behind
 *       a savepoint, one commit per batch.
 *   <li>NAIVE: what a team writes without SKIP LOCKED. Each instance selects the due rows, oldest
 *       deadline first, up to the batch, then moves each with a compare-and-set UPDATE on id, state
 *       and version, in a transaction of its own; until a select finds nothing. Instances that
 *       select the same rows race for them: an UPDATE that finds its row taken (already moved, or
 *       moved by the transaction whose lock it waited for) changes nothing, and is counted as stale.
 *   <li>SKIP_LOCKED, a reference: the repository's claim by hand ({@code FOR UPDATE SKIP LOCKED},
 *       a batch a transaction), then the same compare-and-set UPDATE as NAIVE for each row, without
 *       the savepoint that keeps one failing row from undoing the batch, and without jOOQ. What
 *       STATEWISE pays beyond it is the savepoints and the repository's own work.
 * </ul>
 *
 * <p>Both fire through the same table and trigger, so each fired timeout is one history row. After
 * every run the rows are checked: every due row released, with exactly one history row, by the
 * poller's actor; every row not yet due untouched; and the pollers' own count of what they fired
 * equal to the due rows. Any failure stops the run.
 */
final class TimeoutFiring {

    /** The schema each run creates afresh. */
    static final String SCHEMA = "firing";

    enum Poller {
        STATEWISE(Timeouts.ACTOR),
        // Actors of their own, so that their history rows are told from the repository's.
        NAIVE("naive-poller"),
        SKIP_LOCKED("skip-locked-poller");

        private final String actor;

        Poller(String actor) {
            this.actor = actor;
        }

        String actor() {
            return actor;
        }
    }

    /**
     * What one poller instance did, or their sum.
     *
     * @param fired timeouts it fired: rows it moved
     * @param attempts rows it tried to move
     * @param stale attempts that moved nothing, the row taken by another instance
     * @param failed attempts that failed with an error, or firings the repository reported failed
     * @param polls calls of fireDueTimeouts, or selects of the due rows
     * @param staleNanos time spent in stale attempts, lock waits included
     * @param busyNanos time from the start until the instance found nothing left
     */
    record Tally(long fired, long attempts, long stale, long failed, long polls, long staleNanos, long busyNanos) {

        static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0, 0);

        Tally plus(Tally other) {
            return new Tally(fired + other.fired, attempts + other.attempts, stale + other.stale,
                    failed + other.failed, polls + other.polls, staleNanos + other.staleNanos,
                    busyNanos + other.busyNanos);
        }

        /** The share of the instances' time spent in stale attempts. */
        double staleShare() {
            return busyNanos == 0 ? 0 : (double) staleNanos / busyNanos;
        }
    }

    /** One run: timeouts fired per second, and what each poller instance did. */
    record Run(double perSecond, Tally tally) {}

    /**
     * The figures of one worker count.
     *
     * @param runs each poller's runs, one per measured round
     * @param otherCpu the share of the machine other processes took during the runs, their mean
     */
    record Cell(Map<Poller, List<Run>> runs, double otherCpu) {

        List<Double> perSecond(Poller poller) {
            return runs.get(poller).stream().map(Run::perSecond).toList();
        }
    }

    /**
     * The figures of every worker count, and what the checks after the runs found.
     *
     * @param cells the figures, by worker count, in the order of the options
     * @param verified one line per poller: the timeouts it fired, all checked
     */
    record Result(Map<Integer, Cell> cells, List<String> verified) {}

    private final Server server;
    private final Options options;
    private final ExecutorService pool;
    private final PrintStream progress;
    private final String ddl;
    private final OtherCpu otherCpu;
    private final Map<Poller, long[]> checked = new EnumMap<>(Poller.class);

    TimeoutFiring(Server server, Options options, ExecutorService pool, PrintStream progress) throws SQLException {
        this.server = server;
        this.options = options;
        this.pool = pool;
        this.progress = progress;
        this.ddl = GeneratedMigration.fromClasspath(GeneratedMigration.RESERVATION).text();
        this.otherCpu = new OtherCpu(server.postmasterPid());
    }

    /**
     * Measures every worker count, after a warm-up when {@code warmUp}: the JIT and jOOQ's first
     * queries need it once a JVM, not once a server.
     */
    Result measure(boolean warmUp) throws SQLException {
        if (warmUp) {
            int most = options.timeoutWorkers().stream().mapToInt(Integer::intValue).max().orElseThrow();
            for (Poller poller : Poller.values()) {
                progress.printf("  timeouts, %s, warm-up%n", poller);
                prepare(options.timeoutRows());
                fire(poller, most, options.timeoutRows());
            }
            checked.clear();
        }
        Map<Integer, Cell> cells = new LinkedHashMap<>();
        for (int workers : options.timeoutWorkers()) {
            Map<Poller, List<Run>> runs = new EnumMap<>(Poller.class);
            List<Double> others = new ArrayList<>();
            for (int round = 0; round < options.timeoutRounds(); round++) {
                for (Poller poller : Rotation.of(List.of(Poller.values()), round)) {
                    progress.printf("  timeouts, %s, %d worker(s), round %d/%d%n", poller, workers, round + 1,
                            options.timeoutRounds());
                    OtherCpu.Sample before = prepare(options.timeoutRows());
                    Run run = fire(poller, workers, options.timeoutRows());
                    others.add(otherCpu.shareSince(before));
                    runs.computeIfAbsent(poller, p -> new ArrayList<>()).add(run);
                }
            }
            cells.put(workers, new Cell(runs, others.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        }
        List<String> verified = new ArrayList<>();
        checked.forEach((poller, counts) -> verified.add(String.format(
                "%s: %,d runs, %,d timeouts fired, each due row released once, with exactly one history row by %s;"
                        + " %,d rows not yet due left as they were", poller, counts[0], counts[1], poller.actor(),
                counts[2])));
        return new Result(cells, verified);
    }

    /**
     * A fresh schema: the generated migration, applied by the owner; {@code rows} due rows and a
     * tenth as many due tomorrow, written by the application; vacuumed, analysed, checkpointed.
     * Returns a sample of the machine's CPU taken when it is ready.
     */
    private OtherCpu.Sample prepare(int rows) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA + " AUTHORIZATION " + Server.OWNER);
        }
        try (Connection c = server.connect(Server.OWNER); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            s.execute(ddl);
            for (String grant : List.of("USAGE ON SCHEMA " + SCHEMA,
                    "SELECT, INSERT, UPDATE, DELETE ON reservation",
                    "SELECT ON reservation_history, reservation_transition")) {
                s.execute("GRANT " + grant + " TO " + Server.APPLICATION);
            }
        }
        try (Connection c = server.connect(Server.APPLICATION); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            // Distinct deadlines a millisecond apart, the oldest a day ago, so that "oldest first" has one order.
            s.execute("INSERT INTO reservation (guest, held_until) SELECT 'guest ' || g,"
                    + " now() - interval '1 day' + g * interval '1 millisecond'"
                    + " FROM generate_series(1, " + rows + ") g");
            s.execute("INSERT INTO reservation (guest, held_until) SELECT 'later ' || g,"
                    + " now() + interval '1 day' + g * interval '1 millisecond' FROM generate_series(1, "
                    + notDue(rows) + ") g");
        }
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE) " + SCHEMA + ".reservation, " + SCHEMA + ".reservation_history");
            if (count(s, "SELECT count(*) FROM " + SCHEMA + ".reservation WHERE status_deadline <= now()")
                    != rows) {
                throw new IllegalStateException("The reservations written as due are not all due");
            }
            s.execute("CHECKPOINT");
        }
        return otherCpu.sample();
    }

    private static int notDue(int rows) {
        return Math.max(1, rows / 10);
    }

    /** Fires every due row with {@code workers} instances of the poller, then checks the rows. */
    private Run fire(Poller poller, int workers, int rows) throws SQLException {
        List<Instance> instances = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                Connection connection = server.connect(Server.APPLICATION);
                instances.add(switch (poller) {
                    case STATEWISE -> new RepositoryWorker(connection, options.timeoutBatch());
                    case NAIVE -> new NaiveInstance(connection, options.timeoutBatch());
                    case SKIP_LOCKED -> new SkipLockedInstance(connection, options.timeoutBatch());
                });
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Tally>> done = new ArrayList<>();
            for (Instance instance : instances) {
                done.add(pool.submit(() -> {
                    go.await();
                    return instance.call();
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            Tally total = Tally.NONE;
            for (Future<Tally> f : done) {
                total = total.plus(f.get());
            }
            long elapsed = System.nanoTime() - start;
            check(poller, rows, total);
            return new Run(rows * 1e9 / elapsed, total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(poller + ": a poller failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            for (Instance instance : instances) {
                instance.close();
            }
        }
    }

    /**
     * Every due row released once, with exactly one history row, by the poller's actor; every row
     * not yet due untouched, in HELD with its deadline; the pollers' own count equal to the due rows.
     */
    private void check(Poller poller, int rows, Tally total) throws SQLException {
        String table = SCHEMA + ".reservation";
        String history = SCHEMA + ".reservation_history";
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            long released = count(s, "SELECT count(*) FROM " + table + " r WHERE r.held_until < now()"
                    + " AND r.status = 'RELEASED' AND r.version = 1 AND r.status_deadline IS NULL"
                    + " AND (SELECT count(*) FROM " + history + " h WHERE h.reservation_id = r.id) = 1"
                    + " AND EXISTS (SELECT FROM " + history + " h WHERE h.reservation_id = r.id"
                    + " AND h.transition = 'release' AND h.from_state = 'HELD' AND h.to_state = 'RELEASED'"
                    + " AND h.actor = '" + poller.actor() + "')");
            long untouched = count(s, "SELECT count(*) FROM " + table + " r WHERE r.held_until > now()"
                    + " AND r.status = 'HELD' AND r.version = 0 AND r.status_deadline = r.held_until"
                    + " AND r.status_retry_at IS NULL"
                    + " AND NOT EXISTS (SELECT FROM " + history + " h WHERE h.reservation_id = r.id)");
            long historyRows = count(s, "SELECT count(*) FROM " + history);
            if (released != rows || untouched != notDue(rows) || historyRows != rows || total.fired() != rows) {
                throw new IllegalStateException(String.format("%s: of %d due rows, %d released once by %s, with"
                                + " %d history rows in all, and the pollers counted %d fired and %d failed; of %d"
                                + " rows not yet due, %d untouched", poller, rows, released, poller.actor(),
                        historyRows, total.fired(), total.failed(), notDue(rows), untouched));
            }
        }
        long[] counts = checked.computeIfAbsent(poller, p -> new long[3]);
        counts[0]++;
        counts[1] += rows;
        counts[2] += notDue(rows);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One poller instance on its own connection, run on a thread of the pool until nothing is left. */
    private abstract static class Instance implements Callable<Tally>, AutoCloseable {

        protected final Connection connection;
        protected final int batch;

        Instance(Connection connection, int batch) throws SQLException {
            this.connection = connection;
            this.batch = batch;
            try (Statement s = connection.createStatement()) {
                s.execute("SET search_path TO " + SCHEMA);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /**
     * A worker as the runtime's TimeoutWorker runs one, without its waits: batch after batch, each
     * its own transaction.
     */
    private static final class RepositoryWorker extends Instance {

        private final DSLContext dsl;

        RepositoryWorker(Connection connection, int batch) throws SQLException {
            super(connection, batch);
            this.dsl = DSL.using(connection, SQLDialect.POSTGRES);
        }

        @Override
        public Tally call() {
            long start = System.nanoTime();
            long fired = 0;
            long failed = 0;
            long polls = 0;
            while (true) {
                FiredTimeouts batchFired = dsl.transactionResult(tx ->
                        new ReservationRepository(tx.dsl()).fireDueTimeouts(batch));
                polls++;
                fired += batchFired.count();
                failed += batchFired.failed().size();
                if (batchFired.claimed() == 0) {
                    return new Tally(fired, fired + failed, 0, failed, polls, 0, System.nanoTime() - start);
                }
            }
        }
    }

    /** The naive poller: select the due rows, then a compare-and-set UPDATE of each, each its own transaction. */
    private static final class NaiveInstance extends Instance {

        private final PreparedStatement due;
        private final PreparedStatement release;

        NaiveInstance(Connection connection, int batch) throws SQLException {
            super(connection, batch);
            due = connection.prepareStatement("SELECT id, version FROM reservation WHERE status_deadline <= now()"
                    + " ORDER BY status_deadline, id LIMIT ?");
            release = connection.prepareStatement("UPDATE reservation SET status = 'RELEASED', transition = 'release',"
                    + " transition_actor = ?, transition_reason = 'deadline passed'"
                    + " WHERE id = ? AND status = 'HELD' AND version = ?");
        }

        @Override
        public Tally call() throws SQLException {
            long start = System.nanoTime();
            long fired = 0;
            long attempts = 0;
            long stale = 0;
            long failed = 0;
            long polls = 0;
            long staleNanos = 0;
            while (true) {
                List<long[]> rows = new ArrayList<>();
                due.setInt(1, batch);
                try (ResultSet rs = due.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
                polls++;
                if (rows.isEmpty()) {
                    return new Tally(fired, attempts, stale, failed, polls, staleNanos, System.nanoTime() - start);
                }
                for (long[] row : rows) {
                    long began = System.nanoTime();
                    attempts++;
                    try {
                        release.setString(1, Poller.NAIVE.actor());
                        release.setLong(2, row[0]);
                        release.setLong(3, row[1]);
                        if (release.executeUpdate() == 1) {
                            fired++;
                        } else {
                            stale++;
                            staleNanos += System.nanoTime() - began;
                        }
                    } catch (SQLException e) {
                        failed++;
                    }
                }
            }
        }
    }

    /**
     * The reference: the repository's claim written by hand, then a plain compare-and-set UPDATE of
     * each claimed row, one transaction a batch, no savepoint.
     */
    private static final class SkipLockedInstance extends Instance {

        private final PreparedStatement due;
        private final PreparedStatement release;

        SkipLockedInstance(Connection connection, int batch) throws SQLException {
            super(connection, batch);
            connection.setAutoCommit(false);
            due = connection.prepareStatement("SELECT id, version FROM reservation WHERE status_deadline <= now()"
                    + " AND (status_retry_at IS NULL OR status_retry_at <= now())"
                    + " ORDER BY status_deadline, id LIMIT ? FOR UPDATE SKIP LOCKED");
            release = connection.prepareStatement("UPDATE reservation SET status = 'RELEASED', transition = 'release',"
                    + " transition_actor = ?, transition_reason = 'deadline passed'"
                    + " WHERE id = ? AND status = 'HELD' AND version = ?");
        }

        @Override
        public Tally call() throws SQLException {
            long start = System.nanoTime();
            long fired = 0;
            long stale = 0;
            long polls = 0;
            try {
                while (true) {
                    List<long[]> rows = new ArrayList<>();
                    due.setInt(1, batch);
                    try (ResultSet rs = due.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                        }
                    }
                    polls++;
                    for (long[] row : rows) {
                        release.setString(1, Poller.SKIP_LOCKED.actor());
                        release.setLong(2, row[0]);
                        release.setLong(3, row[1]);
                        if (release.executeUpdate() == 1) {
                            fired++;
                        } else {
                            stale++;
                        }
                    }
                    connection.commit();
                    if (rows.isEmpty()) {
                        return new Tally(fired, fired + stale, stale, 0, polls, 0, System.nanoTime() - start);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
