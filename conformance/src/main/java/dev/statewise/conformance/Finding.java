package dev.statewise.conformance;

import java.util.Objects;

/**
 * One rule the database failed to enforce, or to accept, for one workflow.
 *
 * <pre>{@code
 * Finding missing = new Finding("Task", Rule.REQUIRED_FIELD, "IN_PROGRESS", "assignee",
 *         "a row in IN_PROGRESS was accepted with assignee NULL");
 * }</pre>
 *
 * @param workflow the workflow's name, e.g. {@code Task}
 * @param rule the rule broken
 * @param state the state the rule is about: the row's state, the source of a transition, the
 *     state a new row tried to start in; {@code null} for rules of the history table
 * @param field the field the rule is about, by its Java name; {@code null} when no field is
 * @param message what was tried and what the database did, naming any target state and
 *     transition
 */
public record Finding(String workflow, Rule rule, String state, String field, String message) {

    /** Checks that the workflow, rule and message are there. */
    public Finding {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** {@code Task IN_PROGRESS.assignee [REQUIRED_FIELD]: a row in IN_PROGRESS was accepted ...}. */
    @Override
    public String toString() {
        StringBuilder where = new StringBuilder(workflow);
        if (state != null) {
            where.append(' ').append(state);
        }
        if (field != null) {
            where.append(state != null ? "." : " ").append(field);
        }
        return where + " [" + rule + "]: " + message;
    }
}
