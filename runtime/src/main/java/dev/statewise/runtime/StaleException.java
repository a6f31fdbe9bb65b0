package dev.statewise.runtime;

import java.util.Optional;
import java.util.OptionalLong;

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
 *
 * <p>Under {@code REPEATABLE READ} or {@code SERIALIZABLE}, a row that a concurrent transaction
 * changed after this one began cannot be written (SQLSTATE 40001), and under {@code SERIALIZABLE}
 * a write can fail the same way when this transaction read what another one changed. That is
 * stale too, but the transaction is aborted and cannot read the row again: the state and version
 * the row has now are unknown, {@link #transactionAborted()} is true, and the cause is the
 * database's error. Roll back and run the whole transaction again.
 */
public final class StaleException extends StatewiseException {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String expectedState;
    private final long expectedVersion;
    private final String actualState;
    private final Long actualVersion;

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

    /**
     * A failure for row {@code id}, read in {@code expectedState} at {@code expectedVersion}, that
     * this transaction could not write; {@code cause} is the serialization failure (SQLSTATE 40001)
     * that aborted it.
     */
    public StaleException(String workflow, long id, String expectedState, long expectedVersion,
            Throwable cause) {
        super(workflow, subject(workflow, id) + " could not be written in this transaction (read in "
                + expectedState + " at version " + expectedVersion + "): a concurrent transaction changed"
                + " it, or this one cannot be serialized with another (SQLSTATE 40001); roll back and"
                + " retry the transaction", cause);
        this.id = id;
        this.expectedState = expectedState;
        this.expectedVersion = expectedVersion;
        this.actualState = null;
        this.actualVersion = null;
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

    /** The state the row is in now; empty when {@link #transactionAborted()}. */
    public Optional<String> actualState() {
        return Optional.ofNullable(actualState);
    }

    /** The version the row has now; empty when {@link #transactionAborted()}. */
    public OptionalLong actualVersion() {
        return actualVersion == null ? OptionalLong.empty() : OptionalLong.of(actualVersion);
    }

    /**
     * Whether the database aborted the transaction (a serialization failure, SQLSTATE 40001): retry
     * the whole transaction rather than read the row again in this one.
     */
    public boolean transactionAborted() {
        return actualState == null;
    }
}
