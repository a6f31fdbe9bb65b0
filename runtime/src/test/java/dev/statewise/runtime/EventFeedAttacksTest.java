package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * What a review of the event feed tried against it, as the application role and as a role with no
 * privilege at all, and what the feed now does: each of these failed before its fix.
 */
@PostgresTest
class EventFeedAttacksTest {

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
            statement.execute("GRANT SELECT, INSERT ON task_feed_position TO " + application);
            statement.execute("GRANT UPDATE (feed_xid, history_id, delivered, moved_at, attempts, failing_since,"
                    + " retry_at, last_error) ON task_feed_position TO " + application);
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
     * A consumer's row renamed or deleted would send a running consumer back to its start, here NOW,
     * and skip what committed in between. The application role may do neither; when the owner
     * deletes the row while the feed runs, the feed says so and delivers no more, skipping nothing
     * silently.
     */
    @Test
    void aConsumersRowIsNeitherRenamedByTheApplicationNorStartedAgainWhenTheOwnerDeletesIt() throws Exception {
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

            DataAccessException rename = assertThrows(DataAccessException.class, () -> app.execute(
                    "UPDATE task_feed_position SET consumer = 'renamed' WHERE consumer = 'mailer'"));
            assertEquals(SqlStates.INSUFFICIENT_PRIVILEGE, rename.sqlState());

            change(second);
            owner.execute("DELETE FROM task_feed_position WHERE consumer = 'mailer'");
            recordLogs(logs, () -> {
                for (int i = 0; i < 5; i++) {
                    feed.runOnce();
                }
            });
        }
        assertEquals(List.of(first), received);
        assertEquals(0, owner.fetchCount(DSL.table("task_feed_position")), "not created again at the start");
        assertEquals(1, logs.stream().filter(r -> r.getLevel() == Level.SEVERE
                && r.getMessage().contains("was deleted while the feed ran")).count(), "one ERROR, " + logs);
    }

    /**
     * Any role that may connect to the database, with no privilege at all, can hold a consumer's
     * advisory lock for as long as its session lives: the lock holds no transaction id, so neither
     * idle_in_transaction_session_timeout nor transaction_timeout ends it. The feed cannot prevent
     * it, and names the session in a WARNING once the position has not moved for the stall warning.
     */
    @Test
    void aSessionThatHoldsAConsumersLockIsNamedInAWarning() throws Exception {
        int[] holder = new int[1];
        DSLContext app = DSL.using(pool(appSource, true), SQLDialect.POSTGRES);
        String nobody = schema.name() + "_nobody";
        server.execute("CREATE ROLE " + nobody + " NOLOGIN");
        List<LogRecord> logs = new CopyOnWriteArrayList<>();
        List<Long> received = new CopyOnWriteArrayList<>();
        try (Connection attacker = serverSource.getConnection(); Statement statement = attacker.createStatement();
                EventFeed feed = EventFeed.builder(app, "indexer").workflow(Chore.WORKFLOW)
                        .startAt(EventFeed.Start.BEGINNING).stallWarning(Duration.ZERO)
                        .onEach((event, tx) -> received.add(event.entry().id())).build()) {
            // The table's oid is no secret: pg_class is readable by every role.
            long positions = owner.fetchSingle("SELECT 'task_feed_position'::regclass::oid::bigint").get(0, Long.class);
            statement.execute("SET ROLE " + nobody);
            statement.execute("SELECT pg_advisory_lock(" + positions + "::oid::int, hashtext('indexer'))");
            holder[0] = DSL.using(attacker, SQLDialect.POSTGRES).fetchSingle("SELECT pg_backend_pid()").get(0, Integer.class);
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
        assertTrue(logs.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                        && r.getMessage().contains("found its lock taken") && r.getMessage().contains("pid " + holder[0])),
                "a consumer stalled by another session's lock with stallWarning 0 logs a WARNING naming it; logs "
                        + logs.stream().map(LogRecord::getMessage).toList());
        assertEquals(List.of(), received);
    }

    /**
     * A pool configured with autoCommit=false (Hikari's auto-commit=false, common with JPA): the
     * feed's LISTEN would run in a transaction that never commits, so it turns autocommit on for
     * its connection, and is woken like the feed of a pool with autocommit.
     */
    @Test
    void theListenConnectionOfAPoolWithoutAutocommitIsWokenToo() throws Exception {
        assertTrue(wokenWithin(pool(appSource, true), Duration.ofSeconds(3)), "control: autocommit pool is woken");
        assertTrue(wokenWithin(pool(appSource, false), Duration.ofSeconds(3)),
                "autoCommit=false pool: woken, not left to poll every 30 s");
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
