package dev.statewise.processor.rules;

/**
 * Why a rule's text is refused, and where in it.
 *
 * @param message the rule it breaks, from the catalogue
 * @param column where in the rule's text, from 1
 * @param text the message: the rule broken, the offender with its column, and the fix
 */
public record RuleError(RuleMessage message, int column, String text) {

    static RuleError of(RuleMessage message, int column, Object... args) {
        return new RuleError(message, column, message.format(column, args));
    }

    @Override
    public String toString() {
        return text;
    }
}
