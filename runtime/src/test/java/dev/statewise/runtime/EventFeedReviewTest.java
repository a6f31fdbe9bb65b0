package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Review of the event feed (branch feed-review): reproductions of what the review found. Each test
 * asserts what should hold, and FAILS on main a1cc4c2.
 */
@PostgresTest
class EventFeedReviewTest {

    private static final Logger LOG = Logger.getLogger(EventFeed.class.getName());
    private static final List<Queue<Connection>> IDLE = new ArrayList<>();
    private static DSLContext owner;
    private static DSLContext server;
    private static DataSource appSource;
    private static DataSource serverSource;
    private static TestSchema schema;

    /** Chore's workflow, declared FEED_WITH_NOTIFY on channel task_feed. */
    private static final WorkflowDescriptor NOTIFYING = new WorkflowDescriptor("Task", "task", "status",
            "task_status_check", "task_transition", "task_history", "task_id", Chore.WORKFLOW.states(),
            Chore.WORKFLOW.edges(), List.of(), "status_since", null, null, List.of(),
            new FeedDescriptor("task_feed_position", "status_feed_xid", "task_feed"));

    @BeforeAll
    static void createTables(@AsOwner DataSource ownerSource, @AsApplication DataSource app, DataSource serverDs,
            TestSchema testSchema) throws SQLException {
        owner = DSL.using(pool(ownerSource, true), SQLDialect.POSTGRES);
        server = DSL.using(pool(serverDs, true), SQLDialect.POSTGRES);
        appSource = app;
        serverSource = serverDs;
        schema = testSchema;
        try (Connection connection = ownerSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(Chore.SCHEMA);
            String application = schema.applicationRole();
            statement.execute("GRANT SELECT ON task, task_history TO " + application);
            // What the generated migration grants (V1__create_parcel.sql with -Astatewise.applicationRole)
            statement.execute("GRANT SELECT, INSERT, UPDATE ON task_feed_position TO " + application);
        }
    }

