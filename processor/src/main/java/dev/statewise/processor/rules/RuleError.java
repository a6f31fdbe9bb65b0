package dev.statewise.processor.rules;

import dev.statewise.processor.diagnostics.Message;

/**
 * Why a rule's text is refused, and where in it.
 *
 * @param message the rule it breaks, from the processor's catalogue of messages
 * @param column where in the rule's text, from 1
 * @param text the message as javac shows it: its code, the rule broken, the offender with its
 *     column, and the fix
 */
public record RuleError(Message message, int column, String text) {

    static RuleError of(Message message, int column, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = column;
        System.arraycopy(args, 0, all, 1, args.length);
        return new RuleError(message, column, message.format(all));
    }

    @Override
    public String toString() {
        return text;
    }
}
