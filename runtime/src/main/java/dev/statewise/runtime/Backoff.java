package dev.statewise.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link TimeoutWorker} or an {@link EventFeed} waits before it polls one workflow
 * again, after what the last batch did: no wait while batches come back full of fired timeouts or
 * delivered events, the shortest wait after any other batch that claimed rows, and a wait that
 * doubles up to the longest while nothing is due or batches fail.
 *
 * <p>A batch that claimed rows but fired none never goes again at once, even when full: if a
 * repository failed to put off its failed rows, claiming them again without a wait would be a hot loop.
 */
final class Backoff {

    private final Duration shortest;
    private final Duration longest;
    private Duration idle;

    /**
     * Refuses waits a builder's {@code idleBackoff} cannot take.
     *
     * @throws IllegalArgumentException if {@code shortest} is not positive or is longer than {@code longest}
     */
    static void requireValid(Duration shortest, Duration longest) {
        Objects.requireNonNull(shortest, "shortest");
        Objects.requireNonNull(longest, "longest");
        if (shortest.isNegative() || shortest.isZero()) {
            throw new IllegalArgumentException("the shortest wait must be positive, not " + shortest);
        }
        if (shortest.compareTo(longest) > 0) {
            throw new IllegalArgumentException(
                    "the shortest wait, " + shortest + ", is longer than the longest, " + longest);
        }
    }

    Backoff(Duration shortest, Duration longest) {
        this.shortest = shortest;
        this.longest = longest;
        this.idle = shortest;
    }

    /** The wait after a batch that returned, of at most {@code limit} rows. */
    Duration after(FiredTimeouts batch, int limit) {
        return after(batch.claimed(), batch.count(), limit);
    }

    /**
     * The wait after a batch that returned: it claimed {@code claimed} rows, at most
     * {@code limit}, and got {@code done} of them done.
     */
    Duration after(int claimed, int done, int limit) {
        if (claimed == 0) {
            return idle();
        }
        idle = shortest;
        return claimed >= limit && done > 0 ? Duration.ZERO : shortest;
    }

    /**
     * The wait after a batch that found nothing due yet but something about to be: the shortest,
     * and the idle waits start over.
     */
    Duration soon() {
        idle = shortest;
        return shortest;
    }

    /** The wait after a batch that failed as a whole. */
    Duration afterError() {
        return idle();
    }

    private Duration idle() {
        Duration wait = idle;
        idle = idle.compareTo(longest.dividedBy(2)) > 0 ? longest : idle.multipliedBy(2);
        return wait;
    }
}
