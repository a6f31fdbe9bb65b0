package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.statewise.runtime.Audit;
import dev.statewise.runtime.EventFeed;
import dev.statewise.runtime.FeedEvent;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A desk deployed before the feed, with tickets, their history and the outbox's messages, moves to
 * the feed: V14 adds it, and V15 drops the outbox, but only once every message in it was sent.
 * The consumer then starts from the beginning and tells no customer again of a change made before
 * the feed, whose message the outbox held; it tells them of every change after.
 *
 * <p>Without Spring: Flyway migrates as the owner up to a version, and the desk's tables are
 * written as the application's login, as in {@link TestDatabaseConfiguration}'s schemas.
 */
class OutboxToFeedMigrationTest {

    private TestSchema schema;
    private DSLContext application;

    @BeforeEach
    void migrateToTheOutboxsLastVersion() {
        schema = TestDatabase.shared().createSchema("support_desk_upgrade");
        TestDatabaseConfiguration.joinApplicationGroup(schema);
        flyway("13").migrate();
        application = DSL.using(schema.applicationDataSource(), SQLDialect.POSTGRES);
    }

    @AfterEach
    void dropTheSchema() {
        schema.drop();
    }

    @Test
    void theOutboxGoesOnceItsMessagesAreSentAndTheFeedTellsOnlyOfLaterChanges() {
        // Before the feed, in the desk's code of then: a transition and its message to the
        // customer, in one transaction. In SQL: the repository of today knows the feed's columns.
        long id = application.transactionResult(tx -> {
            long ticket = tx.dsl().fetchSingle("INSERT INTO support_ticket (customer, subject, priority)"
                    + " VALUES ('kim@example.com', 'Cannot log in', 'NORMAL') RETURNING id").get(0, Long.class);
            tx.dsl().execute("UPDATE support_ticket SET status = 'IN_PROGRESS', agent = 'ada', transition = 'take',"
                    + " transition_actor = 'ada' WHERE id = ?", ticket);
            tx.dsl().execute("INSERT INTO customer_notification (ticket_id, recipient, body) VALUES (?, ?, ?)",
                    ticket, "kim@example.com", "ada is looking into your request.");
            return ticket;
        });

        assertThatThrownBy(() -> flyway(null).migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("customer_notification holds 1 unsent messages, which dropping it would lose");
        assertThat(application.fetchValue("SELECT to_regclass('customer_notification')::text")).isNotNull();

        // The relay sends it, as it did before the feed.
        assertThat(application.execute("UPDATE customer_notification SET sent_at = now() WHERE ticket_id = ?", id))
                .isOne();
        flyway(null).migrate();
        assertThat(application.fetchValue("SELECT to_regclass('customer_notification')::text")).isNull();

        SupportTicketRepository tickets = new SupportTicketRepository(application);
        RecordingNotifier notifier = new RecordingNotifier();
        List<FeedEvent> delivered = new ArrayList<>();
        try (EventFeed feed = EventFeed.builder(application, CustomerNotificationFeedConfiguration.CONSUMER)
                .workflow(SupportTicketWorkflow.DESCRIPTOR)
                .startAt(EventFeed.Start.BEGINNING)
                .onEach(new CustomerNotifications(notifier))
                .build()) {
            tickets.resolve(tickets.get(id), "Cleared a stale session cookie.", Audit.by("ada"));

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                feed.runOnce().values().forEach(delivered::addAll);
                return !notifier.about(id).isEmpty();
            });
        }

        // Both changes were delivered, the take from before the feed first, without a version.
        assertThat(delivered).extracting(event -> event.entry().transition() + " " + event.version())
                .containsExactly("take null", "resolve 2");
        assertThat(notifier.bodiesAbout(id)).containsExactly("Solved: Cleared a stale session cookie. Reply if it is not.");
    }

    /** Flyway as the owner, up to {@code target}, or to the last migration if null. */
    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(schema.ownerDataSource())
                .schemas(schema.name())
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }
}
