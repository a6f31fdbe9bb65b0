package dev.statewise.runtime;

import java.util.List;

/**
 * The names of the columns Statewise itself puts in a workflow's table, beside the workflow's
 * fields and its state column, and in its history table. They are one contract shared by the
 * generated migrations, the generated repository, this runtime and the conformance check; the
 * processor refuses a field whose column would take one of the names in {@link #ALL}.
 *
 * <pre>{@code
 * dsl.execute("UPDATE task SET status = 'IN_REVIEW', " + Columns.TRANSITION_ACTOR + " = ?"
 *         + " WHERE " + Columns.ID + " = ? AND " + Columns.VERSION + " = ?", "grace", id, version);
 * }</pre>
 *
 * <p>See {@code docs/database.md} for what each column holds and which trigger sets it.
 */
public final class Columns {

    /** The primary key of a workflow table: {@code bigint}, generated. */
    public static final String ID = "id";

    /** Incremented by every update of a row, for optimistic locking. */
    public static final String VERSION = "version";

    /** When the row was inserted; set by the insert trigger, kept by the update trigger. */
    public static final String CREATED_AT = "created_at";

    /** When the row last changed; set by the triggers. */
    public static final String UPDATED_AT = "updated_at";

    /** Who created the row: the {@link #TRANSITION_ACTOR} of its INSERT, kept ever after. */
    public static final String CREATED_BY = "created_by";

    /** Why the row was created: the {@link #TRANSITION_REASON} of its INSERT, kept ever after. */
    public static final String CREATED_REASON = "created_reason";

    /** The login role ({@code session_user}) that inserted the row. */
    public static final String CREATED_LOGIN_ROLE = "created_login_role";

    /**
     * Write-only: the transition a state change takes, recorded in the history and read back as
     * NULL. Needed when several transitions lead to the same state, and for self-transitions.
     */
    public static final String TRANSITION = "transition";

    /** Write-only: who takes the transition, recorded in the history as {@link History#ACTOR}. */
    public static final String TRANSITION_ACTOR = "transition_actor";

    /** Write-only: why the transition is taken, recorded in the history as {@link History#REASON}. */
    public static final String TRANSITION_REASON = "transition_reason";

    /**
     * Ends the name of the column that holds when the row entered its current state, its creation
     * included: {@code status_since} for state column {@code status} (shortened like every derived name
     * past 63 bytes; the descriptor carries the exact name). Set by the triggers alone; a
     * self-transition keeps it.
     */
    public static final String SINCE_SUFFIX = "_since";

    /**
     * Ends the name of the column that holds the row's current deadline, in a workflow with a
     * {@code @Timeout}: {@code status_deadline}. Set by the triggers alone, NULL outside the timed states.
     */
    public static final String DEADLINE_SUFFIX = "_deadline";

    /**
     * Ends the name of the column that holds when a due timeout whose firing failed is tried again,
     * in a workflow with a {@code @Timeout}: {@code status_retry_at}. NULL until a firing fails;
     * cleared whenever the deadline changes.
     */
    public static final String RETRY_AT_SUFFIX = "_retry_at";

    /**
     * Ends the name of the column that holds the feed key of the row's latest event, in a workflow
     * with an event feed: {@code status_feed_xid}. Set by the triggers alone; NULL until the row's
     * first change of state after the feed was turned on (decision 0028).
     */
    public static final String FEED_XID_SUFFIX = "_feed_xid";

    /**
     * {@link #ALL} as one constant, the names separated by spaces. The annotation processor reads
     * the list from here: javac copies constants into the code that uses them, and the processor
     * runs without this runtime on its path.
     */
    public static final String ALL_SEPARATED_BY_SPACES = ID + " " + VERSION + " " + CREATED_AT + " " + UPDATED_AT
            + " " + CREATED_BY + " " + CREATED_REASON + " " + CREATED_LOGIN_ROLE + " " + TRANSITION + " "
            + TRANSITION_ACTOR + " " + TRANSITION_REASON;

    /**
     * Every column of a workflow table that is neither a field nor the state column, in the order
     * the table declares them: the processor refuses a field whose column would take one.
     */
    public static final List<String> ALL = List.of(ALL_SEPARATED_BY_SPACES.split(" "));

    private Columns() {}

    /**
     * The columns of a workflow's history table besides its {@link WorkflowDescriptor#historyEntityColumn()},
     * which names the row that changed.
     *
     * <pre>{@code
     * "SELECT " + Columns.History.FROM_STATE + ", " + Columns.History.TO_STATE + " FROM task_history"
     * }</pre>
     */
    public static final class History {

        /** The history row's own key, in the order the rows were written. */
        public static final String ID = Columns.ID;

        /** The name of the transition taken. */
        public static final String TRANSITION = Columns.TRANSITION;

        /** The state the row left. */
        public static final String FROM_STATE = "from_state";

        /** The state the row entered. */
        public static final String TO_STATE = "to_state";

        /** Who took the transition, as the caller named them; may be NULL. */
        public static final String ACTOR = "actor";

        /** Why the transition was taken; may be NULL. */
        public static final String REASON = "reason";

        /** When the transition was taken. */
        public static final String OCCURRED_AT = "occurred_at";

        /** The login role ({@code session_user}) whose statement took the transition. */
        public static final String LOGIN_ROLE = "login_role";

        /**
         * The row's version after the change, in a workflow with an event feed; NULL for a change
         * made before the feed was turned on.
         */
        public static final String VERSION = Columns.VERSION;

        /**
         * The history row's place in the event feed, with its {@link #ID}: the transaction id that
         * wrote it, raised to the row's previous event's when that is greater ({@code xid8}, in a
         * workflow with an event feed; {@code '0'} for a change made before the feed).
         */
        public static final String FEED_XID = "feed_xid";

        private History() {}
    }

    /**
     * The columns of a workflow's {@link FeedDescriptor#positionTable() feed position table}: one
     * row per consumer, moved in the transaction of the consumer's handler (decision 0028).
     */
    public static final class FeedPosition {

        /** The consumer's name, the primary key: {@code [a-z0-9][a-z0-9._-]*}, at most 63 characters. */
        public static final String CONSUMER = "consumer";

        /** With {@link #HISTORY_ID}, the key of the last event handled, or the consumer's start. */
        public static final String FEED_XID = History.FEED_XID;

        /** With {@link #FEED_XID}, the key of the last event handled, or the consumer's start. */
        public static final String HISTORY_ID = "history_id";

        /** How many events the consumer has handled. */
        public static final String DELIVERED = "delivered";

        /** When the consumer's row was created, at its first batch. */
        public static final String CREATED_AT = Columns.CREATED_AT;

        /** When the position last moved; NULL before the first event. */
        public static final String MOVED_AT = "moved_at";

        /** How many times in a row the handler failed on the next event; 0 when it did not. */
        public static final String ATTEMPTS = "attempts";

        /** When the handler first failed on the next event; NULL when it did not. */
        public static final String FAILING_SINCE = "failing_since";

        /** When the next event, which failed, is tried again; NULL when it did not fail. */
        public static final String RETRY_AT = "retry_at";

        /** What the handler's last failure said, at most 2,000 characters; NULL when it did not fail. */
        public static final String LAST_ERROR = "last_error";

        private FeedPosition() {}
    }
}
