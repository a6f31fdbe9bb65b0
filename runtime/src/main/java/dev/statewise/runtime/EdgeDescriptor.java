package dev.statewise.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One edge of a workflow: a transition taken from one state, and where it leads. A transition
 * declared with several {@code from} states has one edge per state, as it has one row per edge in
 * the workflow's transition table.
 *
 * <pre>{@code
 * EdgeDescriptor start =
 *         new EdgeDescriptor("start", "BACKLOG", "IN_PROGRESS", List.of("assignee", "startDate"));
 * }</pre>
 *
 * @param transition the transition's name, the name of its method, e.g. {@code start}
 * @param from the state it is taken from
 * @param to the state it leads to; equal to {@code from} for a self-transition
 * @param sets the fields the transition sets, named by its parameters, in declaration order
 */
public record EdgeDescriptor(String transition, String from, String to, List<String> sets) {

    /** Checks that nothing is null and copies {@code sets}. */
    public EdgeDescriptor {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        sets = List.copyOf(sets);
    }
}
