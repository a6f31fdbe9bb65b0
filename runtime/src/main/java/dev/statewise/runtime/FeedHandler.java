package dev.statewise.runtime;

import org.jooq.DSLContext;

/**
 * Handles the events of an {@link EventFeed} one at a time, in the feed's order, inside the
 * batch's transaction: what it writes through {@code tx} commits together with the consumer's new
 * position, or not at all.
 *
 * <pre>{@code
 * EventFeed.builder(dsl, "search-index")
 *         .workflow(TaskWorkflow.DESCRIPTOR)
 *         .startAt(EventFeed.Start.BEGINNING)
 *         .onEach((event, tx) -> tx.execute(
 *                 "INSERT INTO task_search (task_id, state) VALUES (?, ?)"
 *                         + " ON CONFLICT (task_id) DO UPDATE SET state = excluded.state",
 *                 event.entry().entityId(), event.entry().toState()))
 *         .build();
 * }</pre>
 *
 * <p>An exception rolls back the batch, and the feed then goes over it one event per transaction,
 * so the events before this one are handled and kept; this one is tried again later, and holds
 * back the consumer's later events of the workflow until it succeeds or is
 * {@link EventFeed#skip skipped} (see {@link EventFeed}). A handler that would rather go on
 * catches what it cannot handle, records the event in a table of its own through {@code tx}, and
 * returns.
 *
 * @see BatchHandler
 */
@FunctionalInterface
public interface FeedHandler {

    /**
     * Handles one event.
     *
     * @param event the event: the history row, its place in the feed and the row's version
     * @param tx the batch transaction's {@code DSLContext}: write through it (a repository made
     *     over it, say) for the work to commit with the position; never commit or roll it back
     * @throws Exception to refuse the event: the batch is rolled back
     */
    void handle(FeedEvent event, DSLContext tx) throws Exception;
}
