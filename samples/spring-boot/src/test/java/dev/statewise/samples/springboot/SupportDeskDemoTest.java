package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statewise.test.TestSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo that the README runs, against the test context. */
@SpringBootTest
@Import(TestDatabaseConfiguration.class)
class SupportDeskDemoTest {

    @Test
    void walksATicketAndShowsEveryRefusal(@Autowired SupportDesk desk, @Autowired Flyway flyway,
            @Autowired JdbcClient jdbc, @Autowired TestSchema schema,
            @Value("${support-desk.max-open-tickets-per-agent}") int maxOpenTicketsPerAgent) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new SupportDeskDemo(desk, flyway, jdbc, maxOpenTicketsPerAgent)
                .walk(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
                "Flyway applied, at startup, as " + schema.ownerRole() + ":\n"
                        + "  V1 create support ticket\n  V2 customer notification\n  V3 support ticket subject not blank",
                "The desk logs in as " + schema.applicationRole() + ", member of support_desk_app, owner of 0 tables.",
                "  close    -> CLOSED               version 5",
                "    answer WAITING_ON_CUSTOMER -> IN_PROGRESS by kim@example.com (Firefox)",
                "dismiss an urgent ticket: GuardRefusedException: ",
                "resolve a ticket nobody took: IllegalTransitionException: ",
                "open a ticket without a subject: ConstraintViolationException: "
                        + "SupportTicket: the row breaks support_ticket_subject_check on subject",
                "  delete a ticket: ERROR: permission denied for table support_ticket\n"
                        + "  rewrite a ticket's history: ERROR: permission denied for table support_ticket_history\n"
                        + "  switch off the table's triggers: ERROR: must be owner of table support_ticket\n",
                "take: linus already holds 5 open tickets; the ticket is still OPEN at version 0, with 0 history rows");
    }
}
