package dev.statewise.processor.rules;

import com.palantir.javapoet.CodeBlock;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.schema.Sql;
import java.util.List;
import java.util.Optional;

/**
 * A rule between a workflow's fields, {@code fundedAmount <= amount}, checked against its fields,
 * and rendered for both places that enforce it: the condition of a CHECK, and the Java that checks
 * a value before any write. Both evaluate in SQL's logic of three values and agree on every row:
 * a comparison with a NULL field is unknown, and a rule passes unless it is false.
 *
 * <pre>{@code
 * RuleCheck check = RuleExpression.check("fundedAmount <= amount", workflow.simpleName(), workflow.fields());
 * check.errors().forEach(e -> report(e.text()));           // "unknown field ... at column 1; did you mean ...?"
 * check.rule().ifPresent(rule -> {
 *     Sql condition = rule.sql();                           // funded_amount <= amount
 *     CodeBlock verdict = rule.java(CodeBlock.of("value")); // Rules.le(value.fundedAmount(), value.amount())
 *     List<Field> reads = rule.reads();                     // fundedAmount, amount
 * });
 * }</pre>
 *
 * The language, its types and how they map to PostgreSQL and Java: docs/decisions/0027.
 */
public final class RuleExpression {

    private final String text;
    private final Expression expression;
    private final List<Field> reads;

    RuleExpression(String text, Expression expression, List<Field> reads) {
        this.text = text;
        this.expression = expression;
        this.reads = List.copyOf(reads);
    }

    /**
     * Parses a rule and checks it against the workflow's fields.
     *
     * @param text the rule as declared, whose columns the errors count from 1
     * @param workflow the workflow's simple name, for the messages that list its fields
     * @param fields the workflow's fields, which the rule may name
     */
    public static RuleCheck check(String text, String workflow, List<Field> fields) {
        Syntax syntax;
        try {
            syntax = Parser.parse(text);
        } catch (RuleException e) {
            return new RuleCheck(Optional.empty(), List.of(e.error()));
        }
        return TypeChecker.check(text, workflow, fields, syntax);
    }

    /** The rule as declared. */
    public String text() {
        return text;
    }

    /** The checked tree, for anything that derives more from the rule, such as values that break it. */
    public Expression expression() {
        return expression;
    }

    /**
     * The fields the rule reads, each once, in the order the text first names them: a rule over a
     * field that may be NULL holds trivially while it is.
     */
    public List<Field> reads() {
        return reads;
    }

    /**
     * The rule as a condition for PostgreSQL, over the fields' columns: NULL where the rule is
     * unknown, which a CHECK lets pass. It reads the row alone and is immutable, as a CHECK must be.
     */
    public Sql sql() {
        return SqlRenderer.render(expression);
    }

    /**
     * The rule as a Java expression of type {@code Boolean} over a value's accessors, {@code null}
     * where the rule is unknown; {@code Rules.passes} turns it into the CHECK's verdict.
     *
     * @param value the code of the value whose accessors it calls, such as {@code value} or {@code this}
     */
    public CodeBlock java(CodeBlock value) {
        return JavaRenderer.render(expression, value);
    }

    @Override
    public String toString() {
        return text;
    }
}
