package dev.statewise.runtime;

/**
 * A place in a workflow's event feed: the key {@code (feed_xid, id)} of a history row, by which
 * the feed orders its events, or a consumer's position, the key of the last event it handled.
 *
 * <pre>{@code
 * FeedStatus status = feed.status().get(0);
 * if (status.attempts() > 3) {
 *     // the event after status.position() keeps failing
 * }
 * feed.skip(TaskWorkflow.DESCRIPTOR, new FeedPosition(801, 4711)); // an operator's decision
 * }</pre>
 *
 * <p>Positions compare as the feed orders them: by {@code xid}, as an unsigned number, then by
 * {@code historyId}.
 *
 * @param xid the history row's {@link Columns.History#FEED_XID feed_xid}, a PostgreSQL
 *     {@code xid8}: the 64-bit transaction id that wrote it (raised to the row's previous event's,
 *     see decision 0028), as an unsigned {@code long}; 0 for history from before the feed
 * @param historyId the history row's {@link Columns.History#ID id}
 */
public record FeedPosition(long xid, long historyId) implements Comparable<FeedPosition> {

    @Override
    public int compareTo(FeedPosition other) {
        int byXid = Long.compareUnsigned(xid, other.xid);
        return byXid != 0 ? byXid : Long.compare(historyId, other.historyId);
    }

    /** {@code (801, 4711)}, the way PostgreSQL prints the row {@code (feed_xid, id)}. */
    @Override
    public String toString() {
        return "(" + Long.toUnsignedString(xid) + ", " + historyId + ")";
    }
}
