package evolution;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Version 1: a support ticket. */
@Workflow(table = "ticket")
public interface Ticket {

    enum Status { @Initial OPEN, ASSIGNED, WAITING, @Terminal CLOSED }

    String title();

    @RequiredIn({"ASSIGNED", "WAITING", "CLOSED"})
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
}
