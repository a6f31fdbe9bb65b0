package dev.statewise.runtime;

/**
 * The row moved or changed since it was read: a write compares the state and version it read with
 * the row's, and someone else wrote in between. Read the row again and decide anew; retrying the
 * same write blindly would undo the other writer's decision.
 *
 * <pre>{@code
 * try {
 *     tasks.approve(task, OffsetDateTime.now(), Audit.by("grace"));
 * } catch (StaleException e) {
 *     Task current = tasks.find(e.id()).orElseThrow();
 *     // e.getMessage(): Task 42 moved or changed since it was read:
 *     //                 read in IN_REVIEW at version 3, now in BLOCKED at version 4
 * }
 * }</pre>
 */
public final class StaleException extends StatewiseException {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String expectedState;
    private final long expectedVersion;
    private final String actualState;
    private final long actualVersion;

    /**
     * A failure for row {@code id}, read in {@code expectedState} at {@code expectedVersion} and
     * found in {@code actualState} at {@code actualVersion}.
     */
    public StaleException(String workflow, long id, String expectedState, long expectedVersion,
            String actualState, long actualVersion) {
        super(workflow, subject(workflow, id) + " moved or changed since it was read: read in "
                + expectedState + " at version " + expectedVersion + ", now in " + actualState
                + " at version " + actualVersion, null);
        this.id = id;
        this.expectedState = expectedState;
        this.expectedVersion = expectedVersion;
        this.actualState = actualState;
        this.actualVersion = actualVersion;
    }

    /** The row's id. */
    public long id() {
        return id;
    }

    /** The state the row was in when it was read. */
    public String expectedState() {
        return expectedState;
    }

    /** The version the row had when it was read. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The state the row is in now. */
    public String actualState() {
        return actualState;
    }

    /** The version the row has now. */
    public long actualVersion() {
        return actualVersion;
    }
}
