package dev.statewise.samples.springboot;

import dev.statewise.runtime.FeedEvent;
import dev.statewise.runtime.FeedHandler;
import dev.statewise.samples.springboot.Notifier.Notification;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * What the customer is told of each change of their ticket, once it committed: the handler of the
 * event feed {@code customer-notifications} ({@link CustomerNotificationFeedConfiguration}). An
 * agent taking the ticket, asking a question, solving it or closing it unread is told; the
 * customer's own steps (answer, reopen, close) and the timeout's close are not.
 *
 * <p>Every change arrives, the desk's and raw SQL's alike, since the feed reads the history that
 * the table's trigger writes; none that rolled back does. Creating a ticket is not a change of
 * state, and not an event: the desk's answer to the customer's request confirms it.
 *
 * <p>The event says which transition the ticket took; the message quotes the ticket itself, read
 * in the feed's transaction, and so as it is <em>now</em>, not as it was after the change. If it
 * has changed since (its version is greater than the event's), a message about the step it has
 * left (a question already answered, a solution already reopened) would be out of date: it is not
 * sent, and the customer hears of the later change instead, or made it.
 */
@Component
public class CustomerNotifications implements FeedHandler {

    private final Notifier notifier;

    CustomerNotifications(Notifier notifier) {
        this.notifier = notifier;
    }

    // tag::handler[]
    @Override
    public void handle(FeedEvent event, DSLContext tx) {
        if (event.version() == null) {
            // History from before the feed (before V14): the outbox of V2 told the customer then.
            return;
        }
        // The repository over the feed's transaction: the row as this transaction sees it.
        Optional<SupportTicketValue> now = new SupportTicketRepository(tx).find(event.entry().entityId());
        if (now.isEmpty() || now.get().version() != event.version()) {
            return;
        }
        SupportTicketValue ticket = now.get();
        message(event.entry().transition(), ticket).ifPresent(body -> notifier.send(
                new Notification(event.workflow() + "/" + event.entry().id(), ticket.customer(), ticket.id(), body)));
    }
    // end::handler[]

    /** What the transition into the ticket's current state tells its customer, if anything. */
    private static Optional<String> message(String transition, SupportTicketValue ticket) {
        return Optional.ofNullable(switch (transition) {
            case "take" -> ticket.agent() + " is looking into your request.";
            case "ask" -> ticket.agent() + " asks: " + ticket.question();
            case "resolve" -> "Solved: " + ticket.resolution() + " Reply if it is not.";
            case "dismiss" -> "Closed: " + ticket.resolution();
            default -> null;
        });
    }
}
