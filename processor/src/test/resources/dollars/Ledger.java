package dollars;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Costs in ${currency}, which Flyway must not take for a placeholder. */
@Workflow
public interface Ledger {

    /** Java allows $ in names, and the SQL quotes them all. */
    enum Status { @Initial OPEN, HELD$$, @Terminal CLOSED$function$ }

    /** What it is for: $$ and $function$ are text here. */
    String title();

    @Nullable String notes();

    /** Holds it; costs $5. */
    @Transition(from = "OPEN", to = "HELD$$")
    Ledger hold();

    @Transition(from = "HELD$$", to = "CLOSED$function$")
    Ledger close();
}
