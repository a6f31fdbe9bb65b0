package dev.statewise.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What one call of {@link Timeouts#fireDueTimeouts(int)} did: the timeouts it fired and those
 * whose firing failed, each with its row's id.
 */
public record FiredTimeouts(String workflow, List<Fired> fired, List<Failed> failed) {

    public FiredTimeouts {
        fired = List.copyOf(fired);
        failed = List.copyOf(failed);
    }

    /** How many timeouts fired. */
    public int count() {
        return fired.size();
    }

    /** How many due rows the call claimed: those it fired and those whose firing failed. */
    public int claimed() {
        return fired.size() + failed.size();
    }

    /**
     * A timeout that fired: the row took {@code transition} from {@code from} to {@code to}.
     *
     * @param version the row's version after the transition
     */
    public record Fired(long id, String transition, String from, String to, long version) {}

    /**
     * A timeout whose firing failed and was undone: a guard refused, or the database did.
     *
     * @param retryAt when the row is due again: the longer it has been overdue, the later
     */
    public record Failed(long id, String transition, String from, RuntimeException cause, Instant retryAt) {}
}
