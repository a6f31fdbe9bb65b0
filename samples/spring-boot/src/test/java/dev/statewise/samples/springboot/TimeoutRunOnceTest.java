package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statewise.runtime.FiredTimeouts;
import dev.statewise.runtime.FiredTimeouts.Fired;
import dev.statewise.runtime.TimeoutWorker;
import dev.statewise.runtime.Timeouts;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.samples.springboot.SupportTicket.Status;
import dev.statewise.samples.springboot.jooq.tables.records.SupportTicketRecord;
import dev.statewise.test.TestSchema;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link TimeoutWorker} bean's {@code runOnce()}, on the test's thread: it closes a ticket
 * whose seven days are over, leaves one that is not yet due, and inside a Spring transaction fires
 * in it, so that a rollback takes the firing back. The worker's own thread does not run here
 * ({@code support-desk.timeouts.poll=false}), so nothing but the test fires a timeout.
 */
@SpringBootTest(properties = "support-desk.timeouts.poll=false")
@Import(TestDatabaseConfiguration.class)
class TimeoutRunOnceTest {

    private final TimeoutWorker worker;
    private final SupportDesk desk;
    private final TransactionTemplate transaction;
    private final OverdueTickets overdue;
    private final CommittedRows rows;

    @Autowired
    TimeoutRunOnceTest(TimeoutWorker worker, SupportDesk desk, TransactionTemplate transaction, TestSchema schema,
            DataSource dataSource) {
        this.worker = worker;
        this.desk = desk;
        this.transaction = transaction;
        this.overdue = new OverdueTickets(schema);
        this.rows = new CommittedRows(dataSource);
    }

    @Test
    void closesATicketResolvedSevenDaysAgo() {
        long id = resolvedTicket();
        overdue.makeOverdue(id);

        List<FiredTimeouts> batches = worker.runOnce();

        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch.fired())
                .contains(new Fired(id, "close", "RESOLVED", "CLOSED", 3)));
        SupportTicketRecord row = rows.ticket(id);
        assertThat(row.getStatus()).isEqualTo(Status.CLOSED);
        assertThat(row.getStatusDeadline()).isNull();
        assertThat(rows.history(id)).hasSize(3).last().asString()
                .startsWith("close RESOLVED -> CLOSED by " + Timeouts.ACTOR + " (deadline ");
    }

    @Test
    void leavesATicketResolvedLessThanSevenDaysAgo() {
        long id = resolvedTicket();

        List<FiredTimeouts> batches = worker.runOnce();

        assertThat(batches).flatExtracting(FiredTimeouts::fired).extracting(Fired::id).doesNotContain(id);
        SupportTicketRecord row = rows.ticket(id);
        assertThat(row.getStatus()).isEqualTo(Status.RESOLVED);
        assertThat(row.getVersion()).isEqualTo(2);
        assertThat(row.getStatusDeadline()).isEqualTo(row.getStatusSince().plus(Duration.ofDays(7)));
        assertThat(rows.history(id)).hasSize(2);
    }

    @Test
    void insideASpringTransactionThatRollsBackFiresNothing() {
        long id = resolvedTicket();
        overdue.makeOverdue(id);

        List<FiredTimeouts> inside = transaction.execute(status -> {
            List<FiredTimeouts> fired = worker.runOnce();
            // Closed in this transaction, not committed: other sessions still see it resolved.
            assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.RESOLVED);
            status.setRollbackOnly();
            return fired;
        });

        assertThat(inside).flatExtracting(FiredTimeouts::fired).extracting(Fired::id).contains(id);
        SupportTicketRecord row = rows.ticket(id);
        assertThat(row.getStatus()).isEqualTo(Status.RESOLVED);
        assertThat(row.getVersion()).isEqualTo(2);
        assertThat(row.getStatusRetryAt()).isNull();
        assertThat(rows.history(id)).hasSize(2);

        // Still due, and not put off: the next batch closes it.
        assertThat(worker.runOnce()).flatExtracting(FiredTimeouts::fired).extracting(Fired::id).contains(id);
        assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.CLOSED);
    }

    /** A ticket resolved just now, by an agent of its own: the desk limits how many one agent holds. */
    private long resolvedTicket() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "agent " + id);
        desk.resolve(id, "Cleared a stale session cookie.");
        return id;
    }
}
