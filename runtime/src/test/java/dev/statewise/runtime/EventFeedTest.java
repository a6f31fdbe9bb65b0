package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs event feeds against real PostgreSQL over {@link Chore}'s schema, created by its owner; the
 * feeds run as the application role, granted what a generated migration grants it, and writers
 * are the owner's transactions, held open where a test needs them. The proofs of decision 0028, as
 * far as the runtime goes. Waits are bounded; nothing is asserted about how long anything took.
 */
@PostgresTest
class EventFeedTest {

    /** How long a test waits for what should happen at once; only a failing test waits so long. */
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    /** With no logging framework on the path, the feed's {@code System.Logger} is this logger. */
    private static final Logger LOG = Logger.getLogger(EventFeed.class.getName());

    /** Connections of the owner's, who writes; of the application role's, which runs the feeds; of the server's user. */
    private static final List<Pool> POOLS = new ArrayList<>();
    private static Pool owner;
    private static DSLContext ownerDsl;
    private static DSLContext app;
    private static DSLContext server;
    private static TestSchema schema;

    @BeforeAll
    static void createTables(@AsOwner DataSource ownerSource, @AsApplication DataSource appSource,
            DataSource serverSource, TestSchema testSchema) throws SQLException {
        owner = new Pool(ownerSource);
        ownerDsl = DSL.using(owner, SQLDialect.POSTGRES);
        app = DSL.using(new Pool(appSource), SQLDialect.POSTGRES);
        server = DSL.using(new Pool(serverSource), SQLDialect.POSTGRES);
        schema = testSchema;
        try (Connection connection = ownerSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(Chore.SCHEMA);
            // What the handlers of these tests write: each event once, in the order committed.
            statement.execute("""
                    CREATE TABLE received (
                        history_id bigint PRIMARY KEY,
                        task_id    bigint NOT NULL,
                        version    bigint,
                        seq        bigint GENERATED ALWAYS AS IDENTITY
                    )""");
            String application = schema.applicationRole();
            statement.execute("GRANT SELECT ON task, task_history TO " + application);
            statement.execute("GRANT SELECT, INSERT, UPDATE ON task_feed_position TO " + application);
            statement.execute("GRANT SELECT, INSERT ON received TO " + application);
            // No autovacuum here: an ANALYZE takes a transaction id, and would hold events back for a moment.
            statement.execute("ALTER TABLE task SET (autovacuum_enabled = false)");
            statement.execute("ALTER TABLE task_history SET (autovacuum_enabled = false)");
        }
        LOG.setUseParentHandlers(false);
    }

    @AfterAll
    static void closeThePoolsAndLogToTheConsoleAgain() {
        POOLS.forEach(Pool::close);
        LOG.setUseParentHandlers(true);
    }

    @BeforeEach
    void emptyTables() {
        ownerDsl.execute("TRUNCATE task, task_history, task_feed_position, received RESTART IDENTITY");
    }

