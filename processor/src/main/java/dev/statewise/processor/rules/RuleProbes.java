package dev.statewise.processor.rules;

import dev.statewise.processor.model.Field;
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
import dev.statewise.processor.rules.Expression.Read;
import dev.statewise.processor.rules.Expression.TextLiteral;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Values that keep a workflow's rules, and for each rule values that break it, found at compile
 * time from the rules themselves: the conformance check writes them with plain SQL, the first into
 * the rows it makes, the second to see each rule's CHECK refuse. Candidates for each field come
 * from its type, its column's size and the literals the rules compare with (for {@code a <= b},
 * {@code a} one more than {@code b}), and are tried in a bounded search over the rules'
 * verdicts, evaluated here as both Java and PostgreSQL do. Every value is set: NULL keeps any rule.
 *
 * <pre>{@code
 * RuleProbes probes = RuleProbes.of(List.of(fundedAtMost, fourEyes));
 * probes.satisfying();          // {fundedAmount=1, amount=1, underwriter=a, applicant=b}
 * probes.breaking(fundedAtMost); // {fundedAmount=2, amount=1}, or empty when none was found
 * }</pre>
 */
public final class RuleProbes {

    /** How many verdicts one search may evaluate: rules are short, and a rule left untried is reported. */
    private static final int BUDGET = 200_000;

    private final List<RuleExpression> rules;
    private final Map<Field, List<Object>> candidates = new LinkedHashMap<>();
    private final Map<Field, Object> satisfying;
    private final Map<RuleExpression, Map<Field, Object>> breaking = new LinkedHashMap<>();
    private int spent;

    private RuleProbes(List<RuleExpression> rules) {
        this.rules = List.copyOf(rules);
        List<Object> literals = new ArrayList<>();
        rules.forEach(rule -> literals(rule.expression(), literals));
        for (RuleExpression rule : rules) {
            for (Field field : rule.reads()) {
                candidates.computeIfAbsent(field, f -> candidates(f, literals));
            }
        }
        spent = 0;
        this.satisfying = search(List.copyOf(candidates.keySet()), new LinkedHashMap<>(), rules, null)
                .orElse(Map.of());
        for (RuleExpression rule : rules) {
            spent = 0;
            Map<Field, Object> others = new LinkedHashMap<>(satisfying);
            rule.reads().forEach(others::remove);
            List<RuleExpression> kept = rules.stream().filter(r -> r != rule).toList();
            Optional<Map<Field, Object>> found = search(rule.reads(), others, kept, rule);
            if (found.isEmpty()) {
                // Breaking it alone still tells a missing CHECK, unless another rule's refuses first.
                spent = 0;
                found = search(rule.reads(), others, List.of(), rule);
            }
            found.ifPresent(values -> {
                Map<Field, Object> own = new LinkedHashMap<>();
                rule.reads().forEach(f -> own.put(f, values.get(f)));
                breaking.put(rule, own);
            });
        }
    }

    /** The probes of a workflow's rules. */
    public static RuleProbes of(List<RuleExpression> rules) {
        return new RuleProbes(rules);
    }

    /** A value for each field any rule reads that keeps every rule; empty when none was found. */
    public Map<Field, Object> satisfying() {
        return satisfying;
    }

    /**
     * Values of the rule's fields that break it while the other fields keep their
     * {@link #satisfying()} values (and the other rules hold, where that could be found); empty when
     * none was found.
     */
    public Map<Field, Object> breaking(RuleExpression rule) {
        return breaking.getOrDefault(rule, Map.of());
    }

    /** A value as SQL would read it from text: {@code 12.50}, {@code 2026-01-01}, {@code HIGH}, {@code true}. */
    public static String text(Object value) {
        return value instanceof BigDecimal number ? number.toPlainString() : String.valueOf(value);
    }

