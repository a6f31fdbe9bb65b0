package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;

/**
 * Boot's jOOQ starter translates SQL errors into Spring's {@code DataAccessException}s; the
 * generated repository, on Boot's own {@code DSLContext}, still translates those of the workflow's
 * rules into its own, and leaves every other error as Spring's.
 */
@SpringBootTest
@Import(TestDatabaseConfiguration.class)
class SpringExceptionTranslationTest {

    private final SupportTicketRepository tickets;
    private final DSLContext dsl;

    @Autowired
    SpringExceptionTranslationTest(SupportTicketRepository tickets, DSLContext dsl) {
        this.tickets = tickets;
        this.dsl = dsl;
    }

    @Test
    void theRepositoryBeanMapsWhatPostgresRefusesToTheWorkflow() {
        assertThatThrownBy(() -> tickets.create("kim@example.com", "", Priority.LOW))
                .isInstanceOfSatisfying(ConstraintViolationException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("SupportTicket: the row breaks support_ticket_subject_check on subject");
                    assertThat(e).hasRootCauseInstanceOf(PSQLException.class);
                });
    }

    @Test
    void everyOtherStatementKeepsSpringsTranslation() {
        long id = tickets.create("kim@example.com", "Cannot log in", Priority.LOW).id();

        assertThatThrownBy(() -> dsl.execute(
                "INSERT INTO support_ticket (id, customer, subject, priority) OVERRIDING SYSTEM VALUE "
                        + "VALUES (?, 'kim@example.com', 'Again', 'LOW')", id))
                .isInstanceOf(DuplicateKeyException.class);
    }
}
