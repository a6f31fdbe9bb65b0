package workflows;

import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Timeout;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.Instant;

/** A reminder with both kinds of timeout: at a deadline of its own, and a fixed time after a state was entered. */
@Workflow
public interface Reminder {

    enum Status {
        /** Waiting for an answer until respondBy. */
        @Initial @Timeout(at = "respondBy", fire = "escalate") WAITING,
        /** Nobody answered: expires a second later unless someone snoozes it. */
        @Timeout(after = "PT1S", fire = "expire") ESCALATED,
        @Terminal DONE,
        @Terminal EXPIRED
    }

    /** When the answer is due. */
    Instant respondBy();

    /** Holds the escalation back: its guard refuses while this is true. */
    @Nullable Boolean held();

    @Transition(from = "WAITING", to = "ESCALATED")
    Reminder escalate();

    @Transition(from = "ESCALATED", to = "EXPIRED")
    Reminder expire();

    /** Back to waiting, with a new date. */
    @Transition(from = "ESCALATED", to = "WAITING")
    Reminder snooze(Instant respondBy);

    @Transition(from = {"WAITING", "ESCALATED"}, to = "DONE")
    Reminder answer();

    /** A held reminder is not escalated. */
    @Guard("escalate")
    default boolean notHeld() {
        return held() == null || !held();
    }
}