    /**
     * Assigns the fields in turn from their candidates, until each rule of {@code keep} whose fields
     * are all assigned holds and {@code broken}, if any, is false once its are.
     */
    private Optional<Map<Field, Object>> search(List<Field> fields, Map<Field, Object> assigned,
            List<RuleExpression> keep, RuleExpression broken) {
        List<Field> open = fields.stream().filter(f -> !assigned.containsKey(f)).toList();
        return search(open, 0, new LinkedHashMap<>(assigned), keep, broken);
    }

    private Optional<Map<Field, Object>> search(List<Field> open, int next, Map<Field, Object> assigned,
            List<RuleExpression> keep, RuleExpression broken) {
        if (++spent > BUDGET) {
            return Optional.empty();
        }
        for (RuleExpression rule : keep) {
            if (assigned.keySet().containsAll(rule.reads())
                    && !Boolean.TRUE.equals(evaluate(rule.expression(), assigned))) {
                return Optional.empty();
            }
        }
        if (broken != null && assigned.keySet().containsAll(broken.reads())
                && !Boolean.FALSE.equals(evaluate(broken.expression(), assigned))) {
            return Optional.empty();
        }
        if (next == open.size()) {
            return Optional.of(assigned);
        }
        Field field = open.get(next);
        for (Object candidate : candidates.get(field)) {
            assigned.put(field, candidate);
            Optional<Map<Field, Object>> found = search(open, next + 1, assigned, keep, broken);
            if (found.isPresent()) {
                return found;
            }
            assigned.remove(field);
        }
        return Optional.empty();
    }

    // Candidates

