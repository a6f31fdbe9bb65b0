package dev.statewise.samples.springboot;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbox of messages to customers (table {@code customer_notification}, migration V2). A
 * message is written in the transaction of the change it announces, so it exists only if that
 * change committed; a relay, not part of this sample, sends it afterwards.
 *
 * <p>Plain JDBC through Spring's {@link JdbcClient} on purpose: it shares the transaction with the
 * jOOQ-backed repository because both take their connection from Spring.
 */
@Component
public class CustomerNotifications {

    private final JdbcClient jdbc;

    CustomerNotifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a message to the ticket's customer, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void send(SupportTicketValue ticket, String body) {
        jdbc.sql("INSERT INTO customer_notification (ticket_id, recipient, body) VALUES (?, ?, ?)")
                .params(ticket.id(), ticket.customer(), body)
                .update();
    }
}
