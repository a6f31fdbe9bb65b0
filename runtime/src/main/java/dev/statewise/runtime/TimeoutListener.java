package dev.statewise.runtime;

/**
 * Hears what a {@link TimeoutWorker} did: every timeout it fired, every firing that failed, and
 * every batch that failed as a whole. Each method does nothing unless overridden.
 *
 * <pre>{@code
 * TimeoutListener metrics = new TimeoutListener() {
 *     @Override
 *     public void fired(String workflow, FiredTimeouts.Fired fired) {
 *         registry.counter("timeouts.fired", "workflow", workflow).increment();
 *     }
 *
 *     @Override
 *     public void failed(String workflow, FiredTimeouts.Failed failed) {
 *         registry.counter("timeouts.failed", "workflow", workflow).increment();
 *     }
 * };
 * }</pre>
 *
 * <p>The worker calls it on the thread that ran the batch (its own, or the caller of
 * {@link TimeoutWorker#runOnce()}), after the batch's transaction ended, so what it reports as
 * fired is committed, unless the batch ran inside a transaction of the caller's. A listener that
 * throws an exception is logged, and the worker goes on.
 */
public interface TimeoutListener {

    /** A listener that does nothing: the default. */
    TimeoutListener NONE = new TimeoutListener() {};

    /** A due timeout fired: the row took its state's timeout transition. */
    default void fired(String workflow, FiredTimeouts.Fired fired) {}

    /**
     * A due timeout's firing failed and was undone; the repository tries the row again at
     * {@link FiredTimeouts.Failed#retryAt()}.
     */
    default void failed(String workflow, FiredTimeouts.Failed failed) {}

    /**
     * A batch failed as a whole, and its transaction was rolled back: nothing of it fired. The
     * worker tries the workflow again after a backoff.
     *
     * @param error what {@link Timeouts#fireDueTimeouts(int)} or its transaction threw, such as
     *     jOOQ's {@code DataAccessException} for a lost connection
     */
    default void error(String workflow, RuntimeException error) {}
}
