package dev.statewise.runtime;

/**
 * The timeouts of one workflow, as its generated repository fires them: every repository of a
 * workflow with a {@code @Timeout} implements it, so one {@code TimeoutWorker} can poll any
 * number of workflows.
 *
 * <pre>{@code
 * int fired = dsl.transactionResult(tx -> new LoanApplicationRepository(tx.dsl()).fireDueTimeouts(100).count());
 * }</pre>
 */
public interface Timeouts {

    /**
     * The actor a timeout's history row records: a person never takes a transition under this
     * name, so the history tells a fired timeout from a call.
     */
    String ACTOR = "statewise:timeout";

    /** The workflow's simple name, for logs and listeners: {@code LoanApplication}. */
    String workflow();

    /**
     * Fires up to {@code limit} due timeouts in the caller's transaction, oldest deadline first.
     * Each takes its state's declared transition, with its guards, and is recorded in the history
     * with the actor {@link #ACTOR}. Due rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so
     * any number of workers may call this at once; a row another transaction holds is left for a
     * later call. A firing that fails is undone alone, behind a savepoint, and its row is tried
     * again later, at the time the result reports; the others stand.
     *
     * @param limit the most rows to fire, at least 1
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    FiredTimeouts fireDueTimeouts(int limit);
}
