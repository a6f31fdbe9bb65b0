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

        private History() {}
    }
}
