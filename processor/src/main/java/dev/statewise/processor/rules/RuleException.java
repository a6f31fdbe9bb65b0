package dev.statewise.processor.rules;

/** Ends parsing at the first syntax error: after it, nothing more in the text can be trusted. */
final class RuleException extends RuntimeException {

    private final RuleError error;

    RuleException(RuleError error) {
        super(error.text(), null, false, false);
        this.error = error;
    }

    RuleError error() {
        return error;
    }
}
