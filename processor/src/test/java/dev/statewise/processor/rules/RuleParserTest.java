package dev.statewise.processor.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The grammar: precedence, literals, and every syntax error with its message and column. */
class RuleParserTest {

    @Test
    void andBindsTighterThanOr() {
        assertThat(tree("a or b and c")).isEqualTo("(a or (b and c))");
        assertThat(tree("(a or b) and c")).isEqualTo("((a or b) and c)");
        assertThat(tree("a and b and c")).isEqualTo("((a and b) and c)");
    }

    @Test
    void notBindsLooserThanAComparison() {
        assertThat(tree("not a == b")).isEqualTo("(not (a == b))");
        assertThat(tree("not not a and b")).isEqualTo("((not (not a)) and b)");
        assertThat(tree("not a is null")).isEqualTo("(not (a is null))");
    }

    @Test
    void arithmeticBindsTighterThanComparisonsAndMinusTightest() {
        assertThat(tree("a + b * c <= d - e - f")).isEqualTo("((a + (b * c)) <= ((d - e) - f))");
        assertThat(tree("-a * b > - -c")).isEqualTo("(((-a) * b) > (-(-c)))");
        assertThat(tree("a + b is not null")).isEqualTo("((a + b) is not null)");
        assertThat(tree("(a < b) == c")).isEqualTo("((a < b) == c)");
    }

    @Test
    void everyComparison() {
        for (String op : new String[] {"==", "!=", "<", "<=", ">", ">="}) {
            assertThat(tree("a " + op + " b")).isEqualTo("(a " + op + " b)");
        }
        assertThat(tree("a>=b")).isEqualTo("(a >= b)");
    }

    @Test
    void literals() {
        assertThat(tree("s == 'O''Brien' or s == '' or s == 'a \"b\" $c'"))
                .isEqualTo("(((s == 'O''Brien') or (s == '')) or (s == 'a \"b\" $c'))");
        assertThat(tree("b == true or b != false")).isEqualTo("((b == true) or (b != false))");
        Syntax.Comparison comparison = (Syntax.Comparison) Parser.parse("a == 007.50");
        assertThat(((Syntax.Number) comparison.right()).value()).isEqualTo(new BigDecimal("7.50"));
    }

    @Test
    void spansAndColumnsPointIntoTheText() {
        Syntax.Comparison comparison = (Syntax.Comparison) Parser.parse("  amount <=  'it''s'");
        assertThat(comparison.column()).isEqualTo(10);
        assertThat(comparison.left().span()).isEqualTo(new Syntax.Span(2, 8));
        assertThat(comparison.right().span()).isEqualTo(new Syntax.Span(13, 20));
    }

    @Test
    void otherLanguagesSpellings() {
        assertThat(error("a && b")).isEqualTo("&& at column 3 is not how rules say it; write and");
        assertThat(error("a || b")).isEqualTo("|| at column 3 is not how rules say it; write or");
        assertThat(error("!a")).isEqualTo("! at column 1 is not how rules say it; write not");
        assertThat(error("a = b")).isEqualTo("= at column 3 is not how rules say it; write ==");
        assertThat(error("a <> b")).isEqualTo("<> at column 3 is not how rules say it; write !=");
        assertThat(error("a AND b")).isEqualTo("AND at column 3 is not how rules say it; write and");
        assertThat(error("a IS NULL")).isEqualTo("IS at column 3 is not how rules say it; write is");
    }

    @Test
    void stringsAreInSingleQuotes() {
        assertThat(error("name == \"Bob's\"")).isEqualTo("the string at column 9 is in double quotes; rules quote "
                + "strings as SQL does, in single quotes: 'Bob''s'");
        assertThat(error("name == 'Bob''s")).isEqualTo("the string at column 9 has no closing quote; end it "
                + "with ', and write a quote inside it as ''");
        assertThat(error("name == 'a\0b'")).isEqualTo("the string holds a NUL character at column 11, which "
                + "PostgreSQL's text cannot hold; remove it");
    }

