package evolution;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RenamedFrom;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.LocalDate;

/** Version 5: renames a state and a field, keeping their rows and values. */
@Workflow(table = "ticket")
public interface Ticket {

    enum Status { @Initial OPEN, ASSIGNED, @RenamedFrom("WAITING") ON_HOLD, ESCALATED, @Terminal CLOSED }

    enum Priority { LOW, NORMAL, HIGH }

    String title();

    @RequiredIn({"ASSIGNED", "ON_HOLD", "ESCALATED", "CLOSED"})
    String assignee();

    @OnlyIn("ON_HOLD")
    String waitingFor();

    @RenamedFrom("notes")
    @Nullable
    String comment();

    /** How soon the ticket needs an answer. */
    Priority priority();

    @RequiredIn("ESCALATED")
    LocalDate dueDate();

    @Nullable
    Integer estimate();

    @Transition(from = "OPEN", to = "ASSIGNED")
    Ticket assign(String assignee);

    @Transition(from = "ASSIGNED", to = "ON_HOLD")
    Ticket await(String waitingFor);

    @Transition(from = "ON_HOLD", to = "ASSIGNED")
    Ticket resume();

    @Transition(from = {"ASSIGNED", "ON_HOLD", "ESCALATED"}, to = "CLOSED")
    Ticket close();

    /** Hands the ticket to the second line. */
    @Transition(from = "ASSIGNED", to = "ESCALATED")
    Ticket escalate(LocalDate dueDate);
}
