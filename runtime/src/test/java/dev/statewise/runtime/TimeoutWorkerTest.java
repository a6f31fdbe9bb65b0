package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.test.PostgresTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs workers against real PostgreSQL over {@link TimerRepository}, which claims due rows as a
 * generated repository does. Waits are bounded by a few seconds, and time is asserted only from
 * below: a slow machine makes polls later, never earlier.
 */
@PostgresTest
class TimeoutWorkerTest {

    /** How long a test waits for what should happen at once; only a failing test waits so long. */
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    /**
     * With no logging framework on the path, the worker's {@code System.Logger} is this
     * {@code java.util.logging} logger. Held here so that its level holds; kept off the console,
     * since these tests make batches fail on purpose.
     */
    private static final Logger LOG = Logger.getLogger(TimeoutWorker.class.getName());

    @BeforeAll
    static void createTable(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(TimerRepository.SCHEMA);
        }
        LOG.setUseParentHandlers(false);
    }

    @AfterAll
    static void logToTheConsoleAgain() {
        LOG.setUseParentHandlers(true);
    }

    @BeforeEach
    void emptyTable(DSLContext dsl) {
        dsl.execute("TRUNCATE timer");
    }

    @Test
    void firesDueTimeoutsFromStartUntilClosed(DSLContext dsl) throws InterruptedException {
        List<Long> due = insert(dsl, 3, "now() - interval '1 minute'");
        Recorder listener = new Recorder();

        // tag::plain-java[]
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository::new) // one per workflow, e.g. LoanApplicationRepository::new
                .listener(listener)
                .build();
        worker.start();
        // end::plain-java[]
        try {
            awaitUntil(() -> listener.fired.size() == 3);
            assertTrue(worker.isRunning());
        } finally {
            // tag::plain-java[]
            worker.close(); // at shutdown: stops polling, lets a running batch finish
            // end::plain-java[]
        }

        assertFalse(worker.isRunning());
        assertEquals(Set.copyOf(due), listener.firedIds());
        assertEquals(List.of("EXPIRED"), dsl.fetchValues("SELECT DISTINCT status FROM timer"));
    }

    @Test
    void fourWorkersFireEveryDueRowExactlyOnce(DSLContext dsl) throws InterruptedException {
        List<Long> due = insert(dsl, 200, "now() - interval '1 minute'");
        List<Long> notYetDue = insert(dsl, 20, "now() + interval '1 hour'");
        Recorder recorder = new Recorder();
        List<TimeoutWorker> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(TimeoutWorker.builder(dsl)
                    .repository(TimerRepository::new)
                    .batchSize(10)
                    .idleBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                    .listener(recorder)
                    .build());
        }

        try {
            workers.forEach(TimeoutWorker::start);
            awaitUntil(() -> recorder.fired.size() >= due.size());
        } finally {
            workers.forEach(TimeoutWorker::close);
        }

        assertEquals(due.size(), recorder.fired.size());
        assertEquals(Set.copyOf(due), recorder.firedIds());
        assertEquals(List.of(1), dsl.fetchValues(
                "SELECT DISTINCT fired FROM timer WHERE id = ANY(?)", (Object) due.toArray(Long[]::new)));
        assertEquals(List.of(0), dsl.fetchValues(
                "SELECT DISTINCT fired FROM timer WHERE id = ANY(?)", (Object) notYetDue.toArray(Long[]::new)));
        assertTrue(recorder.failed.isEmpty());
        assertTrue(recorder.errors.isEmpty());
    }

    /** The idle wait is an hour: only full batches going on at once fire all 25 rows. */
    @Test
    void fullBatchesGoOnAtOnceAndThePartialOneWaits(DSLContext dsl) throws InterruptedException {
        insert(dsl, 25, "now() - interval '1 minute'");
        AtomicInteger batches = new AtomicInteger();
        Recorder recorder = new Recorder();
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository.withHook(tx -> batches.incrementAndGet()))
                .batchSize(10)
                .idleBackoff(Duration.ofHours(1), Duration.ofHours(2))
                .listener(recorder)
                .build();

        try {
            worker.start();
            awaitUntil(() -> recorder.fired.size() == 25);
        } finally {
            worker.close();
        }

        assertEquals(3, batches.get());
        assertFalse(worker.isRunning());
    }

    @Test
    void waitsTwiceAsLongAfterEachIdlePollUpToTheLongest(DSLContext dsl) throws InterruptedException {
        Queue<Long> polls = new ConcurrentLinkedQueue<>();
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository.withHook(tx -> polls.add(System.nanoTime())))
                .idleBackoff(Duration.ofMillis(20), Duration.ofMillis(80))
                .build();

        try {
            worker.start();
            awaitUntil(() -> polls.size() >= 6);
        } finally {
            worker.close();
        }

        assertAtLeastApart(List.copyOf(polls).subList(0, 6), 20, 40, 80, 80, 80);
    }

    /**
     * Were a repository to hand back the same failing row, not putting it off, the worker must
     * still not claim it again at once.
     */
    @Test
    void aBatchOfOnlyFailuresWaitsBeforeTheNext(DSLContext dsl) throws InterruptedException {
        Queue<Long> polls = new ConcurrentLinkedQueue<>();
        Timeouts alwaysFailing = new Timeouts() {
            @Override
            public String workflow() {
                return "Stuck";
            }

            @Override
            public FiredTimeouts fireDueTimeouts(int limit) {
                polls.add(System.nanoTime());
                return new FiredTimeouts("Stuck", List.of(), List.of(new FiredTimeouts.Failed(
                        7, "expire", "WAITING", new IllegalStateException("refused"), Instant.now())));
            }
        };
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(tx -> alwaysFailing)
                .batchSize(1)
                .idleBackoff(Duration.ofMillis(30), Duration.ofMillis(30))
                .build();

        try {
            worker.start();
            awaitUntil(() -> polls.size() >= 5);
        } finally {
            worker.close();
        }

        assertAtLeastApart(List.copyOf(polls).subList(0, 5), 30, 30, 30, 30);
    }

    @Test
    void aRefusedTimeoutIsReportedWithItsRetryTimeAndNotClaimedAgain(DSLContext dsl)
            throws InterruptedException {
        long refusing = insertRefusing(dsl);
        long expiring = insert(dsl, 1, "now() - interval '1 minute'").get(0);
        AtomicInteger batches = new AtomicInteger();
        Recorder recorder = new Recorder();
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository.withHook(tx -> batches.incrementAndGet()))
                .idleBackoff(Duration.ofMillis(5), Duration.ofMillis(10))
                .listener(recorder)
                .build();

        try {
            worker.start();
            awaitUntil(() -> batches.get() >= 5);
        } finally {
            worker.close();
        }

        assertEquals(Set.of(expiring), recorder.firedIds());
        assertEquals(1, recorder.failed.size());
        FiredTimeouts.Failed failed = recorder.failed.get(0);
        assertEquals(refusing, failed.id());
        assertInstanceOf(GuardRefusedException.class, failed.cause());
        assertEquals(dsl.resultQuery("SELECT status_retry_at FROM timer WHERE id = ?", refusing)
                .fetchOne(0, OffsetDateTime.class).toInstant(), failed.retryAt());
        assertTrue(failed.retryAt().isAfter(Instant.now()));
    }

    @Test
    void closeLetsTheRunningBatchFinishAndStartsNoOther(DSLContext dsl) throws InterruptedException {
        long id = insert(dsl, 1, "now() - interval '1 minute'").get(0);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger order = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AtomicReference<Thread> thread = new AtomicReference<>();
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository.withHook(tx -> {
                    batches.incrementAndGet();
                    entered.countDown();
                    assertTrue(release.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));
                }))
                .idleBackoff(Duration.ofMillis(5), Duration.ofMillis(5))
                .threadFactory(runnable -> {
                    thread.set(new Thread(runnable, "closing-test"));
                    return thread.get();
                })
                .listener(new TimeoutListener() {
                    @Override
                    public void fired(String workflow, FiredTimeouts.Fired fired) {
                        reported.set(order.incrementAndGet());
                    }
                })
                .build();
        worker.start();
        assertTrue(entered.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));

        Thread closer = new Thread(() -> {
            worker.close();
            closed.set(order.incrementAndGet());
        });
        closer.start();
        awaitUntil(() -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.TERMINATED);
        release.countDown();
        closer.join(AT_MOST.toMillis());

        assertFalse(closer.isAlive());
        assertEquals(1, reported.get(), "the batch ended and was reported before close() returned");
        assertEquals(2, closed.get());
        assertFalse(thread.get().isAlive());
        assertEquals(1, batches.get());
        assertEquals("EXPIRED", dsl.fetchValue("SELECT status FROM timer WHERE id = ?", id));
    }

    @Test
    void closeWaitsForARunningBatchNoLongerThanItsTimeout(DSLContext dsl) throws InterruptedException {
        long id = insert(dsl, 1, "now() - interval '1 minute'").get(0);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository.withHook(tx -> {
                    entered.countDown();
                    assertTrue(release.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));
                }))
                .closeTimeout(Duration.ofMillis(50))
                .threadFactory(runnable -> {
                    thread.set(new Thread(runnable, "close-timeout-test"));
                    return thread.get();
                })
                .build();
        worker.start();
        assertTrue(entered.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));

        worker.close();

        assertTrue(thread.get().isAlive(), "close() returned while the batch still ran");
        release.countDown();
        thread.get().join(AT_MOST.toMillis());
        assertFalse(thread.get().isAlive());
        assertEquals("EXPIRED", dsl.fetchValue("SELECT status FROM timer WHERE id = ?", id));
    }

    @Test
    void aFailedBatchIsRolledBackReportedAndTriedAgain(DSLContext dsl) throws InterruptedException {
        long id = insert(dsl, 1, "now() - interval '1 minute'").get(0);
        AtomicInteger batches = new AtomicInteger();
        IllegalStateException lost = new IllegalStateException("connection lost");
        Recorder recorder = new Recorder();
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository.withHook(tx -> {
                    int batch = batches.incrementAndGet();
                    if (batch == 1) {
                        tx.execute("UPDATE timer SET fired = fired + 100 WHERE id = ?", id);
                        tx.execute("SELECT 1 / 0");
                    } else if (batch == 2) {
                        throw lost;
                    }
                }))
                .idleBackoff(Duration.ofMillis(5), Duration.ofMillis(10))
                .listener(recorder)
                .build();

        try {
            worker.start();
            awaitUntil(() -> recorder.fired.size() == 1);
            assertTrue(worker.isRunning());
        } finally {
            worker.close();
        }

        assertEquals(List.of("Timer", "Timer"), recorder.errorWorkflows);
        DataAccessException divisionByZero = assertInstanceOf(DataAccessException.class, recorder.errors.get(0));
        assertEquals("22012", divisionByZero.sqlState());
        assertSame(lost, recorder.errors.get(1));
        assertEquals(Set.of(id), recorder.firedIds());
        assertEquals(1, dsl.fetchValue("SELECT fired FROM timer WHERE id = ?", id),
                "the failed batch's write was rolled back");
    }

    @Test
    void runOnceFiresOneBatchOfEachWorkflowAndReportsTheOneThatFailed(DSLContext dsl) {
        List<Long> due = insert(dsl, 3, "now() - interval '1 minute'");
        RuntimeException broken = new IllegalStateException("no such table");
        Recorder recorder = new Recorder();
        try (TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(tx -> broken("Broken", broken))
                .repository(TimerRepository::new)
                .batchSize(2)
                .listener(recorder)
                .build()) {

            List<FiredTimeouts> batches = worker.runOnce();

            assertEquals(1, batches.size());
            assertEquals("Timer", batches.get(0).workflow());
            assertEquals(2, batches.get(0).count());
            assertEquals(List.of("Broken"), recorder.errorWorkflows);
            assertSame(broken, recorder.errors.get(0));

            assertEquals(1, worker.runOnce().get(0).count());
            assertEquals(0, worker.runOnce().get(0).claimed());
        }
        assertEquals(Set.copyOf(due), recorder.firedIds());
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheReportNorTheWorker(DSLContext dsl) throws InterruptedException {
        insert(dsl, 2, "now() - interval '1 minute'");
        insertRefusing(dsl);
        AtomicInteger told = new AtomicInteger();
        TimeoutListener throwing = new TimeoutListener() {
            @Override
            public void fired(String workflow, FiredTimeouts.Fired fired) {
                told.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void failed(String workflow, FiredTimeouts.Failed failed) {
                told.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }
        };
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository::new)
                .batchSize(1)
                .idleBackoff(Duration.ofMillis(5), Duration.ofMillis(10))
                .listener(throwing)
                .build();

        try {
            worker.start();
            awaitUntil(() -> told.get() == 3);
            assertTrue(worker.isRunning());
        } finally {
            worker.close();
        }

        assertEquals(2L, dsl.resultQuery("SELECT count(*) FROM timer WHERE status = 'EXPIRED'").fetchOne(0, Long.class));
    }

    @Test
    void logsFiredCountsFailuresAndBatchErrors(DSLContext dsl) throws InterruptedException {
        insert(dsl, 2, "now() - interval '1 minute'");
        long refusing = insertRefusing(dsl);
        RuntimeException broken = new IllegalStateException("no such table");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        try (TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository::new)
                .repository(tx -> broken("Broken", broken))
                .build()) {

            recordLogs(records, () -> {
                FiredTimeouts batch = worker.runOnce().get(0);

                assertEquals(List.of(Level.INFO, Level.WARNING, Level.SEVERE), levels(records));
                assertEquals("Timer: fired 2 timeouts, 1 failed", records.get(0).getMessage());
                assertEquals("Timer " + refusing + ": the timeout expire from WAITING failed and is tried again at "
                        + batch.failed().get(0).retryAt()
                        + ": Timer " + refusing + ": expire refused (mayExpire): this timer never expires",
                        records.get(1).getMessage());
                assertNull(records.get(1).getThrown(), "a refusal's message says all");
                assertEquals("Broken: a batch of due timeouts failed and was rolled back", records.get(2).getMessage());
                assertSame(broken, records.get(2).getThrown());
            });
        }
    }

    @Test
    void logsNothingAboveDebugWhileIdle(DSLContext dsl) throws InterruptedException {
        AtomicInteger batches = new AtomicInteger();
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        TimeoutWorker worker = TimeoutWorker.builder(dsl)
                .repository(TimerRepository.withHook(tx -> batches.incrementAndGet()))
                .idleBackoff(Duration.ofMillis(5), Duration.ofMillis(5))
                .threadName("idle-test")
                .build();

        recordLogs(records, () -> {
            try {
                worker.start();
                awaitUntil(() -> batches.get() >= 5);
            } finally {
                worker.close();
            }
        });

        List<LogRecord> aboveDebug = records.stream().filter(r -> r.getLevel().intValue() > Level.FINE.intValue()).toList();
        assertEquals(List.of(Level.INFO, Level.INFO), levels(aboveDebug), "started and stopped, nothing else");
        assertTrue(aboveDebug.get(0).getMessage().startsWith("Polling the timeouts of Timer: batches of 100"));
        assertEquals("Stopped polling the timeouts of Timer", aboveDebug.get(1).getMessage());
        assertTrue(records.stream().filter(r -> r.getLevel() == Level.FINE).count() >= 4);
        assertEquals("Timer: no timeout due; next poll in PT0.005S", records.stream()
                .filter(r -> r.getLevel() == Level.FINE).findFirst().orElseThrow().getMessage());
    }

    @Test
    void refusesWhatItCannotDo(DSLContext dsl) {
        TimeoutWorker.Builder builder = TimeoutWorker.builder(dsl);
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> builder.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> builder.idleBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> builder.idleBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> builder.closeTimeout(Duration.ofSeconds(-1)));
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> TimeoutWorker.builder(dsl).repository(TimerRepository::new).repository(TimerRepository::new).build());
        assertEquals("two repositories of Timer were given; one polls it", twice.getMessage());

        TimeoutWorker worker = builder.repository(TimerRepository::new).idleBackoff(Duration.ofHours(1), Duration.ofHours(1)).build();
        worker.start();
        assertThrows(IllegalStateException.class, worker::start);
        worker.close();
        worker.close();
        assertThrows(IllegalStateException.class, worker::start);
        assertThrows(IllegalStateException.class, worker::runOnce);
    }

    private static Timeouts broken(String workflow, RuntimeException error) {
        return new Timeouts() {
            @Override
            public String workflow() {
                return workflow;
            }

            @Override
            public FiredTimeouts fireDueTimeouts(int limit) {
                throw error;
            }
        };
    }

    private static List<Long> insert(DSLContext dsl, int rows, String deadline) {
        return dsl.fetchValues("INSERT INTO timer (status_deadline) SELECT " + deadline
                + " FROM generate_series(1, ?) RETURNING id", rows).stream().map(Long.class::cast).toList();
    }

    private static long insertRefusing(DSLContext dsl) {
        return dsl.resultQuery("INSERT INTO timer (status_deadline, refuses) VALUES (now() - interval '2 minutes', true)"
                + " RETURNING id").fetchOne(0, Long.class);
    }

    /** Fails unless each poll came at least the given milliseconds after the one before. */
    private static void assertAtLeastApart(List<Long> polls, long... millis) {
        for (int i = 0; i < millis.length; i++) {
            long apart = TimeUnit.NANOSECONDS.toMillis(polls.get(i + 1) - polls.get(i));
            assertTrue(apart >= millis[i], "poll " + (i + 2) + " came " + apart + " ms after poll " + (i + 1)
                    + ", not at least " + millis[i]);
        }
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "not within " + AT_MOST);
            Thread.sleep(5);
        }
    }

    private interface Checked {
        void run() throws InterruptedException;
    }

    private static void recordLogs(List<LogRecord> records, Checked during) throws InterruptedException {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        LOG.addHandler(handler);
        LOG.setLevel(Level.ALL);
        try {
            during.run();
        } finally {
            LOG.removeHandler(handler);
            LOG.setLevel(null);
        }
    }

    private static List<Level> levels(List<LogRecord> records) {
        return records.stream().map(LogRecord::getLevel).toList();
    }

    /** What a worker's listener heard, from any number of threads. */
    private static final class Recorder implements TimeoutListener {

        final Queue<FiredTimeouts.Fired> fired = new ConcurrentLinkedQueue<>();
        final List<FiredTimeouts.Failed> failed = new CopyOnWriteArrayList<>();
        final List<RuntimeException> errors = new CopyOnWriteArrayList<>();
        final List<String> errorWorkflows = new CopyOnWriteArrayList<>();

        @Override
        public void fired(String workflow, FiredTimeouts.Fired timeout) {
            fired.add(timeout);
        }

        @Override
        public void failed(String workflow, FiredTimeouts.Failed timeout) {
            failed.add(timeout);
        }

        @Override
        public void error(String workflow, RuntimeException error) {
            errors.add(error);
            errorWorkflows.add(workflow);
        }

        /** The ids fired, failing if one was reported twice. */
        Set<Long> firedIds() {
            Set<Long> ids = new HashSet<>();
            for (FiredTimeouts.Fired timeout : fired) {
                assertTrue(ids.add(timeout.id()), "row " + timeout.id() + " was reported fired twice");
            }
            return Collections.unmodifiableSet(ids);
        }
    }
}
