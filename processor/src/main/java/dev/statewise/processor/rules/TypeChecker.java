package dev.statewise.processor.rules;

import dev.statewise.processor.checks.Suggestions;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.rules.Expression.Comparator;
import dev.statewise.processor.rules.Expression.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a rule's names against the workflow's fields and checks its types, reporting every
 * error it finds with its column. A node whose operands failed is not checked itself, so one
 * misspelt field gives one message, not one per operator above it.
 */
final class TypeChecker {

    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final String text;
    private final String workflow;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Set<Field> reads = new LinkedHashSet<>();
    private final List<RuleError> errors = new ArrayList<>();

    private TypeChecker(String text, String workflow, List<Field> fields) {
        this.text = text;
        this.workflow = workflow;
        fields.forEach(f -> this.fields.put(f.name(), f));
    }

    /** The checked rule, or the errors that keep it from being one. */
    static RuleCheck check(String text, String workflow, List<Field> fields, Syntax rule) {
        TypeChecker checker = new TypeChecker(text, workflow, fields);
        Expression expression = checker.condition(rule, "the rule", rule.span().column());
        if (checker.errors.isEmpty() && checker.reads.isEmpty()) {
            checker.errors.add(RuleError.of(Message.RULE_READS_NO_FIELD, 1));
        }
        if (!checker.errors.isEmpty()) {
            checker.errors.sort(java.util.Comparator.comparingInt(RuleError::column));
            return new RuleCheck(Optional.empty(), checker.errors);
        }
        return new RuleCheck(Optional.of(new RuleExpression(text, expression, List.copyOf(checker.reads))), List.of());
    }

    /** A node that must be a condition: the rule itself, or an operand of and, or, not. */
    private Expression condition(Syntax node, String consumer, int column) {
        Expression expression = expression(node);
        if (expression != null && expression.type() != Type.BOOLEAN) {
            errors.add(RuleError.of(Message.RULE_NOT_A_CONDITION, column, consumer, source(node),
                    describe(expression), example(node, expression)));
            return null;
        }
        return expression;
    }

    /** The checked node, or {@code null} when it or an operand has an error, already reported. */
    private Expression expression(Syntax node) {
        if (node instanceof Syntax.Name name) {
            return field(name);
        } else if (node instanceof Syntax.Number number) {
            return new Expression.NumberLiteral(number.value());
        } else if (node instanceof Syntax.Text string) {
            return new Expression.TextLiteral(string.value());
        } else if (node instanceof Syntax.Bool bool) {
            return new Expression.BooleanLiteral(bool.value());
        } else if (node instanceof Syntax.Negation negation) {
            Expression operand = number(negation.operand(), "-", negation.span().column());
            if (operand instanceof Expression.NumberLiteral literal) {
                return new Expression.NumberLiteral(literal.value().negate());
            }
            return operand == null ? null : new Expression.Negation(operand);
        } else if (node instanceof Syntax.Arithmetic arithmetic) {
            String symbol = arithmetic.operator().symbol();
            Expression left = number(arithmetic.left(), symbol, arithmetic.column());
            Expression right = number(arithmetic.right(), symbol, arithmetic.column());
            return left == null || right == null ? null : new Expression.Arithmetic(arithmetic.operator(), left, right);
        } else if (node instanceof Syntax.Comparison comparison) {
            return comparison(comparison);
        } else if (node instanceof Syntax.NullTest test) {
            Expression operand = expression(test.operand());
            return operand == null ? null : new Expression.NullTest(operand, test.negated());
        } else if (node instanceof Syntax.Not not) {
            Expression operand = condition(not.operand(), "not", not.span().column());
            return operand == null ? null : new Expression.Not(operand);
        } else if (node instanceof Syntax.Logical logical) {
            String word = logical.connective().rule();
            Expression left = condition(logical.left(), word, logical.column());
            Expression right = condition(logical.right(), word, logical.column());
            if (left == null || right == null) {
                return null;
            }
            List<Expression> operands = new ArrayList<>();
            for (Expression operand : List.of(left, right)) {
                if (operand instanceof Expression.Logical chain && chain.connective() == logical.connective()) {
                    operands.addAll(chain.operands());
                } else {
                    operands.add(operand);
                }
            }
            return new Expression.Logical(logical.connective(), operands);
        }
        throw new IllegalArgumentException("unknown syntax " + node);
    }

    /** An operand of arithmetic, which must be a number. */
    private Expression number(Syntax node, String operator, int column) {
        Expression expression = expression(node);
        if (expression != null && expression.type() != Type.NUMBER) {
            errors.add(RuleError.of(Message.RULE_NOT_A_NUMBER, column, operator, source(node), describe(expression)));
            return null;
        }
        return expression;
    }

