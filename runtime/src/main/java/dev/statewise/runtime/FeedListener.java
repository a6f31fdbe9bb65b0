package dev.statewise.runtime;

import java.time.Instant;
import java.util.List;

/**
 * Hears what an {@link EventFeed} did: every batch it delivered, every event its handler failed
 * on, and every batch that failed otherwise. Each method does nothing unless overridden.
 *
 * <pre>{@code
 * FeedListener metrics = new FeedListener() {
 *     @Override
 *     public void delivered(String workflow, List<FeedEvent> events) {
 *         registry.counter("feed.delivered", "workflow", workflow).increment(events.size());
 *     }
 *
 *     @Override
 *     public void failed(FeedEvent event, Exception error, int attempts, Instant retryAt) {
 *         registry.counter("feed.failed", "workflow", event.workflow()).increment();
 *     }
 * };
 * }</pre>
 *
 * <p>The feed calls it on the thread that ran the batch (its own, or the caller of
 * {@link EventFeed#runOnce()}), after the batch's transaction ended, so what it reports as
 * delivered is committed, unless the batch ran inside a transaction of the caller's. A listener
 * that throws an exception is logged, and the feed goes on.
 */
public interface FeedListener {

    /** A listener that does nothing: the default. */
    FeedListener NONE = new FeedListener() {};

    /**
     * A batch was handled, and the consumer's position moved past it, in one transaction that
     * committed.
     *
     * @param events the batch's events, in the feed's order; never empty
     */
    default void delivered(String workflow, List<FeedEvent> events) {}

    /**
     * The handler failed on an event, alone in its batch, and the batch was rolled back. The
     * event holds back the consumer's later events of its workflow until it succeeds, tried again
     * at {@code retryAt}, or is {@link EventFeed#skip skipped}.
     *
     * @param error what the handler threw
     * @param attempts how many times in a row the handler has failed on the event, this time
     *     included; 0 if the failure could not be recorded (another instance took the consumer
     *     over meanwhile, and meets the event itself)
     * @param retryAt when the event is tried again: the longer it has been failing, the later,
     *     at most five minutes on; {@code null} if the failure could not be recorded
     */
    default void failed(FeedEvent event, Exception error, int attempts, Instant retryAt) {}

    /**
     * A batch failed for another reason than its handler, such as a lost connection, and its
     * transaction was rolled back: nothing of it was delivered. The feed tries the workflow again
     * after a backoff.
     *
     * @param error what the batch's statements or its transaction threw, such as jOOQ's
     *     {@code DataAccessException}
     */
    default void error(String workflow, RuntimeException error) {}
}
