package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.statewise.runtime.EventFeed;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The {@link EventFeed} bean as the application runs it: its thread, started with the context,
 * tells the customer of a change the desk committed, and stops when the application closes. Here
 * it waits at most half a second while nothing is due, rather than ten.
 */
@SpringBootTest(properties = {
    "support-desk.notifications.idle-backoff.shortest=100ms",
    "support-desk.notifications.idle-backoff.longest=500ms",
})
@Import({TestDatabaseConfiguration.class, RecordingNotifier.class})
class CustomerNotificationFeedBeanTest {

    private final EventFeed feed;
    private final SupportDesk desk;
    private final RecordingNotifier notifier;

    @Autowired
    CustomerNotificationFeedBeanTest(EventFeed feed, SupportDesk desk, RecordingNotifier notifier) {
        this.feed = feed;
        this.desk = desk;
        this.notifier = notifier;
    }

    @Test
    void theFeedsThreadTellsTheCustomerOfAChangeTheDeskCommitted() {
        assertThat(feed.isRunning()).isTrue();
        assertThat(feed.consumer()).isEqualTo("customer-notifications");
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "ada");

        // A change is delivered once every older transaction of the server has ended: wait, boundedly.
        await().atMost(Duration.ofSeconds(30)).until(() -> !notifier.about(id).isEmpty());
        assertThat(notifier.bodiesAbout(id)).containsExactly("ada is looking into your request.");
    }

    /** On an application of its own, which the test may close: the test's context is Spring's to close. */
    @Test
    void theFeedStopsWhenTheApplicationCloses() {
        try (ConfigurableApplicationContext application =
                new SpringApplicationBuilder(SupportDeskApplication.class, TestDatabaseConfiguration.class).run()) {
            EventFeed itsFeed = application.getBean(EventFeed.class);
            assertThat(itsFeed.isRunning()).isTrue();

            application.close();

            assertThat(itsFeed.isRunning()).isFalse();
        }
    }
}
