package dev.statewise.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The database refused a row that breaks a rule of the workflow, mapped back from the constraint
 * to the state and fields it concerns: a state's CHECK constraint (SQLSTATE 23514) names the
 * state and the fields of its rule; a field left NULL where every state requires it (SQLSTATE
 * 23502) names that field, and no state; so do a {@code @References} field naming no row of its
 * workflow (SQLSTATE 23503, the field's foreign key), a {@code @Unique} field whose value another
 * row already has (SQLSTATE 23505, the field's unique index), and a value too large for the column
 * {@code @Column} sized (SQLSTATE 22001 for a {@code varchar(n)}, 22003 for a {@code numeric(p, s)}),
 * which names the fields of that column type, since PostgreSQL names only the type.
 *
 * <pre>{@code
 * try {
 *     payments.create(orderId, amount);
 * } catch (ConstraintViolationException e) {
 *     // Payment: orderId names no row of Order (payment_order_id_fkey)
 *     if (e.sqlState().equals("23503")) { ... }
 * }
 * }</pre>
 *
 * <pre>{@code
 * try {
 *     dsl.execute("UPDATE task SET status = 'IN_PROGRESS' WHERE id = 42");
 * } catch (DataAccessException e) {
 *     StatewiseException failure = Failures.translate(e, TaskWorkflow.DESCRIPTOR, 42L);
 *     // Task: a row in IN_PROGRESS breaks task_in_progress_check on
 *     //       assignee, startDate, completedAt, blockedReason
 * }
 * }</pre>
 *
 * <p>A rule between fields ({@code @Invariant}) is refused with this exception too, whether the
 * generated value type refuses it before any write or the database's CHECK does: {@link #rule()}
 * names it, {@link #fields()} are those it reads, {@link #sqlState()} is {@code 23514} either way.
 *
 * <pre>{@code
 * try {
 *     loans.fund(loan, new BigDecimal("99999.99"), now);
 * } catch (ConstraintViolationException e) {
 *     // LoanApplication.fund: a row in FUNDED breaks rule fundedAmount <= amount
 *     //     (loan_application_funded_amount_le_amount_rule): ...
 *     RuleDescriptor rule = e.rule();
 * }
 * }</pre>
 *
 * <p>A state's constraint says which rule broke but not which field: the fields are all those
 * its rule is about. The message leaves out the values of the row, which may be personal data.
 */
public final class ConstraintViolationException extends StatewiseException {

    private static final long serialVersionUID = 1L;

    private final String state;
    private final List<String> fields;
    private final String constraint;
    private final String sqlState;
    private final RuleDescriptor rule;

    /**
     * A violation of {@code constraint} (or {@code null} when the database named none).
     *
     * @param state the state whose rule broke, or {@code null} when the constraint belongs to no
     *     state, such as a NOT NULL column or the check on an enum's constants
     * @param fields the Java names of the fields concerned; empty when no field is known, e.g. for
     *     the state column
     * @param sqlState the SQLSTATE the database reported, e.g. {@code 23514}
     * @param cause the error the database reported
     */
    public ConstraintViolationException(String workflow, String state, List<String> fields,
            String constraint, String sqlState, Throwable cause) {
        this(workflow, state, fields, constraint, sqlState, message(workflow, state, fields, constraint, sqlState),
                cause);
    }

    /** A violation that {@link Failures} describes itself, knowing more than the constraint's name. */
    ConstraintViolationException(String workflow, String state, List<String> fields, String constraint,
            String sqlState, String message, Throwable cause) {
        this(workflow, state, fields, constraint, sqlState, message, null, cause);
    }

    private ConstraintViolationException(String workflow, String state, List<String> fields, String constraint,
            String sqlState, String message, RuleDescriptor rule, Throwable cause) {
        super(workflow, message, cause);
        this.state = state;
        this.fields = List.copyOf(fields);
        this.constraint = constraint;
        this.sqlState = Objects.requireNonNull(sqlState, "sqlState");
        this.rule = rule;
    }

    /**
     * A rule between fields broken: by a value in {@code state} that Java checked before any write
     * ({@code operation} names what made it, {@code cause} is null), or by a row the database's
     * CHECK refused ({@code state} and {@code operation} unknown, null).
     */
    static ConstraintViolationException brokenRule(String workflow, String operation, String state,
            RuleDescriptor rule, Throwable cause) {
        String who = operation == null ? workflow : workflow + "." + operation;
        String where = state == null
                ? "the row breaks rule " + rule.label() + ", which holds in " + joined(rule.states())
                : "a row in " + state + " breaks rule " + rule.label();
        String why = rule.message() == null ? "" : ": " + rule.message();
        return new ConstraintViolationException(workflow, state, rule.fields(), rule.constraint(),
                SqlStates.CHECK_VIOLATION, who + ": " + where + " (" + rule.constraint() + ")" + why, rule, cause);
    }

    /** The state whose rule broke, or {@code null} when the constraint belongs to no state. */
    public String state() {
        return state;
    }

    /** The Java names of the fields concerned, possibly empty. */
    public List<String> fields() {
        return fields;
    }

    /** The constraint's name, or {@code null} when the database named none (NOT NULL before PostgreSQL 18). */
    public String constraint() {
        return constraint;
    }

    /** The SQLSTATE the database reported, or would have: {@code 23514} for a rule Java refused. */
    public String sqlState() {
        return sqlState;
    }

    /** The rule between fields that was broken, or {@code null} when the constraint is no rule's. */
    public RuleDescriptor rule() {
        return rule;
    }

    private static String message(String workflow, String state, List<String> fields,
            String constraint, String sqlState) {
        String on = fields.isEmpty() ? "" : " on " + joined(fields);
        if (state != null) {
            String rule = constraint == null ? "the rule of that state" : constraint;
            return workflow + ": a row in " + state + " breaks " + rule + on;
        }
        String named = constraint == null ? "" : " (" + constraint + ")";
        if (SqlStates.NOT_NULL_VIOLATION.equals(sqlState)) {
            String verb = fields.size() == 1 ? " is" : " are";
            return fields.isEmpty()
                    ? workflow + ": a column that no state allows NULL was NULL" + named
                    : workflow + ": " + joined(fields) + verb + " required in every state but NULL"
                            + named;
        }
        return constraint == null
                ? workflow + ": the row breaks a constraint (SQLSTATE " + sqlState + ")" + on
                : workflow + ": the row breaks " + constraint + on;
    }
}