    /** Proof 1 of decision 0028: the late committer took its transaction id and its history id first. */
    @Test
    void aLateCommitterHoldsBackTheEventsOfEveryLaterTransactionUntilItCommits() throws Exception {
        List<Long> tasks = insertTasks(4);
        try (EventFeed feed = receiving("late", EventFeed.Start.BEGINNING);
                Transaction late = new Transaction()) {
            late.change(tasks.get(0)); // takes its transaction id and its history id first
            change(tasks.get(1));
            change(tasks.get(2));
            change(tasks.get(3));

            assertEquals(List.of(), feed.runOnce().get("Task"));
            assertEquals(List.of(), feed.runOnce().get("Task"));

            late.commit();
            List<FeedEvent> events = drain(feed, 4);

            assertEquals(tasks, events.stream().map(event -> event.entry().entityId()).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(event -> event.entry().id()).toList());
            assertEquals(late.xid, events.get(0).position().xid());
            assertEquals(List.of(), feed.runOnce().get("Task"));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), server.fetchValues("SELECT history_id FROM received ORDER BY seq"));
    }

    /**
     * Experiment E1: a transaction that got its id early changes a row after a younger one
     * committed a change of it. Ordered by transaction id alone, version 3 would come before 2.
     */
    @Test
    void aRowsChangesComeInVersionOrderWhenTheLaterIsByAnOlderTransaction() throws Exception {
        long task = insertTasks(1).get(0);
        try (EventFeed feed = receiving("versions", EventFeed.Start.BEGINNING);
                Transaction older = new Transaction();
                Transaction younger = new Transaction()) {
            older.execute("INSERT INTO task (status) VALUES ('OPEN')"); // writes elsewhere: gets its id now
            long olderXid = older.xid();
            younger.change(task);
            long youngerXid = younger.xid();
            younger.commit();
            older.change(task);
            older.commit();

            List<FeedEvent> events = drain(feed, 2);

            assertTrue(Long.compareUnsigned(olderXid, youngerXid) < 0);
            assertEquals(List.of(2L, 3L), events.stream().map(FeedEvent::version).toList());
            assertEquals(List.of("close", "reopen"), events.stream().map(event -> event.entry().transition()).toList());
            assertEquals(youngerXid, events.get(1).position().xid(), "raised to the key of the row's previous change");
        }
    }

    @Test
    void aChangeBehindARolledBackSavepointIsNeverDeliveredAndOneBehindAReleasedSavepointIs() throws Exception {
        List<Long> tasks = insertTasks(2);
        try (EventFeed feed = receiving("savepoints", EventFeed.Start.BEGINNING);
                Transaction transaction = new Transaction()) {
            transaction.execute("SAVEPOINT rolled_back");
            transaction.change(tasks.get(0));
            transaction.execute("ROLLBACK TO SAVEPOINT rolled_back");
            transaction.execute("SAVEPOINT released");
            transaction.change(tasks.get(1));
            transaction.execute("RELEASE SAVEPOINT released");
            long xid = transaction.xid();
            transaction.commit();

            List<FeedEvent> events = drain(feed, 1);

            assertEquals(tasks.get(1), events.get(0).entry().entityId());
            assertEquals(xid, events.get(0).position().xid(), "the top-level transaction's id");
            assertEquals(List.of(), feed.runOnce().get("Task"));
        }
        assertEquals(1, server.fetchCount(server.selectFrom("received")));
    }

    @Test
    void fromTheBeginningTheHistoryFromBeforeTheFeedComesFirstInIdOrder() throws Exception {
        List<Long> tasks = insertTasks(2);
        historyFromBeforeTheFeed(tasks.get(0), 3);
        change(tasks.get(1));
        change(tasks.get(0));
        try (EventFeed feed = EventFeed.builder(app, "from-the-beginning")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .batchSize(2)
                .onEach((event, tx) -> {})
                .build()) {

            List<FeedEvent> first = feed.runOnce().get("Task");
            List<FeedEvent> second = feed.runOnce().get("Task");
            List<FeedEvent> third = feed.runOnce().get("Task");

            assertEquals(List.of(1L, 2L), ids(first));
            assertEquals(List.of(3L, 4L), ids(second), "the last old event and the first of the feed, in one batch");
            assertEquals(List.of(5L), ids(third));
            assertEquals(new FeedPosition(0, 1), first.get(0).position());
            assertNull(first.get(0).version(), "no version was recorded before the feed");
            assertEquals(2L, second.get(1).version());
            assertEquals(List.of(), feed.runOnce().get("Task"));
            assertEquals(5, feed.status().get(0).delivered());
        }
    }

    @Test
    void fromNowOnlyTheTransactionsRunningOrNotBegunAreDeliveredAndTheFirstInstanceDecides() throws Exception {
        List<Long> tasks = insertTasks(3);
        historyFromBeforeTheFeed(tasks.get(0), 2);
        change(tasks.get(0));
        try (EventFeed now = receiving("from-now", EventFeed.Start.NOW);
                EventFeed beginning = receiving("from-now", EventFeed.Start.BEGINNING);
                Transaction running = new Transaction()) {
            running.change(tasks.get(1));
            FeedStatus beforeItsRow = now.status().get(0);
            assertNull(beforeItsRow.position());
            assertEquals(0, beforeItsRow.due(), "what committed before it starts is not for it");

            assertEquals(List.of(), now.runOnce().get("Task"));
            running.commit();
            change(tasks.get(2));
            List<FeedEvent> events = drain(now, 2);

            assertEquals(List.of(tasks.get(1), tasks.get(2)), events.stream().map(e -> e.entry().entityId()).toList());
            assertEquals(List.of(), beginning.runOnce().get("Task"), "the consumer started now, once and for all");
        }
    }

    @Test
    void aBatchHoldsNoTransactionIdUntilItsHandlerWrites() throws Exception {
        change(insertTasks(1).get(0));
        List<Object> xids = new CopyOnWriteArrayList<>();
        try (EventFeed feed = EventFeed.builder(app, "reader")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .onEach((event, tx) -> xids.add(String.valueOf(
                        tx.fetchValue("SELECT pg_current_xact_id_if_assigned()"))))
                .build()) {

            assertEquals(1, drain(feed, 1).size());
        }
        assertEquals(List.of("null"), xids, "an advisory lock, not a row lock, and the position created before");
    }

    /** Two instances of one consumer, with writers committing, pausing and rolling back meanwhile. */
    @Test
    void twoInstancesOfOneConsumerHandleEachEventOnceInVersionOrderAndNeverAtTheSameTime() throws Exception {
        List<Long> tasks = insertTasks(12);
        AtomicBoolean busy = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        Recorder recorder = new Recorder();
        BatchHandler handler = (events, tx) -> {
            if (!busy.compareAndSet(false, true)) {
                overlapped.set(true);
                return;
            }
            try {
                for (FeedEvent event : events) {
                    receive(event, tx);
                }
                Thread.sleep(1);
            } finally {
                busy.set(false);
            }
        };
        List<EventFeed> feeds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            feeds.add(EventFeed.builder(app, "two-instances")
                    .workflow(Chore.WORKFLOW)
                    .startAt(EventFeed.Start.BEGINNING)
                    .batchSize(7)
                    .idleBackoff(Duration.ofMillis(1), Duration.ofMillis(10))
                    .onBatch(handler)
                    .listener(recorder)
                    .build());
        }
        try {
            feeds.forEach(EventFeed::start);
            List<Thread> writers = new ArrayList<>();
            AtomicReference<Throwable> writerFailed = new AtomicReference<>();
            for (int w = 0; w < 4; w++) {
                Random random = new Random(w);
                Thread writer = new Thread(() -> {
                    try (Transaction transaction = new Transaction()) {
                        for (int t = 0; t < 30; t++) {
                            // In id order, so that two writers never deadlock.
                            random.ints(1 + random.nextInt(3), 0, tasks.size()).sorted().distinct()
                                    .forEach(i -> transaction.change(tasks.get(i)));
                            if (random.nextInt(4) == 0) {
                                Thread.sleep(random.nextInt(5));
                            }
                            if (random.nextInt(5) == 0) {
                                transaction.rollback();
                            } else {
                                transaction.commit();
                            }
                        }
                    } catch (Throwable e) {
                        writerFailed.set(e);
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join(AT_MOST.toMillis());
            }
            assertNull(writerFailed.get());
            long committed = server.fetchCount(server.selectFrom("task_history"));
            assertTrue(committed > 50);
            awaitUntil(() -> server.fetchCount(server.selectFrom("received")) >= committed);
        } finally {
            feeds.forEach(EventFeed::close);
        }

        assertFalse(overlapped.get(), "two batches of the consumer ran at once");
        assertEquals(0L, value(server, Long.class, """
                SELECT count(*) FROM task_history h FULL JOIN received r ON r.history_id = h.id
                 WHERE h.id IS NULL OR r.history_id IS NULL"""), "received = history");
        assertEquals(0L, value(server, Long.class, """
                SELECT count(*) FROM (
                    SELECT version, lag(version) OVER (PARTITION BY task_id ORDER BY seq) AS previous
                      FROM received) r
                 WHERE version <> previous + 1"""), "each row's versions, one after the other");
        assertEquals(List.of(), recorder.failedEvents);
        assertEquals(List.of(), recorder.errors);
    }

    @Test
    void aBatchCutOffWithItsConnectionIsDeliveredAgain() throws Exception {
        for (long task : insertTasks(3)) {
            change(task);
        }
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch terminated = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger pid = new AtomicInteger();
        Recorder recorder = new Recorder();
        try (EventFeed feed = EventFeed.builder(app, "cut-off")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .onBatch((events, tx) -> {
                    for (FeedEvent event : events) {
                        receive(event, tx);
                    }
                    if (runs.incrementAndGet() == 1) {
                        pid.set(value(tx, Integer.class, "SELECT pg_backend_pid()"));
                        inHandler.countDown();
                        assertTrue(terminated.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));
                    }
                })
                .listener(recorder)
                .build()) {
            AtomicReference<Map<String, List<FeedEvent>>> cutOff = new AtomicReference<>();
            Thread batch = new Thread(() -> cutOff.set(feed.runOnce()));
            batch.start();
            assertTrue(inHandler.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));

            assertEquals(true, value(server, Boolean.class, "SELECT pg_terminate_backend(?)", pid.get()));
            awaitUntil(() -> server.fetchCount(server.selectFrom("pg_stat_activity").where("pid = ?", pid.get())) == 0);
            terminated.countDown();
            batch.join(AT_MOST.toMillis());

            assertEquals(List.of(), cutOff.get().get("Task"));
            assertInstanceOf(DataAccessException.class, recorder.errors.get(0));
            assertEquals(3, feed.runOnce().get("Task").size());
        }
        assertEquals(2, runs.get(), "the handler ran twice");
        assertEquals(List.of(1L, 2L, 3L), server.fetchValues("SELECT history_id FROM received ORDER BY seq"));
        assertEquals(List.of(List.of(1L, 2L, 3L)), recorder.deliveredIds);
    }

    @Test
    void aFailingEventHoldsBackTheConsumerUntilItSucceedsOrIsSkipped() throws Exception {
        for (long task : insertTasks(5)) {
            change(task);
        }
        AtomicInteger failing = new AtomicInteger(3);
        AtomicInteger calls = new AtomicInteger();
        Recorder recorder = new Recorder();
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        try (EventFeed feed = EventFeed.builder(app, "failing")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .onEach((event, tx) -> {
                    calls.incrementAndGet();
                    if (event.entry().id() == failing.get()) {
                        throw new IllegalStateException("the mail server refused event " + event.entry().id());
                    }
                    receive(event, tx);
                })
                .listener(recorder)
                .build()) {

            List<FeedEvent> before = recordLogs(records, () -> feed.runOnce().get("Task"));

            assertEquals(List.of(1L, 2L), ids(before), "the events before the failing one, one at a time");
            assertEquals(3 + 3, calls.get(), "the batch up to the failing event, then each again alone");
            FeedEvent third = recorder.failedEvents.get(0);
            assertEquals(3L, third.entry().id());
            assertEquals(List.of(1), recorder.attempts);
            LogRecord error = records.stream().filter(r -> r.getLevel() == Level.SEVERE).findFirst().orElseThrow();
            assertEquals("Task: the handler of consumer failing failed on event " + third.position()
                    + " (Task 3: close OPEN -> CLOSED, version 2), the first time; tried again at "
                    + recorder.retryAts.get(0) + ". The consumer's later events of Task wait until it succeeds or is"
                    + " skipped", error.getMessage());
            assertSame(recorder.errorsThrown.get(0), error.getThrown());

            FeedStatus status = feed.status().get(0);
            assertEquals(before.get(1).position(), status.position());
            assertEquals(2, status.delivered());
            assertEquals(3, status.due());
            assertEquals(1, status.attempts());
            assertEquals("java.lang.IllegalStateException: the mail server refused event 3", status.lastError());
            assertEquals(recorder.retryAts.get(0), status.retryAt());
            assertEquals(Duration.ofSeconds(1), Duration.between(failingSince(), status.retryAt()),
                    "the first retry a second on");

            ownerDsl.execute("UPDATE task_feed_position SET retry_at = now() + interval '1 hour'");
            int callsBefore = calls.get();
            assertEquals(List.of(), feed.runOnce().get("Task"), "not before retry_at");
            assertEquals(callsBefore, calls.get());

            // Failing for an hour by now: the next retry is five minutes on, no more.
            ownerDsl.execute("UPDATE task_feed_position SET retry_at = now(), failing_since = now() - interval '1 hour'");
            Instant since = failingSince();
            assertEquals(List.of(), feed.runOnce().get("Task"));
            assertEquals(callsBefore + 1, calls.get(), "the failing event alone, as the head of the line");
            assertEquals(2, feed.status().get(0).attempts());
            assertEquals(since, failingSince(), "failing since its first failure");
            assertEquals(true, value(ownerDsl, Boolean.class,
                    "SELECT retry_at <= now() + interval '5 minutes' FROM task_feed_position"));

            FeedPosition fourth = new FeedPosition(Long.parseUnsignedLong(
                    value(server, String.class, "SELECT feed_xid::text FROM task_history WHERE id = 4")), 4);
            IllegalArgumentException notNext = assertThrows(IllegalArgumentException.class,
                    () -> feed.skip(Chore.WORKFLOW, fourth));
            assertEquals("only the next event can be skipped, and the next event of Task for consumer failing after "
                    + before.get(1).position() + " is " + third.position() + ", not " + fourth, notNext.getMessage());

            records.clear();
            FeedEvent skipped = recordLogs(records, () -> feed.skip(Chore.WORKFLOW, third.position()));

            assertEquals(third, skipped);
            assertEquals(List.of(Level.WARNING), levels(records));
            assertEquals("Task: consumer failing skipped event " + third.position() + " (Task 3: close OPEN -> CLOSED,"
                    + " version 2) without handling it, after 2 failed attempts; the last said:"
                    + " java.lang.IllegalStateException: the mail server refused event 3", records.get(0).getMessage());
            FeedStatus afterSkip = feed.status().get(0);
            assertEquals(third.position(), afterSkip.position());
            assertEquals(2, afterSkip.delivered());
            assertEquals(0, afterSkip.attempts());
            assertNull(afterSkip.lastError());
            assertNull(afterSkip.retryAt());
            assertEquals(List.of(4L, 5L), ids(feed.runOnce().get("Task")));
        }
        assertEquals(List.of(1L, 2L, 4L, 5L), server.fetchValues("SELECT history_id FROM received ORDER BY seq"));
    }

    @Test
    void aBatchHandlerThatFailsIsGoneOverOneEventAtATime() throws Exception {
        for (long task : insertTasks(4)) {
            change(task);
        }
        List<Integer> batches = new CopyOnWriteArrayList<>();
        Recorder recorder = new Recorder();
        try (EventFeed feed = EventFeed.builder(app, "batches")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .onBatch((events, tx) -> {
                    batches.add(events.size());
                    for (FeedEvent event : events) {
                        if (event.entry().id() == 3) {
                            throw new IllegalStateException("refused");
                        }
                        receive(event, tx);
                    }
                })
                .listener(recorder)
                .build()) {

            List<FeedEvent> delivered = recordLogs(new ArrayList<>(), () -> feed.runOnce().get("Task"));

            assertEquals(List.of(1L, 2L), ids(delivered));
            assertEquals(List.of(4, 1, 1, 1), batches);
            assertEquals(List.of(List.of(1L), List.of(2L)), recorder.deliveredIds);
            assertEquals(3L, recorder.failedEvents.get(0).entry().id());
        }
    }

    @Test
    void statusCountsDueAndHeldEventsAndNamesTheTransactionThatHoldsThem() throws Exception {
        List<Long> tasks = insertTasks(4);
        change(tasks.get(0));
        change(tasks.get(1));
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        try (EventFeed feed = EventFeed.builder(app, "status")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .stallWarning(Duration.ZERO)
                .onEach((event, tx) -> {})
                .build();
                Transaction holder = new Transaction()) {
            holder.change(tasks.get(2));
            change(tasks.get(3));

            FeedStatus before = feed.status().get(0);

            assertEquals("Task", before.workflow());
            assertEquals("status", before.consumer());
            assertNull(before.position(), "no batch yet");
            assertEquals(2, before.due());
            assertEquals(1, before.held());
            assertNotNull(before.oldestHeld());
            assertEquals(holder.xid, before.horizon());
            assertEquals(new FeedStatus.Holder(holder.pid, value(server, String.class, "SELECT current_database()"),
                    schema.ownerRole(), null), before.holder());

            List<FeedEvent> delivered = recordLogs(records, () -> feed.runOnce().get("Task"));

            assertEquals(2, delivered.size());
            FeedStatus after = feed.status().get(0);
            assertEquals(delivered.get(1).position(), after.position());
            assertNotNull(after.movedAt());
            assertEquals(2, after.delivered());
            assertEquals(0, after.due());
            assertEquals(1, after.held());
            LogRecord stalled = records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
            assertTrue(stalled.getMessage().contains("held back from consumer status by transaction " + holder.xid
                    + " of pid " + holder.pid + " (role " + schema.ownerRole() + " in database "),
                    stalled.getMessage());

            holder.commit();
            awaitUntil(() -> feed.status().get(0).held() == 0);
            assertEquals(2, feed.status().get(0).due());
        }
    }

    @Test
    void deliversFromStartUntilClosed() throws Exception {
        List<Long> tasks = insertTasks(3);
        Recorder recorder = new Recorder();
        AtomicReference<Thread> thread = new AtomicReference<>();
        EventFeed feed = EventFeed.builder(app, "started")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .idleBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .onEach(EventFeedTest::receive)
                .listener(recorder)
                .threadFactory(runnable -> {
                    thread.set(new Thread(runnable, "feed-test"));
                    return thread.get();
                })
                .build();
        try {
            feed.start();
            for (long task : tasks) {
                change(task);
            }
            awaitUntil(() -> recorder.deliveredIds.stream().mapToInt(List::size).sum() == 3);
            assertTrue(feed.isRunning());
        } finally {
            feed.close();
        }

        assertFalse(feed.isRunning());
        assertFalse(thread.get().isAlive());
        assertEquals(List.of(1L, 2L, 3L), server.fetchValues("SELECT history_id FROM received ORDER BY seq"));
    }

    @Test
    void refusesToRunUnderAnotherIsolationThanReadCommitted() throws Exception {
        change(insertTasks(1).get(0));
        DSLContext repeatableRead = DSL.using(new ConnectionProvider() {
            @Override
            public Connection acquire() {
                try {
                    Connection connection = schema.applicationDataSource().getConnection();
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    return connection;
                } catch (SQLException e) {
                    throw new DataAccessException("no connection", e);
                }
            }

            @Override
            public void release(Connection connection) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    throw new DataAccessException("not closed", e);
                }
            }
        }, SQLDialect.POSTGRES);
        Recorder recorder = new Recorder();
        try (EventFeed feed = EventFeed.builder(repeatableRead, "repeatable")
                .workflow(Chore.WORKFLOW)
                .startAt(EventFeed.Start.BEGINNING)
                .onEach((event, tx) -> {})
                .listener(recorder)
                .build()) {

            assertEquals(List.of(), recordLogs(new ArrayList<>(), () -> feed.runOnce().get("Task")));
        }
        IllegalStateException refused = assertInstanceOf(IllegalStateException.class, recorder.errors.get(0));
        assertEquals("the event feed reads Task under READ COMMITTED, where the position it reads after taking its"
                + " lock is the last one committed; this transaction is REPEATABLE READ", refused.getMessage());
    }

    @Test
    void refusesWhatItCannotDo() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> EventFeed.builder(app, "Customer Mails"));
        assertEquals("a consumer's name is 1 to 63 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit,"
                + " such as customer-mails; not \"Customer Mails\"", name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventFeed.builder(app, "-mails"));
        assertThrows(IllegalArgumentException.class, () -> EventFeed.builder(app, "m".repeat(64)));
        EventFeed.builder(app, "m".repeat(63));

        EventFeed.Builder builder = EventFeed.builder(app, "refusals");
        IllegalArgumentException noFeed = assertThrows(IllegalArgumentException.class,
                () -> builder.workflow(Chore.WITHOUT_FEED));
        assertEquals("Task has no event feed: declare it with @Workflow(events = Events.FEED), and apply the"
                + " migration the next compile writes", noFeed.getMessage());
        assertThrows(IllegalStateException.class, builder::build);
        builder.workflow(Chore.WORKFLOW);
        assertThrows(IllegalArgumentException.class, () -> builder.workflow(Chore.WORKFLOW));
        assertThrows(IllegalStateException.class, builder::build, "no start");
        builder.startAt(EventFeed.Start.NOW);
        assertThrows(IllegalStateException.class, builder::build, "no handler");
        builder.onEach((event, tx) -> {});
        assertThrows(IllegalStateException.class, () -> builder.onBatch((events, tx) -> {}));
        assertThrows(IllegalArgumentException.class, () -> builder.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> builder.idleBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> builder.idleBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> builder.stallWarning(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.closeTimeout(Duration.ofSeconds(-1)));

        EventFeed feed = builder.idleBackoff(Duration.ofHours(1), Duration.ofHours(1)).build();
        assertThrows(IllegalStateException.class, () -> feed.skip(Chore.WORKFLOW, new FeedPosition(1, 1)),
                "no position yet");
        feed.start();
        assertThrows(IllegalStateException.class, feed::start);
        feed.close();
        feed.close();
        assertThrows(IllegalStateException.class, feed::start);
        assertThrows(IllegalStateException.class, feed::runOnce);
    }

    @Test
    void positionsCompareAsTheFeedOrdersThem() {
        assertTrue(new FeedPosition(0, 9).compareTo(new FeedPosition(1, 1)) < 0);
        assertTrue(new FeedPosition(5, 1).compareTo(new FeedPosition(5, 2)) < 0);
        assertTrue(new FeedPosition(Long.MAX_VALUE, 1).compareTo(new FeedPosition(-1, 1)) < 0, "unsigned");
        assertEquals("(18446744073709551615, 7)", new FeedPosition(-1, 7).toString());
    }

    /** A feed of {@link Chore} whose handler inserts each event into {@code received}. */
    private static EventFeed receiving(String consumer, EventFeed.Start start) {
        return EventFeed.builder(app, consumer)
                .workflow(Chore.WORKFLOW)
                .startAt(start)
                .onEach(EventFeedTest::receive)
                .build();
    }

    private static void receive(FeedEvent event, DSLContext tx) {
        tx.execute("INSERT INTO received (history_id, task_id, version) VALUES (?, ?, ?)",
                event.entry().id(), event.entry().entityId(), event.version());
    }

    /**
     * Runs batches until {@code count} events came; the horizon may be held a moment by a
     * transaction of another test class's on the shared server.
     */
    private static List<FeedEvent> drain(EventFeed feed, int count) throws InterruptedException {
        List<FeedEvent> events = new ArrayList<>();
        awaitUntil(() -> {
            events.addAll(feed.runOnce().get("Task"));
            return events.size() >= count;
        });
        assertEquals(count, events.size());
        return events;
    }

    private static List<Long> ids(List<FeedEvent> events) {
        return events.stream().map(event -> event.entry().id()).toList();
    }

    private static List<Long> insertTasks(int count) {
        return ownerDsl.fetchValues("INSERT INTO task (status) SELECT 'OPEN' FROM generate_series(1, ?) RETURNING id", count)
                .stream().map(Long.class::cast).toList();
    }

    /** Commits a change of the task, in a transaction of its own. */
    private static void change(long task) {
        ownerDsl.execute(Transaction.CHANGE, task);
    }

    /**
     * History written before the feed was turned on, as the feed's migration leaves it: read as
     * {@code feed_xid = '0'}, with no version, the CHECK that new rows have a key added NOT VALID.
     */
    private static void historyFromBeforeTheFeed(long task, int rows) {
        ownerDsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.execute("ALTER TABLE task_history DROP CONSTRAINT task_history_feed_xid_check");
            tx.execute("""
                    INSERT INTO task_history (task_id, transition, from_state, to_state, occurred_at, feed_xid)
                    SELECT ?, 'close', 'OPEN', 'CLOSED', now() - interval '1 year', '0' FROM generate_series(1, ?)""",
                    task, rows);
            tx.execute("ALTER TABLE task_history ADD CONSTRAINT task_history_feed_xid_check CHECK (feed_xid <> '0')"
                    + " NOT VALID");
        });
    }

    private static Instant failingSince() {
        return value(ownerDsl, OffsetDateTime.class, "SELECT failing_since FROM task_feed_position").toInstant();
    }

    /** The one value {@code sql} selects. ({@code fetchValue(sql, type)} would bind the type.) */
    private static <T> T value(DSLContext dsl, Class<T> type, String sql, Object... bindings) {
        return dsl.resultQuery(sql, bindings).fetchOne(0, type);
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "not within " + AT_MOST);
            Thread.sleep(5);
        }
    }

    private interface Logged<T> {
        T run() throws Exception;
    }

    private static <T> T recordLogs(List<LogRecord> records, Logged<T> during) throws Exception {
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
        try {
            return during.run();
        } finally {
            LOG.removeHandler(handler);
        }
    }

    private static List<Level> levels(List<LogRecord> records) {
        return records.stream().map(LogRecord::getLevel).toList();
    }

    /**
     * Transactions of the owner's on a connection of its own, one after the other: each open until
     * committed or rolled back, the last until closed.
     */
    private static final class Transaction implements AutoCloseable {

        static final String CHANGE = "UPDATE task SET status = CASE status WHEN 'OPEN' THEN 'CLOSED' ELSE 'OPEN' END"
                + " WHERE id = ?";

        private final Connection connection;
        final int pid;
        /** The transaction's id, once it has one; 0 before. */
        long xid;

        Transaction() throws SQLException {
            connection = owner.acquire();
            connection.setAutoCommit(false);
            pid = (int) query("SELECT pg_backend_pid()");
        }

        /** Changes the task's state: takes the transaction's id, and a history id. */
        void change(long task) {
            try (PreparedStatement statement = connection.prepareStatement(CHANGE)) {
                statement.setLong(1, task);
                assertEquals(1, statement.executeUpdate());
                xid();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void execute(String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        /** The transaction's id, assigning it if it has none. */
        long xid() {
            xid = query("SELECT pg_current_xact_id()::text");
            return xid;
        }

        void commit() throws SQLException {
            connection.commit();
        }

        void rollback() throws SQLException {
            connection.rollback();
        }

        private long query(String sql) {
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return Long.parseUnsignedLong(result.getString(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.rollback();
            connection.setAutoCommit(true);
            owner.release(connection);
        }
    }

    /**
     * Connections reused, as a pool would: connecting costs 50 to 200 ms on these shared machines.
     * One closed by its server, as a terminated backend's is, is dropped, and so is one left in a
     * transaction.
     */
    private static final class Pool implements ConnectionProvider {

        private final DataSource dataSource;
        private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();

        Pool(DataSource dataSource) {
            this.dataSource = dataSource;
            POOLS.add(this);
        }

        @Override
        public Connection acquire() {
            Connection connection = idle.poll();
            try {
                return connection != null ? connection : dataSource.getConnection();
            } catch (SQLException e) {
                throw new DataAccessException("cannot connect", e);
            }
        }

        @Override
        public void release(Connection connection) {
            try {
                if (!connection.isClosed() && connection.getAutoCommit()) {
                    idle.add(connection);
                } else {
                    connection.close();
                }
            } catch (SQLException e) {
                throw new DataAccessException("cannot release", e);
            }
        }

        void close() {
            for (Connection connection; (connection = idle.poll()) != null; ) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // The schema's drop ends the session anyway.
                }
            }
        }
    }

    /** What a feed's listener heard, from any number of threads. */
    private static final class Recorder implements FeedListener {

        final List<List<Long>> deliveredIds = new CopyOnWriteArrayList<>();
        final List<FeedEvent> failedEvents = new CopyOnWriteArrayList<>();
        final List<Exception> errorsThrown = new CopyOnWriteArrayList<>();
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final List<Instant> retryAts = new CopyOnWriteArrayList<>();
        final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

        @Override
        public void delivered(String workflow, List<FeedEvent> events) {
            deliveredIds.add(ids(events));
        }

        @Override
        public void failed(FeedEvent event, Exception error, int attempts, Instant retryAt) {
            failedEvents.add(event);
            errorsThrown.add(error);
            this.attempts.add(attempts);
            retryAts.add(retryAt);
        }

        @Override
        public void error(String workflow, RuntimeException error) {
            errors.add(error);
        }
    }
}
