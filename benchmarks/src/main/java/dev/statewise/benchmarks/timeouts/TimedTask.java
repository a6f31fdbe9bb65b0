package dev.statewise.benchmarks.timeouts;

import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Timeout;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.LocalDate;
import java.time.OffsetDateTime;

// The benchmark's Task with one change, a @Timeout on IN_REVIEW: what a timeout adds to a
// transition is the difference between the two schemas. Every transition the benchmark's loop
// makes enters IN_REVIEW or leaves it. In a package after Task's, so that Task's migration stays V1.
/** A unit of work moving across the team's board; a review left for two days goes back. */
@Workflow(table = "timed_task")
public interface TimedTask {

    enum Status {
        /** Waiting to be picked up. */
        @Initial BACKLOG,
        /** Someone is working on it. */
        IN_PROGRESS,
        /** Waiting for a reviewer; after two days it goes back to the assignee. */
        @Timeout(after = "P2D", fire = "requestChanges") IN_REVIEW,
        /** Approved and finished. */
        @Terminal DONE,
        /** Cannot move until something outside the team changes. */
        BLOCKED
    }

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

    /** Anything worth knowing, in any state. */
    @Nullable String notes();

    /** Picks the task up. */
    @Transition(from = "BACKLOG", to = "IN_PROGRESS")
    TimedTask start(String assignee, LocalDate startDate);

    /** Asks for a review. */
    @Transition(from = "IN_PROGRESS", to = "IN_REVIEW")
    TimedTask submit(String reviewer);

    /** Sends the work back for changes. */
    @Transition(from = "IN_REVIEW", to = "IN_PROGRESS")
    TimedTask requestChanges();

    /** Accepts the work. */
    @Transition(from = "IN_REVIEW", to = "DONE")
    TimedTask approve(OffsetDateTime completedAt);

    /** Stops work until something outside the team changes. */
    @Transition(from = {"BACKLOG", "IN_PROGRESS", "IN_REVIEW"}, to = "BLOCKED")
    TimedTask block(String blockedReason);

    /** Returns a blocked task to the backlog; the reason is cleared on the way out. */
    @Transition(from = "BLOCKED", to = "BACKLOG")
    TimedTask unblock();

    /** A reviewer may not approve their own work. */
    @Guard("approve")
    default boolean reviewerIsNotAssignee() {
        return !reviewer().equals(assignee());
    }
}
