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

/**
 * Walks tickets through the {@link SupportDesk} service and prints what happens, including what the
 * desk refuses and what a failed transaction leaves behind (nothing). Run by
 * {@link TestSupportDeskApplication}; {@code SupportDeskDemoTest} checks its output.
 */
@TestComponent
class SupportDeskDemo implements CommandLineRunner {

    private final SupportDesk desk;
    private final Flyway flyway;
    private final int maxOpenTicketsPerAgent;

    SupportDeskDemo(SupportDesk desk, Flyway flyway,
            @Value("${support-desk.max-open-tickets-per-agent}") int maxOpenTicketsPerAgent) {
        this.desk = desk;
        this.flyway = flyway;
        this.maxOpenTicketsPerAgent = maxOpenTicketsPerAgent;
    }

    @Override
    public void run(String... args) {
        walk(System.out);
    }

    void walk(PrintStream out) {
        out.println("Statewise support desk on Spring Boot " + SpringBootVersion.getVersion());
        out.println("Flyway applied, at startup:");
        for (MigrationInfo migration : flyway.info().applied()) {
            out.println("  V" + migration.getVersion() + " " + migration.getDescription());
        }
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

    private static void refused(PrintStream out, String what, Supplier<?> action) {
        try {
            action.get();
            throw new IllegalStateException("the desk did not refuse to " + what);
        } catch (StatewiseException e) {
            out.println("  " + what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
