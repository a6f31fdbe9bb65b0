package dev.statewise.benchmarks;

import dev.statewise.benchmarks.CrashableServer.Crash;
import dev.statewise.runtime.WorkflowDescriptor;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * Reproduces the concurrency and crash results of the generated schema, on embedded PostgreSQL
 * with {@code fsync} and {@code synchronous_commit} on, listening on the loopback interface only.
 * Writers (16 by default) move shared rows with raw-SQL compare-and-set transitions at READ
 * COMMITTED, REPEATABLE READ and SERIALIZABLE, and the tables are checked after each level; then
 * the server is brought down under the same load three ways ({@code kill -9} of the postmaster,
 * {@code pg_ctl stop -m immediate}, {@code kill -9} of every server process), restarted on the same
 * data directory each time, and every transition whose COMMIT returned to a client is looked for.
 * Prints Markdown on standard output and progress on standard error, and fails when an invariant
 * breaks or an acknowledged transition is lost. See docs/durability.md.
 */
public final class Durability {

    private static final WorkflowDescriptor WORKFLOW = TaskWorkflow.DESCRIPTOR;
    private static final Duration WRITER_WAIT = Duration.ofSeconds(60);

    /** The isolation levels the writers run at, in order. */
    enum Isolation {
        READ_COMMITTED("READ COMMITTED", Connection.TRANSACTION_READ_COMMITTED),
        REPEATABLE_READ("REPEATABLE READ", Connection.TRANSACTION_REPEATABLE_READ),
        SERIALIZABLE("SERIALIZABLE", Connection.TRANSACTION_SERIALIZABLE);

        private final String label;
        private final int level;

        Isolation(String label, int level) {
            this.label = label;
            this.level = level;
        }

        String label() {
            return label;
        }
    }

    /**
     * One phase of load, once its writers stopped.
     *
     * @param writers the writers, with their counts and acknowledged transitions
     * @param seconds how long they ran
     * @param crashPoint where the server stood when it was crashed, or null for a load without a crash
     */
    record Load(List<ContendingWriter> writers, double seconds, CrashPoint crashPoint) {

        List<Change> acknowledged() {
            return writers.stream().flatMap(w -> w.acknowledged().stream()).toList();
        }

        List<Change> inDoubt() {
            return writers.stream().map(ContendingWriter::inDoubt).filter(Objects::nonNull).toList();
        }

        long sum(ToLongFunction<ContendingWriter> count) {
            return writers.stream().mapToLong(count).sum();
        }
    }

    /**
     * Where the server stood when it went down: whether a checkpoint ran during the load, and how
     * much WAL the next start had to replay from the last one.
     *
     * @param checkpointDuringLoad whether the last checkpoint is newer than the one taken before the load
     * @param walBytes WAL written since the last checkpoint's redo point, a moment before the crash
     */
    record CrashPoint(boolean checkpointDuringLoad, long walBytes) {}

    private Durability() {}

