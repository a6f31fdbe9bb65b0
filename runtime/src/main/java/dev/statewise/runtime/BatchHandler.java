package dev.statewise.runtime;

import java.util.List;
import org.jooq.DSLContext;

/**
 * Handles the events of an {@link EventFeed} a batch at a time, in the feed's order, inside the
 * batch's transaction: what it writes through {@code tx} commits together with the consumer's new
 * position, or not at all. For work that goes faster in bulk: one multi-row insert, one message
 * to a broker.
 *
 * <pre>{@code
 * EventFeed.builder(dsl, "task-archive")
 *         .workflow(TaskWorkflow.DESCRIPTOR)
 *         .startAt(EventFeed.Start.NOW)
 *         .onBatch((events, tx) -> archive.putAll(events.stream()
 *                 .map(event -> event.workflow() + "/" + event.entry().id())
 *                 .toList()))
 *         .build();
 * }</pre>
 *
 * <p>An exception rolls back the batch, and the feed then goes over the same events one per
 * transaction, each as a batch of its own, so the events before the one that fails are handled
 * and kept; that one holds back the consumer's later events of the workflow until it succeeds or
 * is {@link EventFeed#skip skipped}.
 *
 * @see FeedHandler
 */
@FunctionalInterface
public interface BatchHandler {

    /**
     * Handles a batch of events.
     *
     * @param events one to {@link EventFeed.Builder#batchSize batch size} events of one workflow,
     *     in the feed's order; never empty
     * @param tx the batch transaction's {@code DSLContext}: write through it for the work to
     *     commit with the position; never commit or roll it back
     * @throws Exception to refuse the batch: it is rolled back
     */
    void handle(List<FeedEvent> events, DSLContext tx) throws Exception;
}