    @AfterAll
    static void close() {
        for (Queue<Connection> idle : IDLE) {
            for (Connection c; (c = idle.poll()) != null; ) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the schema's drop ends it anyway
                }
            }
        }
    }

    @BeforeEach
    void empty() {
        owner.execute("TRUNCATE task, task_history, task_feed_position RESTART IDENTITY");
    }

    /**
     * The application role has no DELETE on positions, but UPDATE of the key column is a delete: the
     * running feed then re-creates its row at its start, here NOW, and the event committed in
     * between is never delivered, with nothing logged above INFO.
     */
    @Test
    void renamingAConsumersRowIsADeleteAndTheRunningFeedSkipsEventsSilently() throws Exception {
        DSLContext app = DSL.using(pool(appSource, true), SQLDialect.POSTGRES);
        long first = insertTask();
        long second = insertTask();
        List<Long> received = new CopyOnWriteArrayList<>();
        List<LogRecord> logs = new CopyOnWriteArrayList<>();
        try (EventFeed feed = EventFeed.builder(app, "mailer").workflow(Chore.WORKFLOW).startAt(EventFeed.Start.NOW)
                .onEach((event, tx) -> received.add(event.entry().entityId())).build()) {
            feed.runOnce(); // creates the row at the horizon
            change(first);
            awaitDelivered(feed, received, 1);

            change(second); // committed; the consumer must get it
            assertEquals(1, app.execute("UPDATE task_feed_position SET consumer = 'renamed' WHERE consumer = 'mailer'"));
            recordLogs(logs, () -> {
                for (int i = 0; i < 5; i++) {
                    feed.runOnce();
                }
            });
        }
        assertEquals(List.of(), logs.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList(),
                "nothing logged above INFO");
        assertEquals(List.of(first, second), received, "the second task's event was skipped");
    }

    /**
     * Any role that may connect to the database, with no privilege at all, stops a consumer for as
     * long as its session lives: a session-level advisory lock on the consumer's key holds no
     * transaction id, so neither idle_in_transaction_session_timeout nor transaction_timeout ends
     * it, and the feed logs nothing and status() does not say why.
     */
    @Test
    void aRoleWithNoPrivilegeStallsAConsumerWithASessionAdvisoryLockAndTheFeedSaysNothing() throws Exception {
        DSLContext app = DSL.using(pool(appSource, true), SQLDialect.POSTGRES);
        String nobody = schema.name() + "_nobody";
        server.execute("CREATE ROLE " + nobody + " NOLOGIN");
        List<LogRecord> logs = new CopyOnWriteArrayList<>();
        List<Long> received = new CopyOnWriteArrayList<>();
        try (Connection attacker = serverSource.getConnection(); Statement statement = attacker.createStatement();
                EventFeed feed = EventFeed.builder(app, "indexer").workflow(Chore.WORKFLOW)
                        .startAt(EventFeed.Start.BEGINNING).stallWarning(Duration.ZERO)
                        .onEach((event, tx) -> received.add(event.entry().id())).build()) {
            statement.execute("SET ROLE " + nobody);
            statement.execute("SELECT pg_advisory_lock(1398228548, hashtext('task_feed_position/indexer'))");
            change(insertTask());
            recordLogs(logs, () -> {
                for (int i = 0; i < 20; i++) {
                    feed.runOnce();
                    Thread.sleep(50);
                }
            });
            FeedStatus status = feed.status().get(0);
            assertEquals(1, status.due());
            statement.execute("RESET ROLE");
            statement.execute("SELECT pg_advisory_unlock_all()");
            statement.execute("DROP ROLE " + nobody);
        }
        assertTrue(logs.stream().anyMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                "a consumer stalled by another session's lock for 1 s with stallWarning 0 logs a WARNING; received "
                        + received + ", logs " + logs.stream().map(LogRecord::getMessage).toList());
    }

    /**
     * A pool configured with autoCommit=false (Hikari's auto-commit=false, common with JPA): the
     * feed's LISTEN runs in a transaction that never commits, so it takes no effect and the feed is
     * never woken. The control, with autocommit connections, is woken at once.
     */
    @Test
    void theListenConnectionOfAPoolWithoutAutocommitHearsNothing() throws Exception {
        assertTrue(wokenWithin(pool(appSource, true), Duration.ofSeconds(3)), "control: autocommit pool is woken");
        assertTrue(wokenWithin(pool(appSource, false), Duration.ofSeconds(3)),
                "autoCommit=false pool: LISTEN never committed, the feed only polls (30 s here)");
    }

    private static boolean wokenWithin(ConnectionProvider connections, Duration within) throws Exception {
        owner.execute("TRUNCATE task, task_history, task_feed_position RESTART IDENTITY");
        DSLContext app = DSL.using(connections, SQLDialect.POSTGRES);
        List<Long> received = new CopyOnWriteArrayList<>();
        long task = insertTask();
        try (EventFeed feed = EventFeed.builder(app, "woken").workflow(NOTIFYING).startAt(EventFeed.Start.BEGINNING)
                .idleBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
                .onEach((event, tx) -> received.add(event.entry().id())).build()) {
            feed.start();
            // the first poll and the wake after LISTEN have run once the LISTEN is there
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.fetchCount(DSL.table("pg_stat_activity"), DSL.condition("query LIKE 'LISTEN%'")) == 0
                    && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            owner.transaction(c -> {
                c.dsl().execute("UPDATE task SET status = 'CLOSED' WHERE id = ?", task);
                c.dsl().execute("NOTIFY task_feed");
            });
            long deadline = System.nanoTime() + within.toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return !received.isEmpty();
        }
    }

    private static long insertTask() {
        return owner.fetchSingle("INSERT INTO task (status) VALUES ('OPEN') RETURNING id").get(0, Long.class);
    }

    private static void change(long task) {
        owner.execute("UPDATE task SET status = CASE status WHEN 'OPEN' THEN 'CLOSED' ELSE 'OPEN' END WHERE id = ?",
                task);
    }

    private static void awaitDelivered(EventFeed feed, List<Long> received, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.size() < count && System.nanoTime() < until) {
            feed.runOnce();
            Thread.sleep(10);
        }
        assertEquals(count, received.size());
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void recordLogs(List<LogRecord> records, Body body) throws Exception {
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
            body.run();
        } finally {
            LOG.removeHandler(handler);
        }
    }

    /** A small pool; {@code autoCommit} is what it hands connections out with, as Hikari's setting. */
    private static ConnectionProvider pool(DataSource dataSource, boolean autoCommit) {
        Queue<Connection> idle = new ConcurrentLinkedQueue<>();
        IDLE.add(idle);
        return new ConnectionProvider() {
            @Override
            public Connection acquire() {
                Connection connection = idle.poll();
                try {
                    if (connection == null) {
                        connection = dataSource.getConnection();
                    }
                    connection.setAutoCommit(autoCommit);
                    return connection;
                } catch (SQLException e) {
                    throw new DataAccessException("cannot connect", e);
                }
            }

            @Override
            public void release(Connection connection) {
                try {
                    if (connection.isClosed()) {
                        return;
                    }
                    if (!connection.getAutoCommit()) {
                        connection.rollback(); // what Hikari does to a connection returned dirty
                    }
                    idle.add(connection);
                } catch (SQLException e) {
                    throw new DataAccessException("cannot release", e);
                }
            }
        };
    }
}
