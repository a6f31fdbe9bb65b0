package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.GuardRefusedException;
import dev.statewise.runtime.IllegalTransitionException;
import dev.statewise.runtime.NotFoundException;
import dev.statewise.runtime.StaleException;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.samples.springboot.SupportTicket.Status;
import dev.statewise.samples.springboot.jooq.tables.records.SupportTicketRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Every path of a ticket through the {@link SupportDesk} service, and every typed failure, with the
 * rows checked in PostgreSQL. Not {@code @Transactional}: each service call commits for real.
 */
@SpringBootTest
@Import(TestDatabaseConfiguration.class)
class SupportDeskTest {

    private final SupportDesk desk;
    private final DataSource dataSource;
    private final CommittedRows rows;

    @Autowired
    SupportDeskTest(SupportDesk desk, DataSource dataSource) {
        this.desk = desk;
        this.dataSource = dataSource;
        this.rows = new CommittedRows(dataSource);
    }

    @Test
    void aTicketIsAnsweredResolvedAndClosed() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "ada");
        desk.ask(id, "Which browser?");
        assertThat(rows.ticket(id).getQuestion()).isEqualTo("Which browser?");

        SupportTicketValue answered = desk.answer(id, "Firefox");
        assertThat(answered.question()).isNull();
        desk.resolve(id, "Cleared a stale session cookie.");
        SupportTicketValue closed = desk.close(id);

        SupportTicketRecord row = rows.ticket(id);
        assertThat(row.getStatus()).isEqualTo(Status.CLOSED);
        assertThat(row.getAgent()).isEqualTo("ada");
        assertThat(row.getQuestion()).isNull();
        assertThat(row.getResolution()).isEqualTo("Cleared a stale session cookie.");
        assertThat(row.getVersion()).isEqualTo(5L).isEqualTo(closed.version());
        assertThat(rows.history(id)).containsExactly(
                "take OPEN -> IN_PROGRESS by ada",
                "ask IN_PROGRESS -> WAITING_ON_CUSTOMER by ada",
                "answer WAITING_ON_CUSTOMER -> IN_PROGRESS by kim@example.com (Firefox)",
                "resolve IN_PROGRESS -> RESOLVED by ada",
                "close RESOLVED -> CLOSED by kim@example.com");
    }

    @Test
    void aReopenedTicketLosesItsResolutionUntilItIsResolvedAgain() {
        long id = desk.open("kim@example.com", "Invoice is wrong", Priority.LOW).id();
        desk.take(id, "ada");
        desk.resolve(id, "Sent a corrected invoice.");

        SupportTicketValue reopened = desk.reopen(id, "Still the old VAT rate");

        assertThat(reopened.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(rows.ticket(id).getResolution()).isNull();
        desk.resolve(id, "Sent an invoice with the new VAT rate.");
        desk.close(id);
        assertThat(rows.ticket(id).getResolution()).isEqualTo("Sent an invoice with the new VAT rate.");
        assertThat(rows.history(id)).containsExactly(
                "take OPEN -> IN_PROGRESS by ada",
                "resolve IN_PROGRESS -> RESOLVED by ada",
                "reopen RESOLVED -> IN_PROGRESS by kim@example.com (Still the old VAT rate)",
                "resolve IN_PROGRESS -> RESOLVED by ada",
                "close RESOLVED -> CLOSED by kim@example.com");
    }

    @Test
    void anOpenTicketIsDismissedWithoutAnAgent() {
        long id = desk.open("spam@example.com", "Cheap watches", Priority.LOW).id();

        desk.dismiss(id, "ada", "Spam.");

        SupportTicketRecord row = rows.ticket(id);
        assertThat(row.getStatus()).isEqualTo(Status.CLOSED);
        assertThat(row.getAgent()).isNull();
        assertThat(row.getResolution()).isEqualTo("Spam.");
        assertThat(rows.history(id)).containsExactly("dismiss OPEN -> CLOSED by ada");
    }

    @Test
    void anUrgentTicketIsNeverDismissed() {
        long id = desk.open("kim@example.com", "Production is down", Priority.URGENT).id();

        assertThatThrownBy(() -> desk.dismiss(id, "ada", "Duplicate."))
                .isInstanceOfSatisfying(GuardRefusedException.class,
                        e -> assertThat(e.guard()).isEqualTo("isNotUrgent"));

        assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.OPEN);
        assertThat(rows.history(id)).isEmpty();
    }

    @Test
    void aTransitionFromTheWrongStateIsIllegal() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();

        assertThatThrownBy(() -> desk.resolve(id, "Nothing to do."))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.getMessage()).contains("resolve").contains("OPEN"));

        assertThat(rows.ticket(id).getVersion()).isZero();
        assertThat(rows.history(id)).isEmpty();
    }

    @Test
    void anUnknownTicketIsNotFound() {
        assertThatThrownBy(() -> desk.take(Long.MAX_VALUE, "ada")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theDatabaseRefusesABlankSubject() {
        assertThatThrownBy(() -> desk.open("kim@example.com", " ", Priority.LOW))
                .isInstanceOfSatisfying(ConstraintViolationException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("support_ticket_subject_check");
                    assertThat(e.fields()).containsExactly("subject");
                });

        assertThat(rows.ticketsAbout(" ")).isZero();
    }

    /**
     * Bob takes the ticket in a transaction of his own (plain SQL, as another service would) and
     * holds it open; Alice's take reads the ticket and waits on Bob's row lock. When Bob commits,
     * Alice's compare-and-set matches no row: the ticket moved under her.
     */
    @Test
    void whoeverTakesATicketSecondGetsAStaleTicket() throws Exception {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        try (Connection bob = dataSource.getConnection()) {
            bob.setAutoCommit(false);
            try (PreparedStatement take = bob.prepareStatement("UPDATE support_ticket SET status = 'IN_PROGRESS', "
                    + "agent = 'bob', transition_actor = 'bob' WHERE id = ?")) {
                take.setLong(1, id);
                take.executeUpdate();
            }
            int bobsBackend = backendPid(bob);

            CompletableFuture<SupportTicketValue> alice = CompletableFuture.supplyAsync(() -> desk.take(id, "alice"));
            await().atMost(Duration.ofSeconds(30)).until(() -> aBackendWaitsFor(bobsBackend));
            bob.commit();

            assertThatThrownBy(() -> alice.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(StaleException.class, e -> {
                        assertThat(e.expectedState()).isEqualTo("OPEN");
                        assertThat(e.expectedVersion()).isZero();
                        assertThat(e.actualState()).hasValue("IN_PROGRESS");
                        assertThat(e.actualVersion()).hasValue(1L);
                    });
        }
        assertThat(rows.ticket(id).getAgent()).isEqualTo("bob");
        assertThat(rows.history(id)).containsExactly("take OPEN -> IN_PROGRESS by bob");
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean aBackendWaitsFor(int pid) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
