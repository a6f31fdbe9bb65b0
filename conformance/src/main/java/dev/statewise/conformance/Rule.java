package dev.statewise.conformance;

/**
 * A rule that a Statewise schema makes the database enforce, as the conformance check tries it.
 * Each {@link Finding} names the one the database failed. The rules from
 * {@link #ATTACKER_OWNS_NOTHING} on are those {@link Conformance#attack} tries, as a role that owns
 * nothing; the check of {@link Conformance#check} tries those before.
 *
 * <pre>{@code
 * report.findings().stream().filter(f -> f.rule() == Rule.REQUIRED_FIELD).toList();
 * }</pre>
 */
public enum Rule {

    /** The workflow's table and the columns of its fields exist where the data source looks. */
    SCHEMA_PRESENT,

    /** A new row in an initial state, with the fields that state requires, is accepted. */
    CREATE_IN_INITIAL_STATE,

    /** A new row outside the initial states is refused (SQLSTATE {@code 23SW2}). */
    NO_CREATE_OUTSIDE_INITIAL_STATES,

    /** The state column refuses a value that is no declared state ({@code 23514} or a trigger). */
    ONLY_DECLARED_STATES,

    /** Every declared edge is accepted, with what its target state requires, and moves the row. */
    DECLARED_EDGE_ACCEPTED,

    /** A state change leaves exactly one history row: its transition, states, actor and reason. */
    HISTORY_RECORDED,

    /** Every update increments the version column by one. */
    VERSION_INCREMENTED,

    /** A state change along no declared edge is refused ({@code 23SW1}, or the state's CHECK). */
    UNDECLARED_EDGE_REFUSED,

    /** A field a state requires cannot be NULL in it ({@code 23514}, or {@code 23502}). */
    REQUIRED_FIELD,

    /**
     * A field cannot be set in a state that must have it NULL: outside the states of its
     * {@code @OnlyIn} or {@code @AllowedIn} ({@code 23514}).
     */
    ONLY_IN_FIELD,

    /**
     * A field that a state neither requires nor forbids can be set there and cleared again: an
     * {@code @AllowedIn} field in its states, a {@code @RequiredIn} field elsewhere, a
     * {@code @Nullable} field everywhere.
     */
    OPTIONAL_FIELD,

    /**
     * The history refuses {@code UPDATE}, {@code DELETE} and {@code TRUNCATE} ({@code 23SW3}; to a
     * role without the privilege, {@code 42501}).
     */
    HISTORY_APPEND_ONLY,

    /**
     * A row that has taken a transition is never removed: its {@code DELETE}, and a {@code TRUNCATE}
     * of its table, are refused ({@code 23SW3}; {@code 23503} and {@code 0A000} from a schema built
     * before decision 0018; {@code 0A000} for a TRUNCATE of a table another table's foreign key
     * references; to a role without the privilege, {@code 42501}).
     */
    ROW_WITH_HISTORY_KEPT,

    /**
     * A history row can only name a declared edge ({@code 23SW3}; {@code 23503} from a schema built
     * before decision 0018), by every role; a role other than the owner may be refused by its
     * privileges or the history's row-level security first ({@code 42501}).
     */
    HISTORY_NAMES_DECLARED_EDGES,

    /**
     * A field holds no value its Java type cannot: no NaN or infinity in a {@code BigDecimal}, no
     * infinite date or timestamp, no JSON {@code null} ({@code 23514}, the field's own check).
     */
    VALUES_THE_JAVA_TYPE_HOLDS,

    /** A {@code @References} field cannot name a row its workflow does not have ({@code 23503}). */
    REFERENCE_ENFORCED,

    /**
     * A {@code @Unique} field's value cannot be shared by two rows in the states it is unique among
     * ({@code 23505}), and can be by rows in other states.
     */
    UNIQUE_AMONG_STATES,

    /**
     * A new row entered its state when it was created: its {@code <state column>_since} is its
     * {@code created_at}, whatever the INSERT gives.
     */
    ENTRY_MOMENT_SET_ON_INSERT,

    /**
     * A change of state sets {@code <state column>_since} to the transaction's {@code now()}; an
     * update that keeps the state (an edit, a self-transition) keeps it; a statement that writes it
     * sets nothing. The check makes its rows in its own one transaction, so it sees a moment that
     * was written or taken from another clock, but not one kept on a change of state, or moved on
     * an edit, with that transaction's {@code now()}.
     */
    ENTRY_MOMENT_MOVES_WITH_STATE,

