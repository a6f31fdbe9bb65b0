package dev.statewise.benchmarks.wakeup;

import dev.statewise.dsl.Events;
import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.LocalDate;
import java.time.OffsetDateTime;

// The benchmark's FedTask with one change, events = Events.FEED_WITH_NOTIFY: what the notification
// adds to a transition is the difference between the two schemas, and what it buys is how much sooner
// a consumer of this table hears of a commit than one of FedTask's. In a package after the timeouts',
// so that the other migrations keep their numbers. The Javadoc is FedTask's too, so that the two
// migrations differ by the table's name and the notification alone, which the run checks.
/** A unit of work moving across the team's board. */
@Workflow(table = "notified_task", events = Events.FEED_WITH_NOTIFY)
public interface NotifiedTask {

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
    NotifiedTask start(String assignee, LocalDate startDate);

    /** Asks for a review. */
    @Transition(from = "IN_PROGRESS", to = "IN_REVIEW")
    NotifiedTask submit(String reviewer);

    /** Sends the work back for changes. */
    @Transition(from = "IN_REVIEW", to = "IN_PROGRESS")
    NotifiedTask requestChanges();

    /** Accepts the work. */
    @Transition(from = "IN_REVIEW", to = "DONE")
    NotifiedTask approve(OffsetDateTime completedAt);

    /** Stops work until something outside the team changes. */
    @Transition(from = {"BACKLOG", "IN_PROGRESS", "IN_REVIEW"}, to = "BLOCKED")
    NotifiedTask block(String blockedReason);

    /** Returns a blocked task to the backlog; the reason is cleared on the way out. */
    @Transition(from = "BLOCKED", to = "BACKLOG")
    NotifiedTask unblock();

    /** A reviewer may not approve their own work. */
    @Guard("approve")
    default boolean reviewerIsNotAssignee() {
        return !reviewer().equals(assignee());
    }
}
