package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.statewise.runtime.TimeoutWorker;
import dev.statewise.runtime.Timeouts;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.samples.springboot.SupportTicket.Status;
import dev.statewise.test.TestSchema;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The {@link TimeoutWorker} bean as the application runs it: its thread, started with the
 * context, closes a ticket whose seven days in {@code RESOLVED} are over, commits on its own, and
 * says so in the log; it stops when the application closes. Here it waits at most half a second
 * while nothing is due, rather than 30 seconds.
 */
@SpringBootTest(properties = {
    "support-desk.timeouts.idle-backoff.shortest=100ms",
    "support-desk.timeouts.idle-backoff.longest=500ms",
    "logging.level.dev.statewise.samples.springboot.TimeoutWorkerConfiguration=INFO",
})
@Import(TestDatabaseConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class TimeoutWorkerBeanTest {

    private final TimeoutWorker worker;
    private final SupportDesk desk;
    private final OverdueTickets overdue;
    private final CommittedRows rows;

    @Autowired
    TimeoutWorkerBeanTest(TimeoutWorker worker, SupportDesk desk, TestSchema schema, DataSource dataSource) {
        this.worker = worker;
        this.desk = desk;
        this.overdue = new OverdueTickets(schema);
        this.rows = new CommittedRows(dataSource);
    }

    @Test
    void theWorkersThreadClosesATicketResolvedSevenDaysAgo(CapturedOutput output) {
        assertThat(worker.isRunning()).isTrue();
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "ada");
        desk.resolve(id, "Cleared a stale session cookie.");

        overdue.makeOverdue(id);

        await().atMost(Duration.ofSeconds(5)).until(() -> rows.ticket(id).getStatus() == Status.CLOSED);
        assertThat(rows.ticket(id).getVersion()).isEqualTo(3);
        assertThat(rows.history(id)).hasSize(3).last().asString()
                .startsWith("close RESOLVED -> CLOSED by " + Timeouts.ACTOR + " (deadline ");
        // The listener hears of it after the batch committed, so a moment after the row shows it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .contains("Ticket " + id + " timed out in RESOLVED: close took it to CLOSED"));
    }

    /** On an application of its own, which the test may close: the test's context is Spring's to close. */
    @Test
    void theWorkerStopsWhenTheApplicationCloses() {
        try (ConfigurableApplicationContext application =
                new SpringApplicationBuilder(SupportDeskApplication.class, TestDatabaseConfiguration.class).run()) {
            TimeoutWorker itsWorker = application.getBean(TimeoutWorker.class);
            assertThat(itsWorker.isRunning()).isTrue();

            application.close();

            assertThat(itsWorker.isRunning()).isFalse();
        }
    }
}