    /**
     * A row that enters a state with a {@code @Timeout}, by INSERT or along an edge (a
     * self-transition included), has its deadline: {@code <state column>_since} plus the
     * timeout's {@code after}, to the microsecond, or the value of its {@code at} field, which an
     * UPDATE of the field moves.
     */
    DEADLINE_SET_ON_ENTRY,

    /** A row that leaves a state with a {@code @Timeout} for one without has no deadline. */
    DEADLINE_CLEARED_ON_EXIT,

    /**
     * An INSERT or an UPDATE that writes {@code <state column>_deadline} leaves the deadline the
     * state gives, or is refused where the same statement without it is accepted (by the state's
     * CHECK, say, or a privilege).
     */
    DEADLINE_SET_BY_DATABASE,

    /**
     * In a state with a {@code @Timeout}, {@code <state column>_retry_at} may be set, as the
     * repository puts off a failed firing, and is kept until the deadline changes, which clears
     * it: when the timeout's transition leaves the state, or when the timeout's {@code at} field
     * moves.
     */
    RETRY_CLEARED_WITH_DEADLINE,

    /**
     * In a workflow with an event feed, the database alone keys each change: every edge's history
     * row holds the row's version after it and a {@code feed_xid} of the writing transaction (the
     * check's rows are its own, so no earlier event raises it), which the row's
     * {@code <state column>_feed_xid} then holds; an INSERT leaves that NULL and an edit keeps it,
     * whatever the statement writes there.
     */
    FEED_KEY_SET_BY_DATABASE,

    /**
     * A rule between fields ({@code @Invariant}) holds in every state it names, for a plain edit
     * too: a row there given values that break it is refused by the rule's own CHECK
     * ({@code 23514}, naming the constraint the descriptor gives), and a row in another state is
     * not. The values come from the descriptor, derived from the rule at compile time; a rule
     * without them is listed untried in the report.
     */
    RULE_BETWEEN_FIELDS,

    /**
     * The role the attacks log in as is no superuser and neither owns the workflow's tables or
     * their trigger functions nor has their owner's privileges: attacks by such a role would prove
     * nothing, so none is tried, and the finding says why.
     */
    ATTACKER_OWNS_NOTHING,

    /**
     * A table of the role's own named like the transition table or the history, temporary or in
     * a schema named after the role, changes nothing the triggers do: a forged edge in it moves no
     * row, a declared transition writes its history row into the real history, and a row with
     * history is still not deleted. Each attack on a fresh connection, with no cached plan.
     */
    NO_SHADOWED_TABLES,

    /**
     * No role but the owner writes the history: a row naming a declared edge, written by a direct
     * INSERT, or by a trigger of the role's own on a temporary table, for a real row and for one
     * that does not exist, is refused ({@code 42501}: a privilege, or the row-level security).
     */
    HISTORY_WRITTEN_BY_TRIGGER_ONLY,

    /**
     * The role cannot write the transition table: a new edge, un-retiring a retired one,
     * retiring, renaming or deleting them all, and a TRUNCATE are refused ({@code 42501} or
     * {@code 23SW3}).
     */
    EDGES_WRITTEN_BY_OWNER_ONLY,

    /**
     * A row's id never changes ({@code 23SW3}), and no new row takes the id of a row with history,
     * {@code OVERRIDING SYSTEM VALUE} or not.
     */
    ID_NEVER_CHANGES,

    /**
     * The database sets {@code created_at}, {@code updated_at}, {@code version},
     * {@code created_login_role} on INSERT, and keeps them, {@code created_by} and
     * {@code created_reason} on UPDATE, whatever the statement gives.
     */
    AUDIT_COLUMNS_SET_BY_DATABASE,

    /**
     * The workflow table's trigger functions, attached by the role to a temporary copy of the
     * table, write no history: creating the trigger is refused (no {@code EXECUTE}), or the
     * function refuses to run for a table not its own ({@code 42501}).
     */
    FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY,

    /**
     * No trigger function of the workflow's tables is owned by a superuser: one that runs with its
     * owner's rights would run every transition as a superuser. Read from the catalog.
     */
    FUNCTIONS_NOT_OWNED_BY_SUPERUSER,

    /**
     * {@code PUBLIC} may not execute the trigger functions of the workflow's tables, which the
     * migrations revoke: any role could attach them to a table of its own. Read from the catalog.
     */
    FUNCTIONS_NOT_EXECUTABLE_BY_PUBLIC
}
