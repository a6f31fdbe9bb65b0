package dev.statewise.processor.rules;

import dev.statewise.processor.rules.Expression.Comparator;
import dev.statewise.processor.rules.Expression.Connective;
import dev.statewise.processor.rules.Expression.Operator;
import java.math.BigDecimal;

/**
 * A rule as written, before its names are resolved and its types checked. Every node knows the
 * span of text it came from, so that a message can quote it and give its column; an operator also
 * knows its own column, where a message about the operation points.
 */
sealed interface Syntax {

    Span span();

    /**
     * Where a node stands in the rule's text.
     *
     * @param from the index of its first character
     * @param to the index after its last character
     */
    record Span(int from, int to) {

        /** The 1-based column of its first character. */
        int column() {
            return from + 1;
        }

        Span to(Span end) {
            return new Span(from, end.to);
        }
    }

    /** A field's name, or an enum constant's where the other side of a comparison is an enum. */
    record Name(String name, Span span) implements Syntax {}

    record Number(BigDecimal value, Span span) implements Syntax {}

    record Text(String value, Span span) implements Syntax {}

    record Bool(boolean value, Span span) implements Syntax {}

    /** A unary minus; {@code column} is the minus sign's. */
    record Negation(Syntax operand, Span span) implements Syntax {}

    record Arithmetic(Operator operator, int column, Syntax left, Syntax right, Span span) implements Syntax {}

    record Comparison(Comparator comparator, int column, Syntax left, Syntax right, Span span) implements Syntax {}

    /** {@code operand is null}, or with {@code negated}, {@code operand is not null}; {@code column} is the is's. */
    record NullTest(Syntax operand, boolean negated, int column, Span span) implements Syntax {}

    record Not(Syntax operand, Span span) implements Syntax {}

    record Logical(Connective connective, int column, Syntax left, Syntax right, Span span) implements Syntax {}
}
