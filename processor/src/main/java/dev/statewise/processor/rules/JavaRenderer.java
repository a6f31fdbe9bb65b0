package dev.statewise.processor.rules;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.statewise.processor.rules.Expression.Arithmetic;
import dev.statewise.processor.rules.Expression.BooleanLiteral;
import dev.statewise.processor.rules.Expression.Comparison;
import dev.statewise.processor.rules.Expression.EnumConstant;
import dev.statewise.processor.rules.Expression.Logical;
import dev.statewise.processor.rules.Expression.Negation;
import dev.statewise.processor.rules.Expression.Not;
import dev.statewise.processor.rules.Expression.NullTest;
import dev.statewise.processor.rules.Expression.NumberLiteral;
import dev.statewise.processor.rules.Expression.Read;
import dev.statewise.processor.rules.Expression.TextLiteral;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A rule as a Java expression of type {@code Boolean}, {@code null} for SQL's unknown, over a
 * value's accessors: every operation is a call to the runtime's {@code Rules}, which does what
 * PostgreSQL does, so the expression reads as the rule does, one call per operator.
 */
final class JavaRenderer {

    private static final ClassName RULES = ClassName.get("dev.statewise.runtime", "Rules");
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final CodeBlock value;

    private JavaRenderer(CodeBlock value) {
        this.value = value;
    }

    static CodeBlock render(Expression expression, CodeBlock value) {
        return new JavaRenderer(value).java(expression);
    }

    private CodeBlock java(Expression expression) {
        if (expression instanceof Read read) {
            return CodeBlock.of("$L.$N()", value, read.field().name());
        } else if (expression instanceof NumberLiteral number) {
            return number(number.value());
        } else if (expression instanceof TextLiteral text) {
            return CodeBlock.of("$S", text.value());
        } else if (expression instanceof BooleanLiteral bool) {
            return CodeBlock.of("$L", bool.value());
        } else if (expression instanceof EnumConstant constant) {
            return CodeBlock.of("$T.$N", ClassName.bestGuess(constant.enumType().javaName()), constant.name());
        } else if (expression instanceof Negation negation) {
            return call("negate", java(negation.operand()));
        } else if (expression instanceof Arithmetic arithmetic) {
            String method = switch (arithmetic.operator()) {
                case PLUS -> "add";
                case MINUS -> "subtract";
                case TIMES -> "multiply";
            };
            return call(method, java(arithmetic.left()), java(arithmetic.right()));
        } else if (expression instanceof Comparison comparison) {
            String method = comparison.comparator().name().toLowerCase(java.util.Locale.ROOT);
            return call(method, java(comparison.left()), java(comparison.right()));
        } else if (expression instanceof NullTest test) {
            return call(test.negated() ? "isNotNull" : "isNull", java(test.operand()));
        } else if (expression instanceof Not not) {
            return call("not", java(not.operand()));
        } else if (expression instanceof Logical logical) {
            return call(logical.connective().rule(), logical.operands().stream().map(this::java).toArray(CodeBlock[]::new));
        }
        throw new IllegalArgumentException("unknown expression " + expression);
    }

    /** An {@code int} or {@code long} literal when the number is one, else an exact {@code BigDecimal}. */
    private static CodeBlock number(BigDecimal number) {
        if (number.scale() <= 0) {
            BigInteger integer = number.toBigIntegerExact();
            if (integer.compareTo(INT_MIN) >= 0 && integer.compareTo(INT_MAX) <= 0) {
                return CodeBlock.of("$L", integer);
            }
            if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
                return CodeBlock.of("$LL", integer);
            }
        }
        return CodeBlock.of("new $T($S)", BigDecimal.class, number.toPlainString());
    }

    private static CodeBlock call(String method, CodeBlock... arguments) {
        return CodeBlock.of("$T.$N($L)", RULES, method, CodeBlock.join(java.util.List.of(arguments), ", "));
    }
}
