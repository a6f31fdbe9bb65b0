package dev.statewise.samples.taskboard;

// tag::changes[]
import dev.statewise.dsl.Backfill;
import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RenamedFrom;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.LocalDate;
import java.time.OffsetDateTime;

// end::changes[]
// The task board after the change docs/evolution.md walks through; DocsExamplesTest compiles the
// sample's Task.java, then this, into one folder and compares the migrations with the goldens.
/** A unit of work moving across the team's board. */
@Workflow(table = "task")
public interface Task {

    // tag::changes[]
    enum Status {
        /** Waiting to be picked up. */
        @Initial BACKLOG,
        /** Someone is working on it. */
        IN_PROGRESS,
        /** Waiting for a reviewer. */
        IN_REVIEW,
        /** Approved and finished. */
        @Terminal DONE,
        /** Cannot move until something outside the team changes. */
        BLOCKED,
        /** Will not be done. */
        @Terminal DROPPED
    }

    enum Priority { LOW, NORMAL, HIGH }

    // end::changes[]

    /** What the task is about. */
    String title();

    /** Who works on it. */
    @RequiredIn({"IN_PROGRESS", "IN_REVIEW", "DONE"}) String assignee();

    /** When work started. */
    @RequiredIn({"IN_PROGRESS", "IN_REVIEW", "DONE"}) LocalDate startDate();

    /** Who reviews the work. */
    @RequiredIn({"IN_REVIEW", "DONE"}) String reviewer();

    /** When the review approved it. */
    @OnlyIn("DONE") OffsetDateTime completedAt();

    /** What blocks it. */
    @OnlyIn("BLOCKED") String blockedReason();

    // tag::changes[]
    /** Anything worth knowing, in any state. */
    @RenamedFrom("notes")
    @Nullable String comment();

    /** How urgent the task is. */
    @Backfill("'NORMAL'")
    Priority priority();

    // end::changes[]

    /** Picks the task up. */
    @Transition(from = "BACKLOG", to = "IN_PROGRESS")
    Task start(String assignee, LocalDate startDate);

    /** Asks for a review. */
    @Transition(from = "IN_PROGRESS", to = "IN_REVIEW")
    Task submit(String reviewer);

    /** Sends the work back for changes. */
    @Transition(from = "IN_REVIEW", to = "IN_PROGRESS")
    Task requestChanges();

    /** Accepts the work. */
    @Transition(from = "IN_REVIEW", to = "DONE")
    Task approve(OffsetDateTime completedAt);

    /** Stops work until something outside the team changes. */
    @Transition(from = {"BACKLOG", "IN_PROGRESS", "IN_REVIEW"}, to = "BLOCKED")
    Task block(String blockedReason);

    /** Returns a blocked task to the backlog; the reason is cleared on the way out. */
    @Transition(from = "BLOCKED", to = "BACKLOG")
    Task unblock();

    // tag::changes[]
    /** Gives up on a task nobody started. */
    @Transition(from = "BACKLOG", to = "DROPPED")
    Task drop();
    // end::changes[]

    /** A reviewer may not approve their own work. */
    @Guard("approve")
    default boolean reviewerIsNotAssignee() {
        return !reviewer().equals(assignee());
    }
}
