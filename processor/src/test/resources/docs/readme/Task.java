package readme;

// tag::readme[]
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.LocalDate;
import java.time.OffsetDateTime;

// end::readme[]
// The declaration README.md shows; DocsExamplesTest compiles it.
// tag::readme[]
/** A unit of work moving across the team's board. */
@Workflow(table = "task")
public interface Task {

    enum Status { @Initial BACKLOG, IN_PROGRESS, IN_REVIEW, @Terminal DONE, BLOCKED }

    String title();                                    // required in every state
    @RequiredIn({"IN_PROGRESS", "IN_REVIEW", "DONE"}) String assignee();
    @RequiredIn({"IN_PROGRESS", "IN_REVIEW", "DONE"}) LocalDate startDate();
    @RequiredIn({"IN_REVIEW", "DONE"})                String reviewer();
    @OnlyIn("DONE")    OffsetDateTime completedAt();   // set in DONE, NULL everywhere else
    @OnlyIn("BLOCKED") String blockedReason();
    @Nullable          String notes();                 // optional everywhere

    @Transition(from = "BACKLOG", to = "IN_PROGRESS")
    Task start(String assignee, LocalDate startDate);
    @Transition(from = "IN_PROGRESS", to = "IN_REVIEW")
    Task submit(String reviewer);
    @Transition(from = "IN_REVIEW", to = "IN_PROGRESS")
    Task requestChanges();
    @Transition(from = "IN_REVIEW", to = "DONE")
    Task approve(OffsetDateTime completedAt);
    @Transition(from = {"BACKLOG", "IN_PROGRESS", "IN_REVIEW"}, to = "BLOCKED")
    Task block(String blockedReason);
    @Transition(from = "BLOCKED", to = "BACKLOG")
    Task unblock();
}
// end::readme[]
