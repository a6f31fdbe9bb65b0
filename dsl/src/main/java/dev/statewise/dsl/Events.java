package dev.statewise.dsl;

/**
 * Whether a workflow's state changes are read as an event feed: see {@link Workflow#events()} and
 * {@code docs/events.md}.
 */
public enum Events {

    /** No feed: the history is written as always, and the schema has nothing more. */
    NONE,

    /**
     * A feed: every history row gets the row's version and a place in the feed, and a table holds
     * each consumer's position. Consumers poll it with {@code dev.statewise.runtime.EventFeed}.
     */
    FEED,

    /**
     * A feed whose transitions also notify the channel {@code <table>_feed} at commit, which wakes
     * the consumers at once instead of at their next poll. It has a price: PostgreSQL serializes the
     * commits of all notifying transactions in the cluster, and a listener that falls far behind
     * makes them fail once the notification queue is full ({@code docs/events.md}).
     */
    FEED_WITH_NOTIFY
}
