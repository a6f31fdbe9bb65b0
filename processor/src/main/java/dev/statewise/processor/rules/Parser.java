package dev.statewise.processor.rules;

import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.rules.Expression.Comparator;
import dev.statewise.processor.rules.Expression.Connective;
import dev.statewise.processor.rules.Expression.Operator;
import dev.statewise.processor.rules.Lexer.Kind;
import dev.statewise.processor.rules.Lexer.Token;
import dev.statewise.processor.rules.Syntax.Span;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Reads a rule by recursive descent, one method per level of this grammar, loosest first:
 *
 * <pre>
 * rule       = or END
 * or         = and { "or" and }
 * and        = not { "and" not }
 * not        = "not" not | test
 * test       = sum [ ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") sum | "is" ["not"] "null" ]
 * sum        = product { ("+" | "-") product }
 * product    = unary { "*" unary }
 * unary      = "-" unary | atom
 * atom       = NAME | NUMBER | STRING | "true" | "false" | "(" or ")"
 * </pre>
 *
 * As in SQL, {@code not} binds looser than a comparison ({@code not a == b} is
 * {@code not (a == b)}) and {@code and} tighter than {@code or}. A comparison has one operator:
 * {@code a < b < c} is refused rather than read one way or the other.
 */
final class Parser {

    private static final Map<Kind, Comparator> COMPARATORS = Map.of(
            Kind.EQ, Comparator.EQ, Kind.NE, Comparator.NE, Kind.LT, Comparator.LT,
            Kind.LE, Comparator.LE, Kind.GT, Comparator.GT, Kind.GE, Comparator.GE);

    private final List<Token> tokens;
    private int next;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The rule's syntax tree; a {@link RuleException} at the first error. */
    static Syntax parse(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        Syntax rule = parser.or();
        Token end = parser.peek();
        if (end.kind() != Kind.END) {
            throw parser.expected("and, or, an operator or the end of the rule", end, trailingHint(end));
        }
        return rule;
    }

    private Syntax or() {
        Syntax left = and();
        while (peek().kind() == Kind.OR) {
            Token or = take();
            Syntax right = and();
            left = new Syntax.Logical(Connective.OR, or.column(), left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Syntax and() {
        Syntax left = not();
        while (peek().kind() == Kind.AND) {
            Token and = take();
            Syntax right = not();
            left = new Syntax.Logical(Connective.AND, and.column(), left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Syntax not() {
        if (peek().kind() == Kind.NOT) {
            Token not = take();
            Syntax operand = not();
            return new Syntax.Not(operand, span(not).to(operand.span()));
        }
        return test();
    }

    private Syntax test() {
        Syntax left = sum();
        Comparator comparator = COMPARATORS.get(peek().kind());
        if (comparator != null) {
            Token operator = take();
            Syntax right = sum();
            return new Syntax.Comparison(comparator, operator.column(), left, right, left.span().to(right.span()));
        }
        if (peek().kind() == Kind.IS) {
            Token is = take();
            boolean negated = peek().kind() == Kind.NOT;
            if (negated) {
                take();
            }
            Token nul = take();
            if (nul.kind() != Kind.NULL) {
                throw expected(negated ? "null" : "null or not null", nul, "; is tests for NULL only, compare values with ==");
            }
            return new Syntax.NullTest(left, negated, is.column(), left.span().to(span(nul)));
        }
        return left;
    }

    private Syntax sum() {
        Syntax left = product();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            Token operator = take();
            Syntax right = product();
            left = new Syntax.Arithmetic(operator.kind() == Kind.PLUS ? Operator.PLUS : Operator.MINUS,
                    operator.column(), left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Syntax product() {
        Syntax left = unary();
        while (peek().kind() == Kind.TIMES) {
            Token operator = take();
            Syntax right = unary();
            left = new Syntax.Arithmetic(Operator.TIMES, operator.column(), left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Syntax unary() {
        if (peek().kind() == Kind.MINUS) {
            Token minus = take();
            Syntax operand = unary();
            return new Syntax.Negation(operand, span(minus).to(operand.span()));
        }
        return atom();
    }

    private Syntax atom() {
        Token token = take();
        return switch (token.kind()) {
            case NAME -> new Syntax.Name(token.text(), span(token));
            case NUMBER -> new Syntax.Number(new BigDecimal(token.text()), span(token));
            case STRING -> new Syntax.Text(token.text(), span(token));
            case TRUE, FALSE -> new Syntax.Bool(token.kind() == Kind.TRUE, span(token));
            case LEFT -> {
                Syntax inner = or();
                Token right = take();
                if (right.kind() != Kind.RIGHT) {
                    throw expected(")", right, " to close the ( at column " + token.column());
                }
                yield inner;
            }
            case NULL -> {
                Kind before = next >= 2 ? tokens.get(next - 2).kind() : Kind.END;
                throw new RuleException(RuleError.of(Message.RULE_NULL_OUTSIDE_TEST, token.column(),
                        before == Kind.EQ ? "is null" : before == Kind.NE ? "is not null" : "is null or is not null"));
            }
            default -> throw expected("a field, a literal or (", token, "");
        };
    }

    /** What to add when a rule goes on where it should have ended. */
    private static String trailingHint(Token extra) {
        if (COMPARATORS.containsKey(extra.kind())) {
            return "; comparisons do not chain, join two of them with and";
        }
        if (extra.kind() == Kind.LEFT) {
            return "; rules call no functions";
        }
        if (extra.kind() == Kind.RIGHT) {
            return "; this ) closes no (";
        }
        return "";
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    /** The span of a token as written: a string's quotes included. */
    private Span span(Token token) {
        int from = token.column() - 1;
        if (token.kind() == Kind.STRING) {
            return new Span(from, from + token.describe().length());
        }
        return new Span(from, from + token.text().length());
    }

    private RuleException expected(String what, Token found, String hint) {
        return new RuleException(RuleError.of(Message.RULE_EXPECTED, found.column(), what, found.describe(), hint));
    }
}
