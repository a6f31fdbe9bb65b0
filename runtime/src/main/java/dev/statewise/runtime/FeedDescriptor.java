package dev.statewise.runtime;

import java.util.Objects;

/**
 * A workflow's event feed, declared with {@code @Workflow(events = Events.FEED)}: the names the
 * feed's readers need beside the history table's (decision 0028).
 *
 * <pre>{@code
 * new FeedDescriptor("task_feed_position", "status_feed_xid")
 * }</pre>
 *
 * @param positionTable the table with one row per consumer, holding its position, e.g.
 *     {@code task_feed_position}; its columns are those of {@link Columns.FeedPosition}
 * @param feedXidColumn the workflow table's column with the feed key of the row's latest event,
 *     e.g. {@code status_feed_xid}
 * @param notifyChannel the channel each transaction that changes a row's state notifies at commit,
 *     with {@code @Workflow(events = Events.FEED_WITH_NOTIFY)}, e.g. {@code task_feed};
 *     {@code null} for a feed that is only polled
 */
public record FeedDescriptor(String positionTable, String feedXidColumn, String notifyChannel) {

    /** Checks that the names are there. */
    public FeedDescriptor {
        Objects.requireNonNull(positionTable, "positionTable");
        Objects.requireNonNull(feedXidColumn, "feedXidColumn");
    }

    /** A feed that is only polled, with {@code @Workflow(events = Events.FEED)}. */
    public FeedDescriptor(String positionTable, String feedXidColumn) {
        this(positionTable, feedXidColumn, null);
    }
}
