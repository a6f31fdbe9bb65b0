package evolution;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RemovedField;
import dev.statewise.dsl.RemovedState;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Version 6: no second line any more; escalated tickets go back to their assignee. */
@Workflow(table = "ticket")
@RemovedState(value = "ESCALATED", movedTo = "ASSIGNED")
@RemovedField("dueDate")
public interface Ticket {

    enum Status { @Initial OPEN, ASSIGNED, ON_HOLD, @Terminal CLOSED }

    enum Priority { LOW, NORMAL, HIGH }

    String title();

    @RequiredIn({"ASSIGNED", "ON_HOLD", "CLOSED"})
    String assignee();

    @OnlyIn("ON_HOLD")
    String waitingFor();

    @Nullable
    String comment();

    /** How soon the ticket needs an answer. */
    Priority priority();

    @Nullable
    Integer estimate();

    @Transition(from = "OPEN", to = "ASSIGNED")
    Ticket assign(String assignee);

    @Transition(from = "ASSIGNED", to = "ON_HOLD")
    Ticket await(String waitingFor);

    @Transition(from = "ON_HOLD", to = "ASSIGNED")
    Ticket resume();

    @Transition(from = {"ASSIGNED", "ON_HOLD"}, to = "CLOSED")
    Ticket close();
}
