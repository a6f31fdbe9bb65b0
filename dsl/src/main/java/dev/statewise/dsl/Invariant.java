package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule between the workflow's fields that every row in the named states must keep, enforced at
 * all three depths: the processor checks its names and types, the generated value type checks it
 * before any write, and the database refuses a row that breaks it with a CHECK constraint of its
 * own, {@code <table>_<name>_rule}, whatever writes the row.
 *
 * <pre>{@code
 * @Workflow
 * @Invariant(in = {"APPROVED", "FUNDED"}, value = "underwriter != applicant",
 *         name = "underwriterIsNotTheApplicant", message = "an underwriter may not approve their own application")
 * @Invariant(in = "FUNDED", value = "fundedAmount <= amount")
 * public interface LoanApplication { ... }
 * }</pre>
 *
 * <p>The rule is an expression over the fields, by their Java names: numbers, strings in single
 * quotes, {@code true}, {@code false}, the constants of an enum field by name, {@code ==},
 * {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code and}, {@code or}, {@code not},
 * {@code is null}, {@code is not null}, and {@code +}, {@code -}, {@code *} on numbers. Java and
 * PostgreSQL reach the same verdict on every row; what they could disagree on (ordering strings,
 * timestamps, division) the language does not have. Like every CHECK, a rule holds when it is
 * unknown because a field it reads is NULL; the processor warns when a field may be NULL in a
 * state the rule covers. The language in full: {@code docs/dsl.md}.
 *
 * <p>A rule that needs more than the row (another table, the caller, the time) is a {@link Guard},
 * which Java alone enforces.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Invariant.List.class)
public @interface Invariant {

    /** The states, by enum constant name, in which every row keeps the rule: at least one. */
    String[] in();

    /** The rule, e.g. {@code "fundedAmount <= amount"}. */
    String value();

    /**
     * A name for the rule, in camel or snake case: its constraint is {@code <table>_<name>_rule}
     * ({@code underwriterIsNotTheApplicant} gives {@code loan_application_underwriter_is_not_the_applicant_rule}).
     * Empty (the default) names it by its expression: {@code fundedAmount <= amount} gives
     * {@code loan_application_funded_amount_le_amount_rule}. Either way the name stays when other
     * rules are added or reordered; changing it, or the expression of an unnamed rule, replaces the
     * constraint.
     */
    String name() default "";

    /** Why the rule holds, in words: the comment on its constraint and the text of its refusals. */
    String message() default "";

    /** Holds several {@code @Invariant} annotations. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        Invariant[] value();
    }
}
