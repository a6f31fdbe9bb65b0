package dev.statewise.samples.springboot;

/**
 * Sends a message to a customer, outside the database: a mail, a push message, a chat. The desk's
 * default logs it ({@link CustomerNotificationFeedConfiguration}); an application declares a bean
 * of its own that sends it.
 *
 * <pre>{@code
 * @Bean
 * @Primary // over the desk's default, which logs
 * Notifier mail(Mailer mailer) {
 *     return n -> mailer.send(n.recipient(), "Your request #" + n.ticketId(), n.body(), n.id());
 * }
 * }</pre>
 *
 * <p>{@link CustomerNotifications} calls it after the change it announces committed, at least
 * once: if the feed's transaction fails after the message went out, the message is sent again.
 * A sender that must not repeat itself passes {@link Notification#id()} on as the message's
 * idempotency key, or remembers it. What it throws rolls the feed's batch back, and the message is
 * tried again later.
 */
@FunctionalInterface
public interface Notifier {

    /** Sends the message, or throws. */
    void send(Notification notification);

    /**
     * A message to the customer of a ticket.
     *
     * @param id the same for every attempt to send this message, and different for every other:
     *     {@code SupportTicket/4711}, the change's workflow and history id
     * @param recipient the customer's e-mail address
     * @param ticketId the ticket it is about
     * @param body what it says
     */
    record Notification(String id, String recipient, long ticketId, String body) {}
}
