package evolution;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Version 2: adds a state and the transitions in and out of it. */
@Workflow(table = "ticket")
public interface Ticket {

    enum Status { @Initial OPEN, ASSIGNED, WAITING, ESCALATED, @Terminal CLOSED }

    String title();

    @RequiredIn({"ASSIGNED", "WAITING", "ESCALATED", "CLOSED"})
    String assignee();

    @OnlyIn("WAITING")
    String waitingFor();

    @Nullable
    String notes();

    @Transition(from = "OPEN", to = "ASSIGNED")
    Ticket assign(String assignee);

    @Transition(from = "ASSIGNED", to = "WAITING")
    Ticket await(String waitingFor);

    @Transition(from = "WAITING", to = "ASSIGNED")
    Ticket resume();

    @Transition(from = {"ASSIGNED", "WAITING"}, to = "CLOSED")
    Ticket close();

    /** Hands the ticket to the second line. */
    @Transition(from = "ASSIGNED", to = "ESCALATED")
    Ticket escalate();

    @Transition(from = "ESCALATED", to = "ASSIGNED")
    Ticket deescalate();
}
