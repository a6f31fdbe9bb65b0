package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.statewise.runtime.EventFeed;
import dev.statewise.runtime.FeedPosition;
import dev.statewise.runtime.FeedStatus;
import dev.statewise.samples.springboot.Notifier.Notification;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event feed {@code customer-notifications} tells the customer of each change that committed,
 * once, and of none that rolled back, raw SQL's included; and a feed's batch is a Spring
 * transaction, in which the handler's own writes commit with the consumer's position or not at
 * all. The feed's thread does not run here ({@code support-desk.notifications.poll=false}): the
 * tests call {@code runOnce()}, so nothing is delivered but when they say. An agent may hold one
 * ticket at a time, so that a second take throws after its transition was written.
 *
 * <p>A change is readable once every transaction older than it has ended, in the whole cluster,
 * and the other contexts of this JVM write to the same server meanwhile: the tests poll until what
 * they wait for arrives, for at most {@link #AT_MOST}, rather than expect it from one batch.
 */
@SpringBootTest(properties = {
    "support-desk.notifications.poll=false",
    "support-desk.max-open-tickets-per-agent=1",
})
@Import({TestDatabaseConfiguration.class, RecordingNotifier.class})
class CustomerNotificationFeedTest {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private final EventFeed feed;
    private final SupportDesk desk;
    private final RecordingNotifier notifier;
    private final TransactionTemplate transaction;
    private final DSLContext dsl;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TestSchema schema;

    @Autowired
    CustomerNotificationFeedTest(EventFeed feed, SupportDesk desk, RecordingNotifier notifier,
            TransactionTemplate transaction, DSLContext dsl, JdbcClient jdbc, DataSource dataSource,
            TestSchema schema) {
        this.feed = feed;
        this.desk = desk;
        this.notifier = notifier;
        this.transaction = transaction;
        this.dsl = dsl;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    @Test
    void aCommittedTransitionIsToldOnceAfterItCommitted() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();

        transaction.executeWithoutResult(status -> {
            desk.take(id, "ada");
            // Written, not committed: a batch on another connection has nothing of it to deliver.
            CompletableFuture.runAsync(feed::runOnce).join();
            assertThat(notifier.about(id)).isEmpty();
        });
        deliverUntil(() -> !notifier.about(id).isEmpty());
        feed.runOnce();

        long historyId = desk.history(id).get(0).id();
        assertThat(notifier.about(id)).containsExactly(new Notification(
                "SupportTicket/" + historyId, "kim@example.com", id, "ada is looking into your request."));
    }

    /**
     * Grace's second take is written, then the desk's {@code @Transactional} method throws and
     * Spring rolls it back; Linus's take commits after it. Had Grace's committed, it would have
     * come first: the feed delivers a ticket's changes in the order of its versions.
     */
    @Test
    void aTransitionRolledBackIsNeverTold() {
        long first = desk.open("kim@example.com", "Invoice is wrong", Priority.LOW).id();
        long second = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(first, "grace");

        assertThatThrownBy(() -> desk.take(second, "grace")).isInstanceOf(AgentAtCapacityException.class);
        desk.take(second, "linus");
        deliverUntil(() -> !notifier.about(second).isEmpty());

        assertThat(notifier.bodiesAbout(second)).containsExactly("linus is looking into your request.");
        assertThat(notifier.bodiesAbout(first)).containsExactly("grace is looking into your request.");
    }

    /** Another service, say, moves the ticket with plain SQL as the application's login: the trigger writes the history all the same. */
    @Test
    void aTransitionInRawSqlIsToldToo() throws SQLException {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();

        try (Connection connection = dataSource.getConnection();
                PreparedStatement take = connection.prepareStatement("UPDATE support_ticket"
                        + " SET status = 'IN_PROGRESS', agent = 'bob', transition_actor = 'bob' WHERE id = ?")) {
            take.setLong(1, id);
            assertThat(take.executeUpdate()).isOne();
        }
        deliverUntil(() -> !notifier.about(id).isEmpty());

        assertThat(notifier.bodiesAbout(id)).containsExactly("bob is looking into your request.");
    }

    /**
     * The handler reads the ticket as it is now. By the time the take is delivered, Margaret has
     * asked her question too, so "is looking into your request" is out of date and not sent; the
     * question is.
     */
    @Test
    void aMessageAboutAStepTheTicketHasLeftIsNotSent() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "margaret");
        desk.ask(id, "Which browser?");

        deliverUntil(() -> !notifier.about(id).isEmpty());

        assertThat(notifier.bodiesAbout(id)).containsExactly("margaret asks: Which browser?");
    }

    /**
     * At least once, outside the database: a batch run in the caller's Spring transaction (a
     * savepoint of it) sends the message, and the caller rolls back, the consumer's move with it.
     * The next batch sends the message again, with the same id, by which a sender recognises it.
     */
    @Test
    void aMessageSentByABatchThatRolledBackIsSentAgain() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "alan");

        transaction.executeWithoutResult(status -> {
            deliverUntil(() -> !notifier.about(id).isEmpty());
            status.setRollbackOnly();
        });
        deliverUntil(() -> notifier.about(id).size() > 1);

        assertThat(notifier.about(id)).hasSize(2).extracting(Notification::id).containsOnly(
                "SupportTicket/" + desk.history(id).get(0).id());
    }

    /**
     * A consumer of the test's own, whose handler writes a row through Spring's {@code JdbcClient}:
     * the feed's batch is a Spring transaction, so the row joins it. While the handler throws after
     * writing, neither the row nor the consumer's move past the event commits; once it succeeds,
     * both do.
     */
    @Test
    void theHandlersOwnWriteCommitsWithTheMovedPositionOrNotAtAll() throws SQLException {
        createAuditTable();
        AtomicLong audited = new AtomicLong(-1);
        AtomicBoolean failing = new AtomicBoolean(true);
        List<Boolean> inSpringTransaction = new CopyOnWriteArrayList<>();
        try (EventFeed audit = EventFeed.builder(dsl, "ticket-audit")
                .workflow(SupportTicketWorkflow.DESCRIPTOR)
                .startAt(EventFeed.Start.NOW)
                .onEach((event, tx) -> {
                    if (event.entry().entityId() != audited.get()) {
                        return;
                    }
                    inSpringTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
                    jdbc.sql("INSERT INTO ticket_audit (history_id, ticket_id, transition) VALUES (?, ?, ?)")
                            .params(event.entry().id(), event.entry().entityId(), event.entry().transition())
                            .update();
                    if (failing.get()) {
                        throw new IllegalStateException("the audit is down");
                    }
                })
                .build()) {
            audit.runOnce(); // the consumer's row, from now on
            long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
            audited.set(id);
            desk.take(id, "katherine");
            FeedPosition take = positionOfTheFirstChange(id);

            await().atMost(AT_MOST).until(() -> {
                audit.runOnce();
                return status(audit).attempts() > 0;
            });
            FeedStatus failed = status(audit);
            assertThat(failed.position()).isLessThan(take);
            assertThat(failed.lastError()).contains("the audit is down");
            assertThat(auditedRows(take.historyId())).isZero();
            assertThat(inSpringTransaction).containsOnly(true);

            failing.set(false);
            // Tried again once its retry time has come: a second after the failure.
            await().atMost(AT_MOST).until(() -> {
                audit.runOnce();
                return status(audit).position().compareTo(take) >= 0;
            });
            assertThat(status(audit).attempts()).isZero();
            assertThat(auditedRows(take.historyId())).isOne();
        }
    }

    /**
     * Runs batches until {@code delivered} holds, for at most {@link #AT_MOST}, on the calling
     * thread: in its Spring transaction, if it has one.
     */
    private void deliverUntil(BooleanSupplier delivered) {
        await().pollInSameThread().atMost(AT_MOST).until(() -> {
            feed.runOnce();
            return delivered.getAsBoolean();
        });
    }

    private static FeedStatus status(EventFeed feed) {
        return feed.status().get(0);
    }

    /** The feed key of the ticket's first change, as committed. */
    private FeedPosition positionOfTheFirstChange(long ticketId) {
        return jdbc.sql("SELECT feed_xid::text, id FROM support_ticket_history WHERE support_ticket_id = ? ORDER BY id LIMIT 1")
                .param(ticketId)
                .query((row, n) -> new FeedPosition(Long.parseUnsignedLong(row.getString(1)), row.getLong(2)))
                .single();
    }

    /** How many rows the audit committed for the history row, read on a connection of its own. */
    private int auditedRows(long historyId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM ticket_audit WHERE history_id = ?")) {
            count.setLong(1, historyId);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /**
     * A table of the test's, made by the owner, who alone may create tables, and granted to the
     * application as a migration would.
     */
    private void createAuditTable() throws SQLException {
        try (Connection owner = schema.ownerDataSource().getConnection();
                Statement statement = owner.createStatement()) {
            statement.execute("""
                    CREATE TABLE ticket_audit (
                        history_id bigint PRIMARY KEY,
                        ticket_id  bigint NOT NULL,
                        transition text   NOT NULL)""");
            statement.execute("GRANT SELECT, INSERT ON ticket_audit TO " + TestDatabaseConfiguration.APPLICATION_GROUP);
        }
    }
}