    public static void main(String[] args) throws Exception {
        // zonky's close() stops its server with pg_ctl, which fails for a server this script crashed
        // and is logged as an error with a stack trace; the script checks every start and stop itself.
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "off");
        long started = System.nanoTime();
        DurabilityOptions options = DurabilityOptions.fromSystemProperties();
        GeneratedMigration migration = GeneratedMigration.fromClasspath();
        Moves moves = new Moves(WORKFLOW);
        DurabilityReport report = new DurabilityReport(options, migration);
        PrintStream progress = System.err;
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "durability-writer");
            thread.setDaemon(true);
            return thread;
        });
        try (CrashableServer server = CrashableServer.start(options.synchronousCommit())) {
            progress.printf("PostgreSQL on %s%n", server.dataDirectory());
            Deployment deployment = Deployment.apply(server, WORKFLOW);
            Ledger ledger = new Ledger();
            Deployment.createRows(server, WORKFLOW, options.rows(), ledger);
            report.setup(server, deployment);

            int phase = 0;
            for (Isolation isolation : Isolation.values()) {
                progress.printf("  %d writers at %s for %.1f s%n", options.writers(), isolation.label(),
                        options.seconds());
                Load load = load(server, isolation, moves, ledger, options, pool, null, phase++);
                requireConnected(load);
                List<String> conflicts = ledger.record(load.acknowledged());
                Invariants.Findings findings;
                try (Connection c = server.connect()) {
                    findings = Invariants.check(c, WORKFLOW, Deployment.SCHEMA, ledger, List.of(), conflicts);
                }
                ledger.forget(findings.lost());
                report.isolation(isolation, load, findings);
            }

            for (Crash crash : Crash.values()) {
                progress.printf("  %d writers at %s, then %s%n", options.writers(),
                        Isolation.READ_COMMITTED.label(), crash.label());
                Load load = load(server, Isolation.READ_COMMITTED, moves, ledger, options, pool, crash, phase++);
                progress.printf("  restarting on the same data directory%n");
                server.restart();
                List<String> conflicts = ledger.record(load.acknowledged());
                Invariants.Findings findings;
                try (Connection c = server.connect()) {
                    findings = Invariants.check(c, WORKFLOW, Deployment.SCHEMA, ledger, load.inDoubt(), conflicts);
                }
                // What a crash is found to have committed is known from now on, like an acknowledged
                // change; it holds a place no known change held, so it conflicts with none.
                ledger.record(findings.committedInDoubt());
                ledger.forget(findings.lost());
                report.crash(crash, load, findings);
            }
            System.out.print(report.markdown());
        } finally {
            pool.shutdownNow();
        }
        progress.printf("Done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        if (!report.passed()) {
            throw new IllegalStateException(report.verdict());
        }
    }

    /**
     * Runs the writers for the phase's duration; with a crash, brings the server down under them
     * at the end of it instead of stopping them, and waits until each has lost its connection.
     * Each writer draws its rows and moves from a seed of its own, the same in every run.
     */
    private static Load load(CrashableServer server, Isolation isolation, Moves moves, Ledger ledger,
            DurabilityOptions options, ExecutorService pool, Crash crash, int phase) throws Exception {
        List<ContendingWriter> writers = new ArrayList<>();
        try {
            long[] ids = ledger.ids();
            for (int i = 0; i < options.writers(); i++) {
                writers.add(new ContendingWriter(server.connect(Deployment.APPLICATION, Deployment.SCHEMA),
                        isolation.level, moves, WORKFLOW.table(), WORKFLOW.stateColumn(), ids,
                        1000L * phase + i, "writer-" + i));
            }
            String checkpointBefore = crash == null ? null : checkpoint(server);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch ready = new CountDownLatch(writers.size());
            List<Future<?>> done = new ArrayList<>();
            for (ContendingWriter writer : writers) {
                done.add(pool.submit(() -> {
                    ready.countDown();
                    writer.run(stop);
                    return null;
                }));
            }
            ready.await();
            long start = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(options.duration().toMillis());
            CrashPoint crashPoint = null;
            if (crash != null) {
                crashPoint = crashPoint(server, checkpointBefore);
                server.crash(crash);
            }
            stop.set(true);
            long deadline = System.nanoTime() + WRITER_WAIT.toNanos();
            for (Future<?> f : done) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("A writer failed at " + isolation.label() + ": "
                            + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new IllegalStateException("A writer still runs " + WRITER_WAIT + " after the load ended");
                }
            }
            return new Load(List.copyOf(writers), (System.nanoTime() - start) / 1e9, crashPoint);
        } finally {
            for (ContendingWriter writer : writers) {
                try {
                    writer.close();
                } catch (SQLException e) {
                    // A connection the crash broke has nothing left to close.
                }
            }
        }
    }

    private static void requireConnected(Load load) {
        for (ContendingWriter writer : load.writers()) {
            if (writer.connectionLost() != null) {
                throw new IllegalStateException("A writer lost its connection without a crash: "
                        + writer.connectionLost());
            }
        }
    }

    /** Takes a checkpoint and returns its LSN, so that a later one can be told from it. */
    private static String checkpoint(CrashableServer server) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
            try (ResultSet rs = s.executeQuery("SELECT checkpoint_lsn::text FROM pg_control_checkpoint()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static CrashPoint crashPoint(CrashableServer server, String checkpointBefore) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT checkpoint_lsn::text, pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::bigint"
                        + " FROM pg_control_checkpoint()")) {
            rs.next();
            return new CrashPoint(!rs.getString(1).equals(checkpointBefore), rs.getLong(2));
        }
    }
}
