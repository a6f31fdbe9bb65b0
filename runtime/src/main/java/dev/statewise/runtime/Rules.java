package dev.statewise.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;

/**
 * What the generated check of a rule between fields ({@code @Invariant}) calls: SQL's logic of
 * three values, in Java. {@code null} stands for SQL's unknown, so the generated check reaches the
 * verdict PostgreSQL's CHECK reaches on the same row: a comparison with a missing value is unknown,
 * {@code and} is false as soon as one side is false, {@code or} true as soon as one side is true,
 * and a rule passes unless it is false. Numbers compare by value ({@code 1.0} equals {@code 1.00},
 * as in PostgreSQL's {@code numeric}) and add and multiply as {@link BigDecimal}, so nothing
 * overflows in Java where PostgreSQL would not, nor the other way round.
 *
 * <pre>{@code
 * // @Invariant(in = "FUNDED", value = "fundedAmount <= amount")
 * Boolean verdict = Rules.le(value.fundedAmount(), value.amount());
 * if (!Rules.passes(verdict)) { ... refuse ... }
 * }</pre>
 */
public final class Rules {

    private Rules() {}

    /**
     * Refuses a value whose verdict on a rule is false, before anything is written, with the
     * exception the database's refusal of the same row maps to: a {@link ConstraintViolationException}
     * naming the rule. Unknown passes, as in the CHECK.
     *
     * <pre>{@code
     * Rules.require(Rules.le(fundedAmount(), amount()), LoanApplicationWorkflow.DESCRIPTOR,
     *         "loan_application_funded_amount_le_amount_rule", "FUNDED", "fund");
     * }</pre>
     *
     * @param constraint the rule's constraint, by which the descriptor knows it
     * @param state the state the value is in
     * @param operation what made the value: {@code create}, a transition, a {@code with} method
     * @throws ConstraintViolationException when the verdict is false
     * @throws IllegalArgumentException when the descriptor has no such rule
     */
    public static void require(Boolean verdict, WorkflowDescriptor workflow, String constraint, String state,
            String operation) {
        if (!passes(verdict)) {
            RuleDescriptor rule = workflow.ruleOfConstraint(constraint).orElseThrow(() -> new IllegalArgumentException(
                    "Workflow " + workflow.name() + " has no rule " + constraint));
            throw ConstraintViolationException.brokenRule(workflow.name(), operation, state, rule, null);
        }
    }

    /** Whether a rule's verdict lets the row pass, as a CHECK does: unless it is false. */
    public static boolean passes(Boolean verdict) {
        return !Boolean.FALSE.equals(verdict);
    }

    /** SQL's {@code AND}: false if any operand is, else unknown if any is, else true. */
    public static Boolean and(Boolean... operands) {
        Boolean verdict = Boolean.TRUE;
        for (Boolean operand : operands) {
            if (Boolean.FALSE.equals(operand)) {
                return Boolean.FALSE;
            }
            if (operand == null) {
                verdict = null;
            }
        }
        return verdict;
    }

    /** SQL's {@code OR}: true if any operand is, else unknown if any is, else false. */
    public static Boolean or(Boolean... operands) {
        Boolean verdict = Boolean.FALSE;
        for (Boolean operand : operands) {
            if (Boolean.TRUE.equals(operand)) {
                return Boolean.TRUE;
            }
            if (operand == null) {
                verdict = null;
            }
        }
        return verdict;
    }

    /** SQL's {@code NOT}: unknown stays unknown. */
    public static Boolean not(Boolean operand) {
        return operand == null ? null : !operand;
    }

    /** SQL's {@code IS NULL}, never unknown. */
    public static boolean isNull(Object value) {
        return value == null;
    }

    /** SQL's {@code IS NOT NULL}, never unknown. */
    public static boolean isNotNull(Object value) {
        return value != null;
    }

    /**
     * SQL's {@code =}: unknown if either side is missing; numbers by value, whatever their Java
     * types; anything else by {@code equals}.
     */
    public static Boolean eq(Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        if (left instanceof Number a && right instanceof Number b) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        return left.equals(right);
    }

    /** SQL's {@code <>}: unknown if either side is missing. */
    public static Boolean ne(Object left, Object right) {
        return not(eq(left, right));
    }

    /** SQL's {@code <} on numbers, by value. */
    public static Boolean lt(Number left, Number right) {
        Integer order = compare(left, right);
        return order == null ? null : order < 0;
    }

    /** SQL's {@code <=} on numbers, by value. */
    public static Boolean le(Number left, Number right) {
        Integer order = compare(left, right);
        return order == null ? null : order <= 0;
    }

    /** SQL's {@code >} on numbers, by value. */
    public static Boolean gt(Number left, Number right) {
        Integer order = compare(left, right);
        return order == null ? null : order > 0;
    }

    /** SQL's {@code >=} on numbers, by value. */
    public static Boolean ge(Number left, Number right) {
        Integer order = compare(left, right);
        return order == null ? null : order >= 0;
    }

    /** SQL's {@code <} on dates. */
    public static Boolean lt(LocalDate left, LocalDate right) {
        return left == null || right == null ? null : left.isBefore(right);
    }

    /** SQL's {@code <=} on dates. */
    public static Boolean le(LocalDate left, LocalDate right) {
        return left == null || right == null ? null : !left.isAfter(right);
    }

    /** SQL's {@code >} on dates. */
    public static Boolean gt(LocalDate left, LocalDate right) {
        return left == null || right == null ? null : left.isAfter(right);
    }

    /** SQL's {@code >=} on dates. */
    public static Boolean ge(LocalDate left, LocalDate right) {
        return left == null || right == null ? null : !left.isBefore(right);
    }

    /** {@code left + right} in {@code numeric}: exact, {@code null} if either side is. */
    public static BigDecimal add(Number left, Number right) {
        return left == null || right == null ? null : decimal(left).add(decimal(right));
    }

    /** {@code left - right} in {@code numeric}: exact, {@code null} if either side is. */
    public static BigDecimal subtract(Number left, Number right) {
        return left == null || right == null ? null : decimal(left).subtract(decimal(right));
    }

    /** {@code left * right} in {@code numeric}: exact, {@code null} if either side is. */
    public static BigDecimal multiply(Number left, Number right) {
        return left == null || right == null ? null : decimal(left).multiply(decimal(right));
    }

    /** {@code -operand} in {@code numeric}, so that the smallest {@code int} has a negation. */
    public static BigDecimal negate(Number operand) {
        return operand == null ? null : decimal(operand).negate();
    }

    private static Integer compare(Number left, Number right) {
        return left == null || right == null ? null : decimal(left).compareTo(decimal(right));
    }

    /** The exact value of a field's number: rules read only int, long and BigDecimal. */
    private static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        throw new IllegalArgumentException("rules compare exact numbers only, not " + number.getClass().getName());
    }
}
