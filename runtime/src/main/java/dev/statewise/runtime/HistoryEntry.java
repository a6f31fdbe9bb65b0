package dev.statewise.runtime;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One row of a workflow's history: a state change, written by the database's trigger whether a
 * repository or plain SQL made it.
 *
 * <pre>{@code
 * for (HistoryEntry entry : tasks.history(42)) {
 *     System.out.println(entry.occurredAt() + " " + entry.transition() + " by " + entry.actor());
 * }
 * }</pre>
 *
 * @param id the history row's own id, increasing in the order the changes were written
 * @param entityId the id of the row that changed state
 * @param transition the transition taken
 * @param fromState the state before
 * @param toState the state after
 * @param actor who took the transition, or {@code null} if nobody was named
 * @param reason why, or {@code null} if no reason was given
 * @param loginRole the login role ({@code session_user}) whose statement made the change, which
 *     the database records whatever the caller says; {@code null} for a change made before
 *     Statewise recorded it (decision 0019)
 * @param occurredAt when the transaction that made the change started
 */
public record HistoryEntry(
        long id,
        long entityId,
        String transition,
        String fromState,
        String toState,
        String actor,
        String reason,
        String loginRole,
        OffsetDateTime occurredAt) {

    /** Checks that what every history row has is there. */
    public HistoryEntry {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(fromState, "fromState");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
