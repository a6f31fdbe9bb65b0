package dev.statewise.runtime;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rule between a workflow's fields, from {@code @Invariant}: the states it holds in, the rule as
 * declared, and the CHECK constraint that enforces it in the database, by whose name
 * {@link Failures} maps a refusal back to the rule.
 *
 * <pre>{@code
 * RuleDescriptor funded = new RuleDescriptor(null, "loan_application_funded_amount_le_amount_rule",
 *         List.of("FUNDED"), "fundedAmount <= amount", "No more is paid out than was applied for.",
 *         List.of("fundedAmount", "amount"), Map.of(), Map.of());
 * }</pre>
 *
 * @param name the name given to the rule, e.g. {@code underwriterIsNotTheApplicant}; {@code null}
 *     when none was, and the rule is known by its text
 * @param constraint the name of its CHECK constraint, e.g. {@code loan_application_funded_amount_le_amount_rule}
 * @param states the states a row keeps the rule in
 * @param text the rule as declared, e.g. {@code fundedAmount <= amount}
 * @param message why it holds, in words; {@code null} when none was given
 * @param fields the Java names of the fields it reads, in the order its text first names them
 * @param satisfying values of its fields, by Java name and as text, that keep it and every other
 *     rule of the workflow: what a test writes into a row that must pass. Empty when none were found
 * @param breaking values of its fields, as text, that break it while the workflow's other fields
 *     keep their {@code satisfying} values: what the conformance check writes to see the CHECK
 *     refuse. Empty when none were found; the rule is then reported untried
 */
public record RuleDescriptor(
        String name,
        String constraint,
        List<String> states,
        String text,
        String message,
        List<String> fields,
        Map<String, String> satisfying,
        Map<String, String> breaking) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the constraint, states and text, and copies the lists and maps, keeping their order. */
    public RuleDescriptor {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(text, "text");
        states = List.copyOf(states);
        fields = List.copyOf(fields);
        satisfying = Collections.unmodifiableMap(new LinkedHashMap<>(satisfying));
        breaking = Collections.unmodifiableMap(new LinkedHashMap<>(breaking));
        if (states.isEmpty()) {
            throw new IllegalArgumentException("Rule " + constraint + " holds in no state");
        }
    }

    /** Whether a row in {@code state} keeps the rule. */
    public boolean holdsIn(String state) {
        return states.contains(state);
    }

    /**
     * How messages name it: {@code underwriterIsNotTheApplicant, underwriter != applicant} when it
     * has a name, else its text alone.
     */
    public String label() {
        return name == null ? text : name + ", " + text;
    }
}
