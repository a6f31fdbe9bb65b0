package dev.statewise.runtime;

/**
 * The SQLSTATE codes that the triggers of a Statewise schema raise, so that an application, raw
 * SQL included, can tell a broken process rule from any other failure. All are in class 23
 * (integrity constraint violation), which frameworks such as Spring already map to a data
 * integrity exception.
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

    /**
     * PostgreSQL's own {@code insufficient_privilege}, raised by a trigger too: a role that does not
     * own the transition table writing its edges, or a trigger function run for a table not its own.
     * Not in class 23: it is a matter of who writes, not of what is written.
     */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    private SqlStates() {}
}
