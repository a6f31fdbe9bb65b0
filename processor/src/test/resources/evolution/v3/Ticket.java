package evolution;

import dev.statewise.dsl.Backfill;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.LocalDate;

/** Version 3: adds fields, one of them required in every state. */
@Workflow(table = "ticket")
public interface Ticket {

    enum Status { @Initial OPEN, ASSIGNED, WAITING, ESCALATED, @Terminal CLOSED }

    enum Priority { LOW, NORMAL, HIGH }

    String title();

    @RequiredIn({"ASSIGNED", "WAITING", "ESCALATED", "CLOSED"})
    String assignee();

    @OnlyIn("WAITING")
    String waitingFor();

    @Nullable
    String notes();

    /** How soon the ticket needs an answer. */
    @Backfill("'NORMAL'")
    Priority priority();

    @Nullable
    LocalDate dueDate();

    @Nullable
    Integer estimate();

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
