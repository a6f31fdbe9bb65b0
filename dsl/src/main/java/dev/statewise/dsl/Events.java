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
    FEED
}
