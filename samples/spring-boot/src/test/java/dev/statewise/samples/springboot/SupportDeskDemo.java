package dev.statewise.samples.springboot;

import dev.statewise.runtime.StatewiseException;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Walks tickets through the {@link SupportDesk} service and prints what happens, including what the
 * desk refuses, what its login may not do, and what a failed transaction leaves behind (nothing).
 * Run by {@link TestSupportDeskApplication}; {@code SupportDeskDemoTest} checks its output.
 */
@TestComponent
class SupportDeskDemo implements CommandLineRunner {

    private final SupportDesk desk;
    private final Flyway flyway;
    private final JdbcClient jdbc;
    private final int maxOpenTicketsPerAgent;

    SupportDeskDemo(SupportDesk desk, Flyway flyway, JdbcClient jdbc,
            @Value("${support-desk.max-open-tickets-per-agent}") int maxOpenTicketsPerAgent) {
        this.desk = desk;
        this.flyway = flyway;
        this.jdbc = jdbc;
        this.maxOpenTicketsPerAgent = maxOpenTicketsPerAgent;
    }

    @Override
    public void run(String... args) {
        walk(System.out);
    }

    void walk(PrintStream out) {
        out.println("Statewise support desk on Spring Boot " + SpringBootVersion.getVersion());
        MigrationInfo[] applied = flyway.info().applied();
        out.println("Flyway applied, at startup, as " + applied[0].getInstalledBy() + ":");
        for (MigrationInfo migration : applied) {
            out.println("  V" + migration.getVersion() + " " + migration.getDescription());
        }
        out.println("The desk logs in as " + jdbc.sql("""
                SELECT session_user
                       || ', member of ' || (SELECT string_agg(m.roleid::regrole::text, ', ')
                                              FROM pg_auth_members m
                                             WHERE m.member = session_user::text::regrole)
                       || ', owner of ' || (SELECT count(*) FROM pg_class
                                             WHERE relowner = session_user::text::regrole) || ' tables'
                """).query(String.class).single() + ".");
        out.println();

        out.println("A ticket from open to closed, one Spring transaction per step:");
        SupportTicketValue ticket = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL);
        long id = ticket.id();
        step(out, "open", ticket);
        step(out, "take", desk.take(id, "linus"));
        step(out, "ask", desk.ask(id, "Which browser?"));
        step(out, "answer", desk.answer(id, "Firefox"));
        step(out, "resolve", desk.resolve(id, "Cleared a stale session cookie."));
        step(out, "close", desk.close(id));
        out.println("  history, written by the table's trigger:");
        desk.history(id).forEach(h -> out.println("    " + h.transition() + " " + h.fromState() + " -> "
                + h.toState() + " by " + h.actor() + (h.reason() == null ? "" : " (" + h.reason() + ")")));
        out.println();

        out.println("Refused, with nothing written:");
        long urgent = desk.open("kim@example.com", "Production is down", Priority.URGENT).id();
        refused(out, "dismiss an urgent ticket", () -> desk.dismiss(urgent, "linus", "Duplicate."));
        refused(out, "resolve a ticket nobody took", () -> desk.resolve(urgent, "Nothing to do."));
        refused(out, "open a ticket without a subject", () -> desk.open("kim@example.com", " ", Priority.LOW));
        out.println();

        out.println("Refused to the desk's login, which may not do what only the owner may:");
        notAllowed(out, "delete a ticket", "DELETE FROM support_ticket WHERE id = ?", id);
        notAllowed(out, "rewrite a ticket's history",
                "UPDATE support_ticket_history SET actor = 'mallory' WHERE support_ticket_id = ?", id);
        notAllowed(out, "switch off the table's triggers", "ALTER TABLE support_ticket DISABLE TRIGGER USER");
        out.println();

        out.println("The service throws after the transition, and Spring rolls the transition back:");
        desk.take(urgent, "linus");
        for (int held = 1; held < maxOpenTicketsPerAgent; held++) {
            desk.take(desk.open("kim@example.com", "Question " + held, Priority.LOW).id(), "linus");
        }
        long oneTooMany = desk.open("kim@example.com", "One question too many", Priority.LOW).id();
        try {
            desk.take(oneTooMany, "linus");
            throw new IllegalStateException("the desk let linus take one ticket too many");
        } catch (AgentAtCapacityException e) {
            SupportTicketValue after = desk.get(oneTooMany);
            out.println("  take: " + e.getMessage() + "; the ticket is still " + after.status() + " at version "
                    + after.version() + ", with " + desk.history(oneTooMany).size() + " history rows");
        }
        out.println();
        out.println("Tickets by state: " + desk.countByState());
    }

    private static void step(PrintStream out, String what, SupportTicketValue ticket) {
        out.printf("  %-8s -> %-20s version %d%n", what, ticket.status(), ticket.version());
    }

    private void notAllowed(PrintStream out, String what, String sql, Object... parameters) {
        try {
            jdbc.sql(sql).params(parameters).update();
            throw new IllegalStateException("the desk's login was allowed to " + what);
        } catch (DataAccessException e) {
            out.println("  " + what + ": " + e.getMostSpecificCause().getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void refused(PrintStream out, String what, Supplier<?> action) {
        try {
            action.get();
            throw new IllegalStateException("the desk did not refuse to " + what);
        } catch (StatewiseException e) {
            out.println("  " + what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
