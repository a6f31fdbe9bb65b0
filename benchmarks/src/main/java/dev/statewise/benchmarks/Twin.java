package dev.statewise.benchmarks;

import dev.statewise.runtime.WorkflowDescriptor;
import java.util.List;

/**
 * The benchmark's copies of {@link Task}, {@code TimedTask} and {@code FedTask}, each measured
 * against it for the one thing it adds: the run stops when a copy's machine drifts from Task's.
 */
final class Twin {

    private Twin() {}

    /**
     * Whether two workflows have the same state machine: states, fields, edges and state column,
     * compared by what they declare, not by the names of constraints, which follow the table's.
     */
    static boolean sameMachine(WorkflowDescriptor a, WorkflowDescriptor b) {
        return a.edges().equals(b.edges())
                && a.stateColumn().equals(b.stateColumn())
                && fields(a).equals(fields(b))
                && states(a).equals(states(b))
                && a.rules().isEmpty() && b.rules().isEmpty();
    }

    private static List<List<Object>> fields(WorkflowDescriptor workflow) {
        return workflow.fields().stream()
                .map(f -> List.<Object>of(f.name(), f.column(), f.javaType(), f.columnType()))
                .toList();
    }

    private static List<List<Object>> states(WorkflowDescriptor workflow) {
        return workflow.states().stream()
                .map(s -> List.<Object>of(s.name(), s.initial(), s.terminal(), s.requiredFields(), s.nullFields()))
                .toList();
    }
}
