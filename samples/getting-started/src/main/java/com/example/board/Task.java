package com.example.board;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** A unit of work on the team's board. */
@Workflow(table = "task")
public interface Task {

    enum Status { @Initial OPEN, IN_PROGRESS, @Terminal DONE }

    /** What is to be done: required in every state. */
    String title();

    /** Who does it: required once the work has started. */
    @RequiredIn({"IN_PROGRESS", "DONE"})
    String assignee();

    @Transition(from = "OPEN", to = "IN_PROGRESS")
    Task start(String assignee);

    @Transition(from = "IN_PROGRESS", to = "DONE")
    Task finish();
}
