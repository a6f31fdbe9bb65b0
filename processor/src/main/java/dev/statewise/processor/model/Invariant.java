package dev.statewise.processor.model;

import dev.statewise.processor.rules.RuleExpression;
import java.util.List;

/**
 * An {@code @Invariant}: a rule between fields that every row in the named states keeps. The
 * reader has parsed and type-checked its expression against the workflow's fields; whether its
 * states exist the checks decide.
 *
 * @param name the name given, as written; empty when none, and the constraint is named by the expression
 * @param states the states it holds in, as declared
 * @param rule the checked expression, with what it reads and how it renders
 * @param message why it holds, in words; empty when none
 */
public record Invariant(String name, List<String> states, RuleExpression rule, String message) {

    public Invariant {
        states = List.copyOf(states);
    }

    /** Whether the rule holds in a row in {@code state}. */
    public boolean holdsIn(String state) {
        return states.contains(state);
    }

    /** How messages and pages name it: the name given, else the rule itself. */
    public String label() {
        return name.isEmpty() ? rule.text() : name;
    }
}
