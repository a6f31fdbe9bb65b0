package dev.statewise.runtime;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * A hand-written stand-in for a generated repository's {@link Timeouts}, over the table
 * {@link #SCHEMA} creates, claiming due rows as {@link Timeouts#fireDueTimeouts} says: a row in
 * {@code WAITING} whose deadline and retry time have passed is due, claimed {@code FOR UPDATE SKIP
 * LOCKED}, and fired by moving to {@code EXPIRED}, which counts in {@code fired}. A row that
 * {@code refuses} fails as a guard's refusal would, and is put off for an hour. A hook runs first
 * in every call, on the call's transaction, for tests that count, block or break the batches.
 */
final class TimerRepository implements Timeouts {

    static final String SCHEMA = """
            CREATE TABLE timer (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                status text NOT NULL DEFAULT 'WAITING',
                status_deadline timestamptz NOT NULL,
                status_retry_at timestamptz,
                refuses boolean NOT NULL DEFAULT false,
                fired int NOT NULL DEFAULT 0,
                version bigint NOT NULL DEFAULT 1
            )""";

    /** Runs at the start of each {@link #fireDueTimeouts} call. */
    interface Hook {
        void run(DSLContext dsl) throws Exception;
    }

    private final DSLContext dsl;
    private final Hook hook;

    TimerRepository(DSLContext dsl) {
        this(dsl, tx -> {});
    }

    private TimerRepository(DSLContext dsl, Hook hook) {
        this.dsl = dsl;
        this.hook = hook;
    }

    /** Repositories over a transaction's context that run {@code hook} first in every call. */
    static Function<DSLContext, TimerRepository> withHook(Hook hook) {
        return dsl -> new TimerRepository(dsl, hook);
    }

    @Override
    public String workflow() {
        return "Timer";
    }

    @Override
    public FiredTimeouts fireDueTimeouts(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        try {
            hook.run(dsl);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<FiredTimeouts.Fired> fired = new ArrayList<>();
        List<FiredTimeouts.Failed> failed = new ArrayList<>();
        for (Record due : dsl.fetch("""
                SELECT id, refuses FROM timer
                WHERE status = 'WAITING'
                  AND status_deadline <= now()
                  AND (status_retry_at IS NULL OR status_retry_at <= now())
                ORDER BY status_deadline, id
                LIMIT ?
                FOR UPDATE SKIP LOCKED""", limit)) {
            long id = due.get("id", Long.class);
            if (due.get("refuses", Boolean.class)) {
                OffsetDateTime retryAt = dsl.resultQuery(
                        "UPDATE timer SET status_retry_at = now() + interval '1 hour' WHERE id = ?"
                                + " RETURNING status_retry_at", id)
                        .fetchOne(0, OffsetDateTime.class);
                failed.add(new FiredTimeouts.Failed(id, "expire", "WAITING",
                        new GuardRefusedException("Timer", id, "expire", "mayExpire", "this timer never expires"),
                        retryAt.toInstant()));
            } else {
                long version = dsl.resultQuery(
                        "UPDATE timer SET status = 'EXPIRED', fired = fired + 1, version = version + 1"
                                + " WHERE id = ? RETURNING version", id)
                        .fetchOne(0, Long.class);
                fired.add(new FiredTimeouts.Fired(id, "expire", "WAITING", "EXPIRED", version));
            }
        }
        return new FiredTimeouts(workflow(), fired, failed);
    }
}