    private Expression field(Syntax.Name name) {
        Field field = fields.get(name.name());
        if (field == null) {
            errors.add(RuleError.of(Message.RULE_UNKNOWN_FIELD, name.span().column(), name.name(),
                    Suggestions.hint(name.name(), fields.keySet(), "fields", workflow)));
            return null;
        }
        Optional<Type> type = Type.of(field.type().kind());
        if (type.isEmpty()) {
            errors.add(RuleError.of(Message.RULE_UNREADABLE_TYPE, name.span().column(), field.name(),
                    field.type().simpleName(), whyUnreadable(field.type().kind())));
            return null;
        }
        reads.add(field);
        return new Expression.Read(field);
    }

    private static String whyUnreadable(FieldType.Kind kind) {
        return switch (kind) {
            case LOCAL_DATE_TIME, OFFSET_DATE_TIME, INSTANT -> "PostgreSQL keeps a timestamp to the microsecond and "
                    + "Java to the nanosecond, so Java's check before a write and the database's could disagree; "
                    + "compare timestamps in a @Guard";
            default -> "rules compare numbers, strings, booleans, enums, UUIDs and dates";
        };
    }

    private Expression comparison(Syntax.Comparison comparison) {
        // A name that is no field may be a constant of the enum on the other side.
        boolean leftName = isUnknownName(comparison.left());
        boolean rightName = isUnknownName(comparison.right());
        Expression left;
        Expression right;
        if (leftName && rightName) {
            // Neither side says which enum: each is an unknown field, but a constant of one of the
            // workflow's enums is left unreported beside a misspelt field.
            boolean leftIsConstant = isSomeConstant(comparison.left());
            boolean rightIsConstant = isSomeConstant(comparison.right());
            if (!leftIsConstant || rightIsConstant) {
                field((Syntax.Name) comparison.left());
            }
            if (!rightIsConstant) {
                field((Syntax.Name) comparison.right());
            }
            return null;
        }
        left = leftName ? null : expression(comparison.left());
        right = rightName ? null : expression(comparison.right());
        if (leftName) {
            left = constant((Syntax.Name) comparison.left(), right);
        }
        if (rightName) {
            right = constant((Syntax.Name) comparison.right(), left);
        }
        if (left == null || right == null) {
            return null;
        }
        String operator = comparison.comparator().rule();
        if (left.type() != right.type() || left.type() == Type.ENUM && !enumType(left).equals(enumType(right))) {
            errors.add(RuleError.of(Message.RULE_TYPE_MISMATCH, comparison.column(), operator,
                    quoted(comparison.left(), left), quoted(comparison.right(), right), mismatchHint(left, right)));
            return null;
        }
        ambiguous(comparison.left(), right);
        ambiguous(comparison.right(), left);
        if (comparison.comparator().orders() && left.type() != Type.NUMBER && left.type() != Type.DATE) {
            errors.add(RuleError.of(Message.RULE_NOT_ORDERED, comparison.column(), operator,
                    orderedWhat(left), whyNotOrdered(left.type())));
            return null;
        }
        fits(left, comparison.right(), right);
        fits(right, comparison.left(), left);
        return new Expression.Comparison(comparison.comparator(), left, right);
    }

    private boolean isUnknownName(Syntax node) {
        return node instanceof Syntax.Name name && !fields.containsKey(name.name());
    }

    /** Whether a name is a constant of the enum of one of the workflow's fields. */
    private boolean isSomeConstant(Syntax node) {
        return enumOf((Syntax.Name) node).isPresent();
    }

    /** The enum of one of the workflow's fields that has a constant of this name, the first declared. */
    private Optional<FieldType> enumOf(Syntax.Name name) {
        return fields.values().stream()
                .map(Field::type)
                .filter(t -> t.kind() == FieldType.Kind.ENUM && t.enumConstants().contains(name.name()))
                .findFirst();
    }

    /**
     * A constant of the other side's enum. Beside anything else the name is an unknown field; beside
     * an operand that failed, a constant of one of the workflow's enums goes unreported, since the
     * operand's own error explains it.
     */
    private Expression constant(Syntax.Name name, Expression other) {
        if (other == null || other.type() != Type.ENUM) {
            Optional<FieldType> owner = enumOf(name);
            if (owner.isPresent() && other != null) {
                errors.add(RuleError.of(Message.RULE_CONSTANT_BESIDE_OTHER_TYPE, name.span().column(), name.name(),
                        owner.get().simpleName(), describe(other)));
                return null;
            }
            return owner.isPresent() ? null : field(name);
        }
        FieldType type = enumType(other);
        if (!type.enumConstants().contains(name.name())) {
            errors.add(RuleError.of(Message.RULE_UNKNOWN_CONSTANT, name.span().column(), name.name(), type.simpleName(),
                    Suggestions.hint(name.name(), type.enumConstants(), "constants", type.simpleName())));
            return null;
        }
        return new Expression.EnumConstant(type, name.name());
    }

