package dev.statewise.processor.rules;

import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.rules.Expression.Arithmetic;
import dev.statewise.processor.rules.Expression.BooleanLiteral;
import dev.statewise.processor.rules.Expression.Comparison;
import dev.statewise.processor.rules.Expression.Connective;
import dev.statewise.processor.rules.Expression.EnumConstant;
import dev.statewise.processor.rules.Expression.Logical;
import dev.statewise.processor.rules.Expression.Negation;
import dev.statewise.processor.rules.Expression.Not;
import dev.statewise.processor.rules.Expression.NullTest;
import dev.statewise.processor.rules.Expression.NumberLiteral;
import dev.statewise.processor.rules.Expression.Operator;
import dev.statewise.processor.rules.Expression.Read;
import dev.statewise.processor.rules.Expression.TextLiteral;
import dev.statewise.processor.schema.Sql;

/**
 * A rule as the condition of a CHECK. Columns go in as {@code $C} and strings and enum constants
 * as {@code $L}, so the escaping is the builder's; a number is written as its digits, which the
 * lexer allowed nothing else into. Parentheses go where PostgreSQL's precedence needs them, and
 * around an {@code AND} inside an {@code OR} for the reader.
 *
 * <p>Arithmetic is done in {@code numeric}: an {@code integer} or {@code bigint} operand is cast,
 * so {@code a + b} cannot overflow in PostgreSQL where Java's {@code BigDecimal} would not.
 */
final class SqlRenderer {

    // PostgreSQL's precedence, loosest first; IS binds looser than a comparison there.
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int IS = 4;
    private static final int COMPARISON = 5;
    private static final int SUM = 6;
    private static final int PRODUCT = 7;
    private static final int MINUS = 8;
    private static final int ATOM = 9;

    private SqlRenderer() {}

    static Sql render(Expression expression) {
        if (expression instanceof Read read) {
            return Sql.of("$C", read.field().column());
        } else if (expression instanceof NumberLiteral number) {
            return Sql.of("$S", number.value().toPlainString());
        } else if (expression instanceof TextLiteral text) {
            return Sql.of("$L", text.value());
        } else if (expression instanceof BooleanLiteral bool) {
            return Sql.of(bool.value() ? "TRUE" : "FALSE");
        } else if (expression instanceof EnumConstant constant) {
            return Sql.of("$L", constant.name());
        } else if (expression instanceof Negation negation) {
            return Sql.of("-$S", operand(numeric(negation.operand(), false), negation.operand(), ATOM));
        } else if (expression instanceof Arithmetic arithmetic) {
            int level = level(arithmetic);
            // Two integer literals would be added as integers: the left one is cast.
            boolean literals = arithmetic.left() instanceof NumberLiteral && arithmetic.right() instanceof NumberLiteral;
            return Sql.of("$S $S $S",
                    operand(numeric(arithmetic.left(), literals), arithmetic.left(), level),
                    arithmetic.operator().symbol(),
                    operand(numeric(arithmetic.right(), false), arithmetic.right(), level + 1));
        } else if (expression instanceof Comparison comparison) {
            return Sql.of("$S $S $S", operand(render(comparison.left()), comparison.left(), SUM),
                    comparison.comparator().sql(), operand(render(comparison.right()), comparison.right(), SUM));
        } else if (expression instanceof NullTest test) {
            return Sql.of(test.negated() ? "$S IS NOT NULL" : "$S IS NULL", operand(render(test.operand()), test.operand(), SUM));
        } else if (expression instanceof Not not) {
            return Sql.of("NOT $S", operand(render(not.operand()), not.operand(), ATOM));
        } else if (expression instanceof Logical logical) {
            // A chain's operands are never chains of the same connective, so the other one is in
            // parentheses, where PostgreSQL would not need them around an AND.
            return Sql.join(" " + logical.connective().sql() + " ", logical.operands().stream()
                    .map(o -> operand(render(o), o, NOT))
                    .toList());
        }
        throw new IllegalArgumentException("unknown expression " + expression);
    }

    /** An operand of arithmetic, in {@code numeric}: a cast for an integer column, or a literal when asked. */
    private static Sql numeric(Expression operand, boolean castLiteral) {
        boolean integerColumn = operand instanceof Read read && read.field().type().kind() != FieldType.Kind.DECIMAL;
        boolean integerLiteral = castLiteral && operand instanceof NumberLiteral number && number.integral();
        return integerColumn || integerLiteral ? Sql.of("CAST($S AS numeric)", render(operand)) : render(operand);
    }

    /** The operand's SQL, in parentheses unless it binds at least as tightly as {@code needed}. */
    private static Sql operand(Sql sql, Expression operand, int needed) {
        return level(operand) >= needed ? sql : Sql.of("($S)", sql);
    }

    private static int level(Expression expression) {
        if (expression instanceof Logical logical) {
            return logical.connective() == Connective.OR ? OR : AND;
        } else if (expression instanceof Not) {
            return NOT;
        } else if (expression instanceof NullTest) {
            return IS;
        } else if (expression instanceof Comparison) {
            return COMPARISON;
        } else if (expression instanceof Arithmetic arithmetic) {
            return arithmetic.operator() == Operator.TIMES ? PRODUCT : SUM;
        } else if (expression instanceof Negation
                || expression instanceof NumberLiteral number && number.value().signum() < 0) {
            return MINUS;
        }
        return ATOM;
    }
}
