package dev.statewise.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One state of a workflow and its rule: the fields a row in this state must have set, the fields
 * it must leave NULL, and the CHECK constraint that enforces both in the database.
 *
 * <pre>{@code
 * StateDescriptor inProgress = new StateDescriptor("IN_PROGRESS", false, false,
 *         List.of("assignee", "startDate"), List.of("completedAt", "blockedReason"),
 *         "task_in_progress_check");
 * }</pre>
 *
 * @param name the state's enum constant, e.g. {@code IN_PROGRESS}
 * @param initial whether a new row may start in this state
 * @param terminal whether no transition leaves this state
 * @param requiredFields the Java names of the fields that must be set in this state
 * @param nullFields the Java names of the fields that must be NULL in this state: the
 *     {@code @OnlyIn} and {@code @AllowedIn} fields of other states. A field in neither list is
 *     optional in this state
 * @param constraint the name of the state's CHECK constraint, e.g. {@code task_in_progress_check},
 *     or {@code null} when the state has nothing to check
 * @param timeout the state's {@code @Timeout}, or {@code null} when it has none
 */
public record StateDescriptor(
        String name,
        boolean initial,
        boolean terminal,
        List<String> requiredFields,
        List<String> nullFields,
        String constraint,
        TimeoutDescriptor timeout) {

    /** A state without a timeout. */
    public StateDescriptor(String name, boolean initial, boolean terminal, List<String> requiredFields,
            List<String> nullFields, String constraint) {
        this(name, initial, terminal, requiredFields, nullFields, constraint, null);
    }

    /**
     * Checks the names, copies the lists, and refuses a field that is both required and NULL,
     * which no row could satisfy.
     */
    public StateDescriptor {
        Objects.requireNonNull(name, "name");
        requiredFields = List.copyOf(requiredFields);
        nullFields = List.copyOf(nullFields);
        for (String field : requiredFields) {
            if (nullFields.contains(field)) {
                throw new IllegalArgumentException(
                        "State " + name + " both requires " + field + " and needs it NULL");
            }
        }
    }

    /** The fields this state's rule is about: the required ones, then the ones that must be NULL. */
    public List<String> ruleFields() {
        List<String> fields = new ArrayList<>(requiredFields);
        fields.addAll(nullFields);
        return List.copyOf(fields);
    }
}
