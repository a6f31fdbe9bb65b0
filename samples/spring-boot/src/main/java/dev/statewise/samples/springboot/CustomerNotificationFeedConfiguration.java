package dev.statewise.samples.springboot;

import dev.statewise.runtime.EventFeed;
import java.time.Duration;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event feed that tells customers of their tickets' changes, after each one committed: the
 * consumer {@value #CONSUMER} of {@link SupportTicket}'s feed, handled by
 * {@link CustomerNotifications}, which sends through the {@link Notifier} bean.
 *
 * <p>The feed runs on Boot's {@code DSLContext}. Its thread has no Spring transaction, so each
 * batch is a Spring transaction of its own: the handler's reads and writes, through the
 * {@code DSLContext} it is given or any Spring-managed {@code JdbcClient} or repository, commit
 * with the consumer's new position, or roll back with it and are delivered again.
 * {@code runOnce()} called inside a Spring transaction runs its batch in a savepoint of that
 * transaction instead. It polls once every bean is ready, and stops before the beans it uses at
 * shutdown: {@code support-desk.notifications.*} in application.properties say how often, and
 * whether this instance polls at all.
 */
@Configuration(proxyBeanMethods = false)
class CustomerNotificationFeedConfiguration {

    /** The consumer's name, its key in {@code support_ticket_feed_position}. */
    static final String CONSUMER = "customer-notifications";

    private static final Logger log = LoggerFactory.getLogger(CustomerNotificationFeedConfiguration.class);

    /** The desk's default: logs each message. An application declares a {@code @Primary} one that sends it. */
    @Bean
    Notifier loggingNotifier() {
        return notification -> log.info("To {} about ticket {}: {} [{}]", notification.recipient(),
                notification.ticketId(), notification.body(), notification.id());
    }

    // tag::feed-bean[]
    // tag::feed[]
    @Bean // close() is Spring's inferred destroy method: it runs at shutdown
    EventFeed customerNotificationFeed(DSLContext dsl, CustomerNotifications notifications,
            @Value("${support-desk.notifications.idle-backoff.shortest}") Duration shortestIdle,
            @Value("${support-desk.notifications.idle-backoff.longest}") Duration longestIdle) {
        return EventFeed.builder(dsl, CONSUMER)
                .workflow(SupportTicketWorkflow.DESCRIPTOR)
                // From the beginning, so that no change is missed however late the consumer first
                // polls: NOW would start at that first poll, and lose what committed after the
                // feed's migration and before it. The history from before the feed comes first,
                // and the handler skips it: the outbox it replaces told those customers.
                .startAt(EventFeed.Start.BEGINNING)
                .idleBackoff(shortestIdle, longestIdle)
                .onEach(notifications)
                .build();
    }
    // end::feed[]

    /**
     * Starts the feed's thread when the context has made every bean, and closes the feed first
     * when it shuts down, before the beans it uses. A closed feed does not start again.
     */
    @Bean
    SmartLifecycle customerNotificationFeedLifecycle(EventFeed feed,
            @Value("${support-desk.notifications.poll}") boolean poll) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                feed.start();
            }

            @Override
            public void stop() {
                feed.close(); // lets a running batch finish
            }

            @Override
            public boolean isRunning() {
                return feed.isRunning();
            }

            @Override
            public boolean isAutoStartup() {
                return poll;
            }
        };
    }
    // end::feed-bean[]
}
