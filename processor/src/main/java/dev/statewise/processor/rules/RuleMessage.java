package dev.statewise.processor.rules;

import java.util.Locale;

/**
 * Every way a rule's text can be refused. Each message states the rule, names the offender with
 * its column in the text ({@code %1$d}, counted from 1), and suggests the fix.
 */
public enum RuleMessage {

    // Words and characters
    UNEXPECTED_CHARACTER("unexpected character %2$s at column %1$d; a rule is made of field names, literals, "
            + "== != < <= > >=, and, or, not, is null, is not null, + - * and parentheses"),
    DOUBLE_QUOTES("the string at column %1$d is in double quotes; rules quote strings as SQL does, "
            + "in single quotes: %2$s"),
    UNTERMINATED_STRING("the string at column %1$d has no closing quote; end it with ', and write a quote "
            + "inside it as ''"),
    NUL_IN_STRING("the string holds a NUL character at column %1$d, which PostgreSQL's text cannot hold; "
            + "remove it"),
    MALFORMED_NUMBER("malformed number %2$s at column %1$d; write %3$s"),
    OTHER_SPELLING("%2$s at column %1$d is not how rules say it; write %3$s"),
    NO_DIVISION("%2$s at column %1$d divides; rules do not divide, so no rule fails on a zero divisor or "
            + "rounds one way in Java and another in PostgreSQL; multiply the other side instead "
            + "(a > 2 * b rather than a / 2 > b)"),

    // Grammar
    EXPECTED("expected %2$s at column %1$d, found %3$s%4$s"),
    NULL_OUTSIDE_TEST("null at column %1$d stands alone; NULL equals nothing in SQL, not even NULL, so rules "
            + "test for it with %2$s"),

    // Names and types
    UNKNOWN_FIELD("unknown field %2$s at column %1$d; %3$s"),
    UNKNOWN_CONSTANT("unknown constant %2$s of %3$s at column %1$d; %4$s"),
    CONSTANT_BESIDE_OTHER_TYPE("%2$s at column %1$d is a constant of %3$s, compared with %4$s; a constant is "
            + "compared with a field of its enum"),
    AMBIGUOUS_NAME("%2$s at column %1$d names both a field and a constant of %3$s; rename the field"),
    UNREADABLE_TYPE("field %2$s at column %1$d has type %3$s, which rules do not read: %4$s"),
    TYPE_MISMATCH("%2$s at column %1$d compares %3$s with %4$s; compare values of one type%5$s"),
    NOT_ORDERED("%2$s at column %1$d orders %3$s; %4$s"),
    NOT_A_NUMBER("%2$s at column %1$d needs numbers, and %3$s is %4$s; arithmetic applies to int, long and "
            + "BigDecimal fields and to numbers"),
    NOT_A_CONDITION("%2$s at column %1$d needs a condition, and %3$s is %4$s; compare it, e.g. %5$s"),
    LITERAL_DOES_NOT_FIT("%2$s at column %1$d is not a value %3$s can hold (%4$s), so the comparison "
            + "always or never holds; compare with a value it can hold"),
    READS_NO_FIELD("the rule at column %1$d reads no field, so it holds always or never; write a condition "
            + "on the workflow's fields");

    private final String format;

    RuleMessage(String format) {
        this.format = format;
    }

    /** The message for an offender at {@code column}, with the format's other arguments. */
    public String format(int column, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = column;
        System.arraycopy(args, 0, all, 1, args.length);
        return String.format(Locale.ROOT, format, all);
    }
}
