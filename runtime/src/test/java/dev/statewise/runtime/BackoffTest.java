package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final int LIMIT = 3;
    private static final Duration SHORTEST = Duration.ofSeconds(1);
    private static final Duration LONGEST = Duration.ofSeconds(10);

    private final Backoff backoff = new Backoff(SHORTEST, LONGEST);

    @Test
    void doublesWhileNothingIsDueUpToTheLongest() {
        assertEquals(List.of(seconds(1), seconds(2), seconds(4), seconds(8), seconds(10), seconds(10)),
                idlePolls(6));
    }

    @Test
    void aBatchThatFiredSomethingResetsTheWait() {
        idlePolls(4);

        assertEquals(SHORTEST, backoff.after(batch(1, 0), LIMIT));
        assertEquals(List.of(seconds(1), seconds(2)), idlePolls(2));
    }

    @Test
    void fullBatchesThatFiredGoOnAtOnce() {
        idlePolls(3);

        assertEquals(Duration.ZERO, backoff.after(batch(3, 0), LIMIT));
        assertEquals(Duration.ZERO, backoff.after(batch(1, 2), LIMIT));
        assertEquals(SHORTEST, backoff.after(batch(2, 0), LIMIT));
        assertEquals(List.of(seconds(1), seconds(2)), idlePolls(2));
    }

    /** Were the repository to hand back the same failing rows, going on at once would be a hot loop. */
    @Test
    void aFullBatchOfFailuresWaitsTheShortest() {
        for (int i = 0; i < 5; i++) {
            assertEquals(SHORTEST, backoff.after(batch(0, 3), LIMIT));
        }
    }

    @Test
    void batchErrorsBackOffLikeIdlePolls() {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(backoff.afterError());
        }
        assertEquals(List.of(seconds(1), seconds(2), seconds(4), seconds(8), seconds(10)), waits);

        assertEquals(SHORTEST, backoff.after(batch(1, 0), LIMIT));
        assertEquals(seconds(1), backoff.afterError());
    }

    @Test
    void aLongestThatIsNoDoubleOfTheShortestIsKept() {
        Backoff odd = new Backoff(Duration.ofMillis(300), Duration.ofMillis(1000));
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(odd.after(batch(0, 0), LIMIT));
        }
        assertEquals(List.of(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(1000),
                Duration.ofMillis(1000)), waits);
    }

    /** An event feed's batch: events read and delivered, or events committed but held back. */
    @Test
    void aFeedsFullBatchGoesOnAtOnceAndHeldEventsWaitTheShortest() {
        idlePolls(3);

        assertEquals(Duration.ZERO, backoff.after(LIMIT, LIMIT, LIMIT));
        assertEquals(SHORTEST, backoff.after(1, 1, LIMIT));
        idlePolls(3);
        assertEquals(SHORTEST, backoff.soon());
        assertEquals(List.of(seconds(1), seconds(2)), idlePolls(2), "idle waits start over");
    }

    private List<Duration> idlePolls(int count) {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(backoff.after(batch(0, 0), LIMIT));
        }
        return waits;
    }

    private static FiredTimeouts batch(int fired, int failed) {
        return new FiredTimeouts("Timer",
                Collections.nCopies(fired, new FiredTimeouts.Fired(1, "expire", "WAITING", "EXPIRED", 2)),
                Collections.nCopies(failed, new FiredTimeouts.Failed(2, "expire", "WAITING",
                        new IllegalStateException("refused"), Instant.EPOCH)));
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
