package dev.statewise.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one consumer of an {@link EventFeed} stands in one workflow's feed: its position, how far
 * behind it is, what holds events back, and the event its handler is failing on, if any.
 *
 * <pre>{@code
 * for (FeedStatus status : feed.status()) {
 *     if (status.held() > 0) {
 *         log.info("{} events of {} wait for {}", status.held(), status.workflow(), status.holder());
 *     }
 *     if (status.attempts() > 0) {
 *         log.warn("{} fails on the event after {}: {}", status.consumer(), status.position(), status.lastError());
 *     }
 * }
 * }</pre>
 *
 * <p>The feed delivers an event once every transaction that was running when the event's
 * transaction got its id has ended: the <em>horizon</em> is the oldest transaction id still
 * running, in any database of the cluster, and events at or above it are {@link #held()} until
 * the transaction that holds it ends. A long transaction, a session left {@code idle in
 * transaction}, or a prepared transaction not yet committed holds back every feed (decision 0028).
 *
 * @param workflow the workflow's name: {@code Task}
 * @param consumer the consumer's name
 * @param position the key of the last event the consumer handled, or where it started;
 *     {@code null} before its first batch, which creates its row
 * @param movedAt when the position last moved; {@code null} before the first event
 * @param delivered how many events the consumer has handled, as its row counts them
 * @param due how many events are readable now, after the position: committed, and below the
 *     horizon; counted up to {@value #COUNTED_UP_TO}
 * @param held how many events are committed but at or above the horizon, readable once it moves
 *     past them; counted up to {@value #COUNTED_UP_TO}
 * @param oldestHeld when the transaction that wrote the first held event started; {@code null}
 *     if none is held
 * @param horizon the oldest transaction id still running, as an unsigned {@code xid8}; the next
 *     transaction id if none is
 * @param holder the transaction that holds the horizon; {@code null} if no transaction does, or
 *     it ended meanwhile
 * @param attempts how many times in a row the handler has failed on the next event; 0 if it has
 *     not
 * @param lastError what the handler's last failure on the next event said, at most 2,000
 *     characters; {@code null} if it has not failed
 * @param retryAt when the next event, which failed, is tried again; {@code null} if it has not
 *     failed
 */
public record FeedStatus(
        String workflow,
        String consumer,
        FeedPosition position,
        Instant movedAt,
        long delivered,
        long due,
        long held,
        Instant oldestHeld,
        long horizon,
        Holder holder,
        int attempts,
        String lastError,
        Instant retryAt) {

    /** The most events {@link #due()} and {@link #held()} count: counting further costs more than it tells. */
    public static final int COUNTED_UP_TO = 10_000;

    /** Checks that the names are there. */
    public FeedStatus {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(consumer, "consumer");
    }

    /**
     * The transaction that holds the horizon: a session's, from {@code pg_stat_activity}, or a
     * prepared transaction's, from {@code pg_prepared_xacts}.
     *
     * <pre>{@code
     * // As a superuser, once it is known to be safe to end it:
     * dsl.execute("SELECT pg_terminate_backend(?)", status.holder().pid());
     * }</pre>
     *
     * @param pid the session's process id; {@code null} for a prepared transaction, which has no
     *     session
     * @param database the database it runs in, which may be another than the feed's
     * @param role the role it runs as (the prepared transaction's owner)
     * @param preparedTransaction a prepared transaction's global id, which {@code COMMIT PREPARED}
     *     or {@code ROLLBACK PREPARED} ends; {@code null} for a session
     */
    public record Holder(Integer pid, String database, String role, String preparedTransaction) {

        /** {@code pid 4242 (role app in database shop)}, or {@code prepared transaction 'tx-7' (...)}. */
        @Override
        public String toString() {
            return (pid != null ? "pid " + pid : "prepared transaction '" + preparedTransaction + "'")
                    + " (role " + role + " in database " + database + ")";
        }
    }
}
