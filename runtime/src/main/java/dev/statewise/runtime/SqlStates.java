package dev.statewise.runtime;

/**
 * The SQLSTATE codes that the triggers of a Statewise schema raise, so that an application, raw
 * SQL included, can tell a broken process rule from any other failure, and PostgreSQL's own codes
 * for the constraints of that schema. Statewise's own are in class 23 (integrity constraint
 * violation), which frameworks such as Spring already map to a data integrity exception.
 *
 * <pre>{@code
 * catch (SQLException e) {
 *     if (SqlStates.ILLEGAL_TRANSITION.equals(e.getSQLState())) { ... }
 * }
 * }</pre>
 *
 * <p>A missing required field, or an {@code @OnlyIn} or {@code @AllowedIn} field set outside its
 * states, is reported by PostgreSQL itself as {@code 23514} (check_violation) naming the state's
 * constraint.
 */
public final class SqlStates {

    /** A state change that follows no declared transition, or names a transition that does not lead there. */
    public static final String ILLEGAL_TRANSITION = "23SW1";

    /** A new row that does not start in an initial state. */
    public static final String NOT_AN_INITIAL_STATE = "23SW2";

    /**
     * A change the history refuses: an UPDATE, DELETE or TRUNCATE of a history table, which is
     * append-only; deleting a row that has history, or changing its id; deleting or renaming an
     * edge of the transition table, which history rows name. A history row written by any role
     * but the owner is refused by row-level security, as {@code 42501}.
     */
    public static final String HISTORY_IS_APPEND_ONLY = "23SW3";

    /**
     * PostgreSQL's own {@code check_violation}, which the insert trigger raises too for an actor or
     * reason longer than {@link Audit} allows.
     */
    public static final String CHECK_VIOLATION = "23514";

    /** PostgreSQL's own {@code not_null_violation}: a column that every state requires was NULL. */
    public static final String NOT_NULL_VIOLATION = "23502";

    /**
     * PostgreSQL's own {@code foreign_key_violation}: a {@code @References} field naming no row of its
     * workflow, among others.
     */
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    /**
     * PostgreSQL's own {@code unique_violation}: a {@code @Unique} field's value that another row
     * already has, among others.
     */
    public static final String UNIQUE_VIOLATION = "23505";

    /**
     * PostgreSQL's own {@code numeric_value_out_of_range}: a value too large for its column, such as
     * an infinity in a {@code numeric} with a precision. Not in class 23.
     */
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    /**
     * PostgreSQL's own {@code string_data_right_truncation}: a string longer than its
     * {@code varchar(n)} column. Not in class 23.
     */
    public static final String STRING_DATA_RIGHT_TRUNCATION = "22001";

    /**
     * PostgreSQL's own {@code feature_not_supported}, which it raises for a TRUNCATE of a table that
     * a foreign key references. Not in class 23.
     */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";

    /**
     * PostgreSQL's own {@code serialization_failure}: under {@code REPEATABLE READ} or
     * {@code SERIALIZABLE}, a write to a row that a concurrent transaction changed. Not in class 23;
     * see {@link Failures#isSerializationFailure(RuntimeException)}.
     */
    public static final String SERIALIZATION_FAILURE = "40001";

    /**
     * PostgreSQL's own {@code insufficient_privilege}, raised by a trigger too: a role that does not
     * own the transition table writing its edges, or a trigger function run for a table not its own.
     * Not in class 23: it is a matter of who writes, not of what is written.
     */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    private SqlStates() {}
}
