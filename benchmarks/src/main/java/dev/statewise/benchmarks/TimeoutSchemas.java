package dev.statewise.benchmarks;

import dev.statewise.benchmarks.timeouts.TimedTaskWorkflow;
import dev.statewise.runtime.WorkflowDescriptor;

/**
 * The schemas that show what timeouts add to a transition, measured against the generated text in
 * its own schema, in the server-side loop on a CPU ({@link ServerSideCost}) and interleaved with
 * it ({@link InterleavedCost}):
 *
 * <ul>
 *   <li>the task board as generated before every workflow kept {@code status_since}: the generated
 *       schema costs what the column and its upkeep in the triggers add;
 *   <li>the task board with a {@code @Timeout} on IN_REVIEW ({@code TimedTask}, table
 *       {@code timed_task}): it costs what the deadline and retry columns, the deadline's terms in
 *       the per-state CHECKs, its upkeep in the triggers and the partial index on it add. The loop's
 *       every transition enters IN_REVIEW (the deadline set, an entry in the index) or leaves it
 *       (the deadline cleared);
 *   <li>two parts of that, interleaved only: {@code TimedTask} without the partial index, and
 *       without the deadline's terms in the per-state CHECKs. What they leave is the columns and
 *       the triggers' upkeep of them.
 * </ul>
 */
final class TimeoutSchemas {

    static final String BEFORE_SINCE = "before_since";
    static final String TIMED = "timed_task";
    static final String TIMED_NO_INDEX = "timed_no_deadline_index";
    static final String TIMED_NO_TERMS = "timed_no_deadline_terms";

    private TimeoutSchemas() {}

    static Schema beforeSince(GeneratedMigration migration) {
        return new Schema(BEFORE_SINCE, "reference: the schema before every workflow kept `status_since`,"
                + " as generated then",
                Design.STATEWISE, migration.beforeSince(), true,
                "SELECT NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = '" + BEFORE_SINCE + ".task'::regclass"
                        + " AND attname LIKE 'status\\_%')"
                        + " AND (SELECT p.prosrc NOT LIKE '%status_since%' FROM pg_proc p"
                        + " JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = '" + BEFORE_SINCE + "' AND p.proname = 'task_before_update')");
    }

    /**
     * The generated migration of {@code TimedTask}, once its declaration is found to be Task's
     * with a timeout on IN_REVIEW and nothing else.
     */
    static Schema timed(WorkflowDescriptor task) {
        requireTwin(task, TimedTaskWorkflow.DESCRIPTOR);
        return new Schema(TIMED, "`TimedTask`: the same declaration with `@Timeout(after = \"P2D\","
                + " fire = \"requestChanges\")` on IN_REVIEW",
                Design.STATEWISE, timedMigration().text(), true,
                "SELECT (SELECT count(*) = 2 FROM pg_attribute WHERE attrelid = '" + TIMED + ".timed_task'::regclass"
                        + " AND attname IN ('status_deadline', 'status_retry_at'))"
                        + " AND to_regclass('" + TIMED + ".timed_task_status_deadline_idx') IS NOT NULL"
                        + " AND (SELECT count(*) = 5 FROM pg_constraint WHERE conrelid = '" + TIMED
                        + ".timed_task'::regclass AND pg_get_constraintdef(oid) LIKE '%status_deadline%')",
                TIMED);
    }

    /** {@code TimedTask} without the partial index on its deadline. */
    static Schema timedWithoutIndex() {
        return new Schema(TIMED_NO_INDEX, "`TimedTask` without the partial index on `status_deadline`",
                Design.STATEWISE, timedMigration().withoutDeadlineIndex(), true,
                "SELECT NOT EXISTS (SELECT FROM pg_index WHERE indrelid = '" + TIMED_NO_INDEX + ".timed_task'::regclass"
                        + " AND pg_get_indexdef(indexrelid) LIKE '%status_deadline%')"
                        + " AND (SELECT count(*) = 5 FROM pg_constraint WHERE conrelid = '" + TIMED_NO_INDEX
                        + ".timed_task'::regclass AND pg_get_constraintdef(oid) LIKE '%status_deadline%')",
                TIMED);
    }

    /** {@code TimedTask} without the deadline's terms in its per-state CHECKs. */
    static Schema timedWithoutTerms() {
        return new Schema(TIMED_NO_TERMS, "`TimedTask` without the deadline's terms in the per-state CHECKs",
                Design.STATEWISE, timedMigration().withoutDeadlineTerms(), true,
                "SELECT NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = '" + TIMED_NO_TERMS
                        + ".timed_task'::regclass AND pg_get_constraintdef(oid) LIKE '%status_deadline%')"
                        + " AND to_regclass('" + TIMED_NO_TERMS + ".timed_task_status_deadline_idx') IS NOT NULL"
                        + " AND (SELECT count(*) = 5 FROM pg_constraint WHERE conrelid = '" + TIMED_NO_TERMS
                        + ".timed_task'::regclass AND contype = 'c' AND conname <> 'timed_task_status_check'"
                        + " AND pg_get_constraintdef(oid) NOT LIKE '%isfinite%')",
                TIMED);
    }

    private static GeneratedMigration timedMigration() {
        return GeneratedMigration.fromClasspath(GeneratedMigration.TIMED_TASK);
    }

    /** Refuses a timed workflow whose states, fields or edges are not exactly those of the one without. */
    static void requireTwin(WorkflowDescriptor untimed, WorkflowDescriptor timed) {
        if (!Twin.sameMachine(untimed, timed)
                || !untimed.timedStates().isEmpty()
                || timed.timedStates().size() != 1) {
            throw new IllegalStateException(timed.name() + " is no longer " + untimed.name()
                    + " with one @Timeout: keep the two declarations alike, so that their difference is the timeout");
        }
    }
}
