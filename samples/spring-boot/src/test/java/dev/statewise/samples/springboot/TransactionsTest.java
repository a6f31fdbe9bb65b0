package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statewise.samples.springboot.SupportDesk.Request;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.samples.springboot.SupportTicket.Status;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transaction is Spring's: the generated repository writes on the connection of the current
 * Spring transaction and never commits, so its transition commits or rolls back with the rest.
 * Rows are checked from other connections, which see only what committed.
 */
@SpringBootTest(properties = "support-desk.max-open-tickets-per-agent=2")
@Import(TestDatabaseConfiguration.class)
class TransactionsTest {

    private final SupportDesk desk;
    private final TransactionTemplate transaction;
    private final DSLContext dsl;
    private final CommittedRows rows;

    @Autowired
    TransactionsTest(SupportDesk desk, TransactionTemplate transaction, DSLContext dsl, DataSource dataSource) {
        this.desk = desk;
        this.transaction = transaction;
        this.dsl = dsl;
        this.rows = new CommittedRows(dataSource);
    }

    @Test
    void theTransitionAndItsHistoryRowCommitTogether() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "ada");

        transaction.executeWithoutResult(status -> {
            desk.resolve(id, "Cleared a stale session cookie.");

            // Written, not committed: other sessions see neither the transition nor its history row.
            assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.IN_PROGRESS);
            assertThat(rows.history(id)).hasSize(1);
        });

        assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.RESOLVED);
        assertThat(rows.history(id)).endsWith("resolve IN_PROGRESS -> RESOLVED by ada");
    }

    @Test
    void whenTheServiceThrowsAfterTheTransitionTheTransitionAndItsHistoryRollBack() {
        List<Long> ids = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> desk.open("kim@example.com", "Question " + i, Priority.LOW).id())
                .toList();
        desk.take(ids.get(0), "grace");
        desk.take(ids.get(1), "grace");

        // The third take is stored, then the desk counts grace's tickets (3 > 2) and throws.
        assertThatThrownBy(() -> desk.take(ids.get(2), "grace"))
                .isInstanceOfSatisfying(AgentAtCapacityException.class,
                        e -> assertThat(e.agent()).isEqualTo("grace"));

        var third = rows.ticket(ids.get(2));
        assertThat(third.getStatus()).isEqualTo(Status.OPEN);
        assertThat(third.getAgent()).isNull();
        assertThat(third.getVersion()).isZero();
        assertThat(rows.history(ids.get(2))).isEmpty();
    }

    @Test
    void theCallersTransactionRollsBackTheServicesTransition() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            desk.take(id, "ada");
            throw new IllegalStateException("the caller fails after the service returned");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.OPEN);
        assertThat(rows.history(id)).isEmpty();
    }

    @Test
    void jooqsTransactionIsSpringsToo() {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();

        // Boot's jOOQ starter runs dsl.transaction through Spring's transaction manager.
        assertThatThrownBy(() -> dsl.transaction(trx -> {
            desk.take(id, "ada");
            throw new IllegalStateException("changed our mind");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.OPEN);
        assertThat(rows.history(id)).isEmpty();

        dsl.transaction(trx -> desk.take(id, "ada"));
        assertThat(rows.history(id)).containsExactly("take OPEN -> IN_PROGRESS by ada");
    }

    @Test
    void aSavepointLetsTheTransactionCarryOnAfterPostgresRefusedAWrite() {
        List<SupportTicketValue> opened = desk.openAll(List.of(
                new Request("kim@example.com", "Savepoints, first", Priority.LOW),
                new Request("kim@example.com", "   ", Priority.LOW),
                new Request("kim@example.com", "Savepoints, third", Priority.LOW)));

        assertThat(opened).extracting(SupportTicketValue::subject)
                .containsExactly("Savepoints, first", "Savepoints, third");
        assertThat(rows.ticket(opened.get(1).id()).getStatus()).isEqualTo(Status.OPEN);
        assertThat(rows.ticketsAbout("   ")).isZero();
    }
}
