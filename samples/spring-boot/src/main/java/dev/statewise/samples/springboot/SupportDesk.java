package dev.statewise.samples.springboot;

import static dev.statewise.samples.springboot.jooq.Tables.SUPPORT_TICKET;

import dev.statewise.runtime.Audit;
import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.HistoryEntry;
import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.samples.springboot.SupportTicket.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the support desk does with a ticket. Each method is one Spring transaction: the transition
 * and the history row its trigger writes commit together, or neither does. The generated
 * repository never commits on its own. The customer hears of a change only once it committed,
 * from the event feed that reads that history ({@link CustomerNotifications}).
 *
 * <p>The repository's typed exceptions pass through unchanged: {@code IllegalTransitionException}
 * (not from this state), {@code GuardRefusedException} (a rule of the workflow says no),
 * {@code StaleException} (someone else moved the ticket first), {@code NotFoundException} and
 * {@code ConstraintViolationException}. Each rolls the transaction back, as any runtime exception
 * does.
 */
@Service
@Transactional
public class SupportDesk {

    private static final Logger log = LoggerFactory.getLogger(SupportDesk.class);

    private final SupportTicketRepository tickets;
    private final DSLContext dsl;
    private final int maxOpenTicketsPerAgent;

    public SupportDesk(SupportTicketRepository tickets, DSLContext dsl,
            @Value("${support-desk.max-open-tickets-per-agent}") int maxOpenTicketsPerAgent) {
        this.tickets = tickets;
        this.dsl = dsl;
        this.maxOpenTicketsPerAgent = maxOpenTicketsPerAgent;
    }

    /** A customer asks for help: the ticket returned, with its id, is the desk's answer. */
    public SupportTicketValue open(String customer, String subject, Priority priority) {
        return tickets.create(customer, subject, priority);
    }

    /** What a customer sends to open a ticket. */
    public record Request(String customer, String subject, Priority priority) {}

    /**
     * Opens a ticket for each request, all in one transaction, skipping those the database refuses.
     *
     * <p>PostgreSQL aborts a transaction at its first failed statement, so each request runs in
     * {@code dsl.transaction(...)}: inside a Spring transaction, Boot's jOOQ starter makes that a
     * savepoint, and a refused request rolls back to it instead of spoiling the others.
     */
    public List<SupportTicketValue> openAll(List<Request> requests) {
        List<SupportTicketValue> opened = new ArrayList<>();
        for (Request request : requests) {
            try {
                opened.add(dsl.transactionResult(savepoint ->
                        open(request.customer(), request.subject(), request.priority())));
            } catch (ConstraintViolationException refused) {
                log.warn("Request from {} skipped: {}", request.customer(), refused.getMessage());
            }
        }
        return opened;
    }

    /**
     * An agent takes an open ticket.
     *
     * @throws AgentAtCapacityException when the agent would hold too many open tickets; the
     *     transition already stored is rolled back with the rest of the transaction
     */
    public SupportTicketValue take(long ticketId, String agent) {
        SupportTicketValue ticket = tickets.take(tickets.get(ticketId), agent, Audit.by(agent));
        // Counted after the write, so this ticket is in the count, and the exception undoes the write.
        int open = dsl.fetchCount(SUPPORT_TICKET, SUPPORT_TICKET.AGENT.eq(agent)
                .and(SUPPORT_TICKET.STATUS.in(Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER)));
        if (open > maxOpenTicketsPerAgent) {
            throw new AgentAtCapacityException(agent, maxOpenTicketsPerAgent);
        }
        return ticket;
    }

    /** The agent needs something from the customer. */
    public SupportTicketValue ask(long ticketId, String question) {
        SupportTicketValue ticket = tickets.get(ticketId);
        return tickets.ask(ticket, question, Audit.by(ticket.agent()));
    }

    /** The customer answers the agent's question. */
    public SupportTicketValue answer(long ticketId, String answer) {
        SupportTicketValue ticket = tickets.get(ticketId);
        return tickets.answer(ticket, Audit.by(ticket.customer()).because(answer));
    }

    /** The agent solved it. */
    public SupportTicketValue resolve(long ticketId, String resolution) {
        SupportTicketValue ticket = tickets.get(ticketId);
        return tickets.resolve(ticket, resolution, Audit.by(ticket.agent()));
    }

    /** The customer says it is not solved. */
    public SupportTicketValue reopen(long ticketId, String reason) {
        SupportTicketValue ticket = tickets.get(ticketId);
        return tickets.reopen(ticket, Audit.by(ticket.customer()).because(reason));
    }

    /** The customer confirms the solution. */
    public SupportTicketValue close(long ticketId) {
        SupportTicketValue ticket = tickets.get(ticketId);
        return tickets.close(ticket, Audit.by(ticket.customer()));
    }

    /** An agent closes an open ticket without work: spam, or a duplicate. Never an urgent one. */
    public SupportTicketValue dismiss(long ticketId, String agent, String resolution) {
        return tickets.dismiss(tickets.get(ticketId), resolution, Audit.by(agent));
    }

    @Transactional(readOnly = true)
    public SupportTicketValue get(long ticketId) {
        return tickets.get(ticketId);
    }

    @Transactional(readOnly = true)
    public List<HistoryEntry> history(long ticketId) {
        return tickets.history(ticketId);
    }

    @Transactional(readOnly = true)
    public Map<Status, Long> countByState() {
        return tickets.countByState();
    }
}
