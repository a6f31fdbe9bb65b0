package dsl;

// tag::overview[]
import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

// end::overview[]
// The overview docs/dsl.md opens with; DocsExamplesTest compiles it.
// tag::overview[]
/** A unit of work moving across the team's board. */        // Javadoc becomes COMMENT ON
@Workflow(table = "task")
public interface Task {

    enum Status { @Initial BACKLOG, IN_PROGRESS, @Terminal DONE, BLOCKED }

    String title();                                             // required in every state
    @RequiredIn({"IN_PROGRESS", "DONE"}) String assignee();
    @OnlyIn("BLOCKED") String blockedReason();                  // set in BLOCKED, NULL elsewhere
    @Nullable String notes();                                   // optional everywhere

    @Transition(from = "BACKLOG", to = "IN_PROGRESS")
    Task start(String assignee);                                // sets assignee
    @Transition(from = "IN_PROGRESS", to = "DONE")
    Task finish();
    @Transition(from = {"BACKLOG", "IN_PROGRESS"}, to = "BLOCKED")
    Task block(String blockedReason);
    @Transition(from = "BLOCKED", to = "BACKLOG")
    Task unblock();                                             // clears blockedReason

    @Guard("start")
    default boolean hasATitle() { return !title().isBlank(); }
}
// end::overview[]
