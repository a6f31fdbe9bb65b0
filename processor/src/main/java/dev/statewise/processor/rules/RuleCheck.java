package dev.statewise.processor.rules;

import java.util.List;
import java.util.Optional;

/**
 * What checking a rule's text gave: the rule, or the errors that keep it from being one.
 *
 * @param rule present exactly when there are no errors
 * @param errors in the order of the text, at most one when the text does not parse
 */
public record RuleCheck(Optional<RuleExpression> rule, List<RuleError> errors) {

    public RuleCheck {
        errors = List.copyOf(errors);
        if (rule.isPresent() != errors.isEmpty()) {
            throw new IllegalArgumentException("a rule or errors: " + rule + ", " + errors);
        }
    }
}