    @Test
    void numbersAreDigitsWithOnePoint() {
        assertThat(error("a > .5")).isEqualTo("malformed number .5 at column 5; write 0.5");
        assertThat(error("a > 1. and b")).isEqualTo("malformed number 1. at column 5; write 1.0");
        assertThat(error("a > 1e5")).isEqualTo("malformed number 1e5 at column 5; write digits with at most one "
                + "decimal point, such as 1500.25");
        assertThat(error("a > 1.2.3")).isEqualTo("malformed number 1.2.3 at column 5; write digits with at most "
                + "one decimal point, such as 1500.25");
    }

    @Test
    void noDivision() {
        assertThat(error("a / 2 > b")).isEqualTo("/ at column 3 divides; rules do not divide, so no rule fails on "
                + "a zero divisor or rounds one way in Java and another in PostgreSQL; multiply the other side "
                + "instead (a > 2 * b rather than a / 2 > b)");
        assertThat(error("a % 2 == 0")).startsWith("% at column 3 divides;");
    }

    @Test
    void nullOnlyInNullTests() {
        assertThat(error("a == null")).isEqualTo("null at column 6 stands alone; NULL equals nothing in SQL, not "
                + "even NULL, so rules test for it with is null");
        assertThat(error("a != null")).endsWith("with is not null");
        assertThat(error("null")).endsWith("with is null or is not null");
        assertThat(error("a is 5")).isEqualTo("expected null or not null at column 6, found 5; is tests for "
                + "NULL only, compare values with ==");
        assertThat(error("a is not b")).isEqualTo("expected null at column 10, found b; is tests for NULL only, "
                + "compare values with ==");
    }

    @Test
    void incompleteAndExtraText() {
        assertThat(error("")).isEqualTo("expected a field, a literal or ( at column 1, found the end of the rule");
        assertThat(error("a <")).isEqualTo("expected a field, a literal or ( at column 4, found the end of the rule");
        assertThat(error("a and or b")).isEqualTo("expected a field, a literal or ( at column 7, found or");
        assertThat(error("(a < b")).isEqualTo("expected ) at column 7, found the end of the rule to close the ( at column 1");
        assertThat(error("a < b)")).isEqualTo("expected and, or, an operator or the end of the rule at column 6, "
                + "found ); this ) closes no (");
        assertThat(error("a < b < c")).isEqualTo("expected and, or, an operator or the end of the rule at column 7, "
                + "found <; comparisons do not chain, join two of them with and");
        assertThat(error("a b")).isEqualTo("expected and, or, an operator or the end of the rule at column 3, found b");
        assertThat(error("abs(a) > 0")).isEqualTo("expected and, or, an operator or the end of the rule at column 4, "
                + "found (; rules call no functions");
        assertThat(error("a # b")).startsWith("unexpected character # at column 3; a rule is made of");
    }

    private static String error(String text) {
        RuleException e = assertThrows(RuleException.class, () -> Parser.parse(text));
        // Through the public entry point too, with the same message and column.
        RuleCheck check = TestFields.check(text);
        assertThat(check.errors()).containsExactly(e.error());
        return TestFields.withoutCode(e.error());
    }

    /** The tree, every operation in parentheses. */
    private static String tree(String text) {
        return print(Parser.parse(text));
    }

    private static String print(Syntax node) {
        if (node instanceof Syntax.Name name) {
            return name.name();
        } else if (node instanceof Syntax.Number number) {
            return number.value().toPlainString();
        } else if (node instanceof Syntax.Text string) {
            return "'" + string.value().replace("'", "''") + "'";
        } else if (node instanceof Syntax.Bool bool) {
            return String.valueOf(bool.value());
        } else if (node instanceof Syntax.Negation negation) {
            return "(-" + print(negation.operand()) + ")";
        } else if (node instanceof Syntax.Arithmetic a) {
            return "(" + print(a.left()) + " " + a.operator().symbol() + " " + print(a.right()) + ")";
        } else if (node instanceof Syntax.Comparison c) {
            return "(" + print(c.left()) + " " + c.comparator().rule() + " " + print(c.right()) + ")";
        } else if (node instanceof Syntax.NullTest test) {
            return "(" + print(test.operand()) + (test.negated() ? " is not null)" : " is null)");
        } else if (node instanceof Syntax.Not not) {
            return "(not " + print(not.operand()) + ")";
        } else if (node instanceof Syntax.Logical l) {
            return "(" + print(l.left()) + " " + l.connective().rule() + " " + print(l.right()) + ")";
        }
        throw new AssertionError(node);
    }
}
