package dev.statewise.conformance;

/**
 * A rule that a Statewise schema makes the database enforce, as the conformance check tries it.
 * Each {@link Finding} names the one the database failed.
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
     * before decision 0018). Since decision 0019 no role but the owner writes the history at all
     * ({@code 42501}), so as the owner or a superuser, who bypass its row-level security, this is not
     * tried.
     */
    HISTORY_NAMES_DECLARED_EDGES,

    /** A {@code @References} field cannot name a row its workflow does not have ({@code 23503}). */
    REFERENCE_ENFORCED,

    /**
     * A {@code @Unique} field's value cannot be shared by two rows in the states it is unique among
     * ({@code 23505}), and can be by rows in other states.
     */
    UNIQUE_AMONG_STATES
}