    /** The values tried for a field, plainest first, each one the field's column can hold. */
    private static List<Object> candidates(Field field, List<Object> literals) {
        FieldType type = field.type();
        Set<Object> values = new LinkedHashSet<>();
        switch (type.kind()) {
            case INTEGER, LONG, DECIMAL -> {
                List<BigDecimal> numbers = new ArrayList<>(List.of(BigDecimal.ONE, BigDecimal.valueOf(2),
                        BigDecimal.ZERO, BigDecimal.TEN, BigDecimal.ONE.negate()));
                BigDecimal step = type.kind() == FieldType.Kind.DECIMAL && field.size().scale() > 0
                        ? BigDecimal.ONE.movePointLeft(field.size().scale()) : BigDecimal.ONE;
                for (Object literal : literals) {
                    if (literal instanceof BigDecimal number) {
                        numbers.addAll(List.of(number, number.add(BigDecimal.ONE), number.subtract(BigDecimal.ONE),
                                number.add(step), number.subtract(step)));
                    }
                }
                numbers.stream().filter(n -> fits(field, n)).forEach(n -> {
                    if (values.stream().noneMatch(v -> ((BigDecimal) v).compareTo(n) == 0)) {
                        values.add(n);
                    }
                });
            }
            case STRING -> {
                List<String> strings = new ArrayList<>(List.of("a", "b", ""));
                literals.stream().filter(String.class::isInstance).map(String.class::cast).forEach(text -> {
                    strings.add(text);
                    strings.add(text + "x");
                });
                int length = field.size().length();
                strings.stream().filter(s -> length == 0 || s.codePointCount(0, s.length()) <= length)
                        .forEach(values::add);
            }
            case BOOLEAN -> values.addAll(List.of(true, false));
            case ENUM -> values.addAll(type.enumConstants());
            case UUID -> values.addAll(List.of(UUID.fromString("00000000-0000-0000-0000-000000000001"),
                    UUID.fromString("00000000-0000-0000-0000-000000000002")));
            case LOCAL_DATE -> values.addAll(List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2),
                    LocalDate.of(2025, 12, 31)));
            default -> throw new IllegalArgumentException("rules do not read " + type);
        }
        return List.copyOf(values);
    }

    private static boolean fits(Field field, BigDecimal number) {
        return switch (field.type().kind()) {
            case INTEGER -> number.stripTrailingZeros().scale() <= 0
                    && number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                    && number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
            case LONG -> number.stripTrailingZeros().scale() <= 0
                    && number.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                    && number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
            default -> {
                int precision = field.size().precision();
                int scale = field.size().scale();
                BigDecimal stripped = number.stripTrailingZeros();
                BigDecimal whole = stripped.abs().setScale(0, RoundingMode.DOWN);
                int wholeDigits = whole.signum() == 0 ? 0 : whole.precision();
                yield precision == 0 || Math.max(0, stripped.scale()) <= scale && wholeDigits <= precision - scale;
            }
        };
    }

    /** The numbers and strings the rule compares with, in the order of its text. */
    private static void literals(Expression expression, List<Object> found) {
        if (expression instanceof NumberLiteral number) {
            found.add(number.value());
        } else if (expression instanceof TextLiteral text) {
            found.add(text.value());
        } else if (expression instanceof Negation negation) {
            literals(negation.operand(), found);
        } else if (expression instanceof Arithmetic arithmetic) {
            literals(arithmetic.left(), found);
            literals(arithmetic.right(), found);
        } else if (expression instanceof Comparison comparison) {
            literals(comparison.left(), found);
            literals(comparison.right(), found);
        } else if (expression instanceof NullTest test) {
            literals(test.operand(), found);
        } else if (expression instanceof Not not) {
            literals(not.operand(), found);
        } else if (expression instanceof Logical logical) {
            logical.operands().forEach(o -> literals(o, found));
        }
    }

    // Evaluation, in SQL's logic of three values, as the runtime's Rules and PostgreSQL evaluate

    /** A node's value on the row: a Boolean (null for unknown), a BigDecimal, a String, a UUID, a date. */
    static Object evaluate(Expression expression, Map<Field, Object> row) {
        if (expression instanceof Read read) {
            return row.get(read.field());
        } else if (expression instanceof NumberLiteral number) {
            return number.value();
        } else if (expression instanceof TextLiteral text) {
            return text.value();
        } else if (expression instanceof BooleanLiteral bool) {
            return bool.value();
        } else if (expression instanceof EnumConstant constant) {
            return constant.name();
        } else if (expression instanceof Negation negation) {
            BigDecimal operand = (BigDecimal) evaluate(negation.operand(), row);
            return operand == null ? null : operand.negate();
        } else if (expression instanceof Arithmetic arithmetic) {
            BigDecimal left = (BigDecimal) evaluate(arithmetic.left(), row);
            BigDecimal right = (BigDecimal) evaluate(arithmetic.right(), row);
            if (left == null || right == null) {
                return null;
            }
            return switch (arithmetic.operator()) {
                case PLUS -> left.add(right);
                case MINUS -> left.subtract(right);
                case TIMES -> left.multiply(right);
            };
        } else if (expression instanceof Comparison comparison) {
            return compare(comparison, evaluate(comparison.left(), row), evaluate(comparison.right(), row));
        } else if (expression instanceof NullTest test) {
            return (evaluate(test.operand(), row) == null) != test.negated();
        } else if (expression instanceof Not not) {
            Boolean operand = (Boolean) evaluate(not.operand(), row);
            return operand == null ? null : !operand;
        } else if (expression instanceof Logical logical) {
            boolean and = logical.connective() == Connective.AND;
            Boolean verdict = and;
            for (Expression operand : logical.operands()) {
                Boolean value = (Boolean) evaluate(operand, row);
                if (value == null) {
                    verdict = null;
                } else if (value != and) {
                    return value;
                }
            }
            return verdict;
        }
        throw new IllegalArgumentException("unknown expression " + expression);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Boolean compare(Comparison comparison, Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        int order;
        if (left instanceof BigDecimal a && right instanceof BigDecimal b) {
            order = a.compareTo(b);
        } else if (comparison.comparator().orders()) {
            order = ((Comparable) left).compareTo(right);
        } else {
            order = left.equals(right) ? 0 : 1;
        }
        return switch (comparison.comparator()) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
        };
    }
}
