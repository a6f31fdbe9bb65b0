package dev.statewise.benchmarks.timeouts;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Timeout;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.Instant;

// The workflow whose timeouts the benchmark fires. Its deadline is a field, so that a row written
// with heldUntil in the past is due at once: no waiting for a duration to pass. In a package after
// Task's, so that Task's migration stays V1.
/** A room held for a guest until a given time, and released if the guest has not confirmed by then. */
@Workflow(table = "reservation")
public interface Reservation {

    enum Status {
        /** Held for the guest until heldUntil; released then if still unconfirmed. */
        @Initial @Timeout(at = "heldUntil", fire = "release") HELD,
        /** The guest confirmed. */
        @Terminal CONFIRMED,
        /** Released unconfirmed: the room is free again. */
        @Terminal RELEASED
    }

    /** Who the room is held for. */
    String guest();

    /** Until when the room is held. */
    Instant heldUntil();

    /** The booking's reference, once the guest confirmed. */
    @OnlyIn("CONFIRMED") String confirmation();

    /** The guest confirms in time. */
    @Transition(from = "HELD", to = "CONFIRMED")
    Reservation confirm(String confirmation);

    /** The hold lapsed: fired by the deadline. */
    @Transition(from = "HELD", to = "RELEASED")
    Reservation release();
}
