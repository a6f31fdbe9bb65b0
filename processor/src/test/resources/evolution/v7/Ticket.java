package evolution;

import dev.statewise.dsl.Column;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Version 7: wider columns, tickets may start as drafts, and a ticket on hold can only be closed. */
@Workflow(table = "ticket")
public interface Ticket {

    enum Status { @Initial DRAFT, @Initial OPEN, ASSIGNED, ON_HOLD, @Terminal CLOSED }

    enum Priority { LOW, NORMAL, HIGH, URGENT }

    @Column(length = 200)
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
    Long estimate();

    @Transition(from = "DRAFT", to = "OPEN")
    Ticket open();

    @Transition(from = "OPEN", to = "ASSIGNED")
    Ticket assign(String assignee);

    @Transition(from = "ASSIGNED", to = "ON_HOLD")
    Ticket await(String waitingFor);

    @Transition(from = {"ASSIGNED", "ON_HOLD"}, to = "CLOSED")
    Ticket close();
}
