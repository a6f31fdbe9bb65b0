package dev.statewise.runtime;

import java.util.Objects;

/**
 * One state change of a workflow row, as an {@link EventFeed} delivers it: a history row, with
 * its place in the feed and the row's version after the change.
 *
 * <pre>{@code
 * .onEach((event, tx) -> {
 *     // The row now, in the batch's transaction: not the row as it was after this change.
 *     TaskValue task = new TaskRepository(tx).find(event.entry().entityId()).orElseThrow();
 *     boolean changedSince = task.version() > event.version();
 *     search.index(task);
 * })
 * }</pre>
 *
 * <p>The event carries what the history row holds, not the row's fields: the handler loads the
 * row with the workflow's repository over the transaction's {@code DSLContext} it is given, and
 * so gets the row <em>now</em>, which later changes may have moved on (its version is then
 * greater than {@link #version()}), or which the owner may have deleted. Deduplicate work done
 * outside the database by {@code (workflow(), entry().id())}: a batch rolled back after its
 * handler acted is delivered again.
 *
 * @param workflow the workflow's name, as its descriptor gives it: {@code Task}
 * @param position the event's place in the feed: the key {@code (feed_xid, id)} of its history row
 * @param entry the history row: which row changed, by which transition, from and to which state,
 *     by whom and when
 * @param version the row's version after the change, which increases by one with every change of
 *     the row; {@code null} for history from before the feed
 */
public record FeedEvent(String workflow, FeedPosition position, HistoryEntry entry, Long version) {

    /** Checks that what every event has is there. */
    public FeedEvent {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(entry, "entry");
    }
}
