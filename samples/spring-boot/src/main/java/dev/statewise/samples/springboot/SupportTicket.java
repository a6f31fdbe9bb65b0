package dev.statewise.samples.springboot;

import dev.statewise.dsl.Events;
import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Timeout;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** A customer's request to the support desk, from the first message until it is closed. */
@Workflow(events = Events.FEED)
public interface SupportTicket {

    enum Status {
        /** Reported, waiting for an agent. */
        @Initial OPEN,
        /** An agent is working on it. */
        IN_PROGRESS,
        /** The agent asked the customer a question and waits for the answer. */
        WAITING_ON_CUSTOMER,
        /** Solved; the customer may still reopen it, for seven days, after which it is closed. */
        @Timeout(after = "P7D", fire = "close") RESOLVED,
        /** Done for good. */
        @Terminal CLOSED
    }

    /** How soon the customer needs an answer. */
    enum Priority { LOW, NORMAL, URGENT }

    /** Who asks for help: the customer's e-mail address. */
    String customer();

    /** What the customer needs, in one line. */
    String subject();

    /** How soon the customer needs an answer. */
    Priority priority();

    /** The agent working on it. */
    @RequiredIn({"IN_PROGRESS", "WAITING_ON_CUSTOMER", "RESOLVED"}) String agent();

    /** What the agent asked the customer; cleared when the customer answers. */
    @OnlyIn("WAITING_ON_CUSTOMER") String question();

    /** How it was solved, or why it was closed without work; cleared if it is reopened. */
    @OnlyIn({"RESOLVED", "CLOSED"}) String resolution();

    /** An agent takes the ticket. */
    @Transition(from = "OPEN", to = "IN_PROGRESS")
    SupportTicket take(String agent);

    /** The agent needs something from the customer. */
    @Transition(from = "IN_PROGRESS", to = "WAITING_ON_CUSTOMER")
    SupportTicket ask(String question);

    /** The customer answered; the agent carries on. */
    @Transition(from = "WAITING_ON_CUSTOMER", to = "IN_PROGRESS")
    SupportTicket answer();

    /** The agent solved it. */
    @Transition(from = "IN_PROGRESS", to = "RESOLVED")
    SupportTicket resolve(String resolution);

    /** The customer says it is not solved after all. */
    @Transition(from = "RESOLVED", to = "IN_PROGRESS")
    SupportTicket reopen();

    /** The customer confirms the solution, or stays silent long enough. */
    @Transition(from = "RESOLVED", to = "CLOSED")
    SupportTicket close();

    /** Closed without work: spam, or a duplicate of another ticket. */
    @Transition(from = "OPEN", to = "CLOSED")
    SupportTicket dismiss(String resolution);

    /** An urgent ticket is never dismissed unread: an agent takes it. */
    @Guard("dismiss")
    default boolean isNotUrgent() {
        return priority() != Priority.URGENT;
    }
}