    /** A field beside an enum that has a constant of the same name: which one is meant is unclear. */
    private void ambiguous(Syntax node, Expression other) {
        if (node instanceof Syntax.Name name && fields.containsKey(name.name()) && other.type() == Type.ENUM
                && enumType(other).enumConstants().contains(name.name())) {
            errors.add(RuleError.of(Message.RULE_AMBIGUOUS_NAME, name.span().column(), name.name(),
                    enumType(other).simpleName()));
        }
    }

    /** A literal compared with a field must be a value that field can hold. */
    private void fits(Expression field, Syntax literalNode, Expression literal) {
        if (!(field instanceof Expression.Read read)) {
            return;
        }
        Field f = read.field();
        String range = null;
        if (literal instanceof Expression.NumberLiteral number) {
            BigDecimal value = number.value();
            switch (f.type().kind()) {
                case INTEGER -> range = integral(value, INT_MIN, INT_MAX) ? null
                        : "int: whole numbers from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
                case LONG -> range = integral(value, LONG_MIN, LONG_MAX) ? null
                        : "long: whole numbers from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
                case DECIMAL -> {
                    int precision = f.size().precision();
                    int scale = f.size().scale();
                    if (precision > 0 && !fitsNumeric(value, precision, scale)) {
                        range = "numeric(" + precision + ", " + scale + "): up to " + (precision - scale)
                                + " digits before the point and " + scale + " after";
                    }
                }
                default -> { }
            }
        } else if (literal instanceof Expression.TextLiteral string && f.type().kind() == FieldType.Kind.STRING) {
            int length = f.size().length();
            if (length > 0 && string.value().codePointCount(0, string.value().length()) > length) {
                range = "varchar(" + length + "): up to " + length + " characters";
            }
        }
        if (range != null) {
            errors.add(RuleError.of(Message.RULE_LITERAL_DOES_NOT_FIT, literalNode.span().column(), source(literalNode),
                    f.name(), range));
        }
    }

    private static boolean integral(BigDecimal value, BigDecimal min, BigDecimal max) {
        return value.stripTrailingZeros().scale() <= 0 && value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    private static boolean fitsNumeric(BigDecimal value, int precision, int scale) {
        BigDecimal stripped = value.stripTrailingZeros();
        BigDecimal whole = stripped.abs().setScale(0, RoundingMode.DOWN);
        int wholeDigits = whole.signum() == 0 ? 0 : whole.precision();
        return Math.max(0, stripped.scale()) <= scale && wholeDigits <= precision - scale;
    }

    private static FieldType enumType(Expression expression) {
        if (expression instanceof Expression.Read read) {
            return read.field().type();
        }
        if (expression instanceof Expression.EnumConstant constant) {
            return constant.enumType();
        }
        throw new IllegalArgumentException("not an enum: " + expression);
    }

    private static String mismatchHint(Expression left, Expression right) {
        for (List<Expression> pair : List.of(List.of(left, right), List.of(right, left))) {
            if (pair.get(0).type() == Type.ENUM && pair.get(1) instanceof Expression.TextLiteral string
                    && enumType(pair.get(0)).enumConstants().contains(string.value())) {
                return "; write the constant by name, without quotes: " + string.value();
            }
        }
        return "";
    }

    private String orderedWhat(Expression expression) {
        return switch (expression.type()) {
            case STRING -> "strings";
            case BOOLEAN -> "booleans";
            case ENUM -> "constants of " + enumType(expression).simpleName();
            case UUID -> "UUIDs";
            default -> throw new IllegalArgumentException(expression.toString());
        };
    }

    private static String whyNotOrdered(Type type) {
        return switch (type) {
            case STRING -> "PostgreSQL orders text by the database's collation and Java by UTF-16 code units, "
                    + "so rules compare strings only with == and !=";
            case BOOLEAN -> "rules compare booleans only with == and !=";
            case ENUM -> "PostgreSQL stores a constant as its name and would order the names, where Java orders "
                    + "constants as declared; compare with == and !=, joined with or for several";
            case UUID -> "PostgreSQL and Java order UUIDs differently, so rules compare them only with == and !=";
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    /** How a message names an operand's type: {@code a number}, {@code a Priority}. */
    private static String describe(Expression expression) {
        if (expression.type() != Type.ENUM) {
            return expression.type().description();
        }
        String name = enumType(expression).simpleName();
        return ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    /** An operand as written, with its type: {@code amount (a number)}. */
    private String quoted(Syntax node, Expression expression) {
        return source(node) + " (" + describe(expression) + ")";
    }

    /** A condition that uses an operand that is not one, for the message that asks for one. */
    private String example(Syntax node, Expression expression) {
        String operand = source(node);
        return switch (expression.type()) {
            case NUMBER -> operand + " > 0";
            case STRING -> operand + " != ''";
            case ENUM -> operand + " == " + enumType(expression).enumConstants().get(0);
            default -> operand + " is not null";
        };
    }

    private String source(Syntax node) {
        return text.substring(node.span().from(), node.span().to());
    }
}
