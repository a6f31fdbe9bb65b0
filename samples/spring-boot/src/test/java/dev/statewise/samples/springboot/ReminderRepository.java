package dev.statewise.samples.springboot;

import dev.statewise.runtime.FiredTimeouts;
import dev.statewise.runtime.Timeouts;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Stands in for the repository Statewise generates for a workflow with a {@code @Timeout}, until
 * this sample declares one: it fires the due rows of the table that
 * {@code db/timeouts/V100__reminder.sql} makes, claimed as {@link Timeouts#fireDueTimeouts} says,
 * in the caller's transaction. A reminder in {@code SCHEDULED} whose deadline has passed is sent.
 */
final class ReminderRepository implements Timeouts {

    private final DSLContext dsl;

    ReminderRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public String workflow() {
        return "Reminder";
    }

    @Override
    public FiredTimeouts fireDueTimeouts(int limit) {
        List<FiredTimeouts.Fired> fired = dsl.fetch("""
                UPDATE reminder SET status = 'SENT', version = version + 1
                WHERE id IN (
                    SELECT id FROM reminder
                    WHERE status = 'SCHEDULED' AND status_deadline <= now()
                    ORDER BY status_deadline, id
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, version""", limit)
                .map(row -> new FiredTimeouts.Fired(
                        row.get("id", Long.class), "send", "SCHEDULED", "SENT", row.get("version", Long.class)));
        return new FiredTimeouts(workflow(), fired, List.of());
    }
}
