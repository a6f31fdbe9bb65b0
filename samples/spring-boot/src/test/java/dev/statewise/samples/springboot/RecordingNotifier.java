package dev.statewise.samples.springboot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Primary;

/**
 * A {@link Notifier} that keeps every message it is asked to send, in order, instead of sending
 * it. {@code @Import} it into a test's context, where it takes the place of the desk's default.
 * The feed's thread calls it while the test reads it, hence the concurrent list.
 */
@TestComponent
@Primary
class RecordingNotifier implements Notifier {

    private final List<Notification> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(Notification notification) {
        sent.add(notification);
    }

    /** Every message sent about the ticket, oldest first: one per attempt, repeats included. */
    List<Notification> about(long ticketId) {
        return sent.stream().filter(notification -> notification.ticketId() == ticketId).toList();
    }

    /** What the messages about the ticket said, oldest first. */
    List<String> bodiesAbout(long ticketId) {
        return about(ticketId).stream().map(Notification::body).toList();
    }
}
