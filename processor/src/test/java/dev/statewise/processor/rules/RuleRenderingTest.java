package dev.statewise.processor.rules;

import static com.google.common.truth.Truth.assertThat;
import static dev.statewise.processor.rules.TestFields.rule;

import com.palantir.javapoet.CodeBlock;
import dev.statewise.processor.schema.Sql;
import org.jooq.Check;
import org.jooq.Meta;
import org.jooq.SQLDialect;
import org.jooq.Source;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The SQL and the Java of a rule, as a reader of the migration and of the generated code sees them. */
class RuleRenderingTest {

    @Test
    void theIssuesRules() {
        assertThat(sql("underwriter != applicant")).isEqualTo("underwriter <> applicant");
        assertThat(java("underwriter != applicant"))
                .isEqualTo("dev.statewise.runtime.Rules.ne(value.underwriter(), value.applicant())");
        assertThat(sql("fundedAmount <= amount")).isEqualTo("funded_amount <= amount");
        assertThat(java("fundedAmount <= amount"))
                .isEqualTo("dev.statewise.runtime.Rules.le(value.fundedAmount(), value.amount())");
    }

    @Test
    void literals() {
        assertThat(sql("priority == HIGH or applicant == 'O''Brien' or approved == true or amount > 1.50"))
                .isEqualTo("priority = 'HIGH' OR applicant = 'O''Brien' OR approved = TRUE OR amount > 1.50");
        assertThat(java("priority == HIGH or applicant == 'O''Brien' or approved == true or amount > 1.50"))
                .isEqualTo("dev.statewise.runtime.Rules.or(dev.statewise.runtime.Rules.eq(value.priority(), "
                        + "com.example.Loan.Priority.HIGH), dev.statewise.runtime.Rules.eq(value.applicant(), "
                        + "\"O'Brien\"), dev.statewise.runtime.Rules.eq(value.approved(), true), "
                        + "dev.statewise.runtime.Rules.gt(value.amount(), new java.math.BigDecimal(\"1.50\")))");
        assertThat(java("big != 3000000000 and big != -5 and fundedAmount != 12345678901234567890"))
                .isEqualTo("dev.statewise.runtime.Rules.and(dev.statewise.runtime.Rules.ne(value.big(), 3000000000L), "
                        + "dev.statewise.runtime.Rules.ne(value.big(), -5), dev.statewise.runtime.Rules.ne(value.fundedAmount(), "
                        + "new java.math.BigDecimal(\"12345678901234567890\")))");
    }

    @Test
    void dollarSignsInStringsAreEscapedByTheBuilder() {
        assertThat(sql("applicant == '${x}'")).isEqualTo("applicant = E'\\x24{x}'");
    }

    @Test
    void parenthesesWherePostgresNeedsThemAndAroundAndInsideOr() {
        assertThat(sql("approved and amount > 0 or fundedAmount is null"))
                .isEqualTo("(approved AND amount > 0) OR funded_amount IS NULL");
        assertThat(sql("approved and (amount > 0 or fundedAmount is not null) and not approved"))
                .isEqualTo("approved AND (amount > 0 OR funded_amount IS NOT NULL) AND NOT approved");
        assertThat(sql("not (amount > 0) or not (applicant is null)"))
                .isEqualTo("NOT (amount > 0) OR NOT (applicant IS NULL)");
        assertThat(sql("(amount > 0) == approved")).isEqualTo("(amount > 0) = approved");
        assertThat(sql("(fundedAmount is null) != (approved == false)"))
                .isEqualTo("(funded_amount IS NULL) <> (approved = FALSE)");
        assertThat(sql("amount - (fundedAmount - 1) > (amount - fundedAmount) - 1"))
                .isEqualTo("amount - (funded_amount - 1) > amount - funded_amount - 1");
        assertThat(sql("(amount + 1) * fundedAmount > amount + 1 * fundedAmount"))
                .isEqualTo("(amount + 1) * funded_amount > amount + 1 * funded_amount");
    }

    @Test
    void arithmeticIsInNumeric() {
        assertThat(sql("fundedAmount + term * 2 <= amount"))
                .isEqualTo("funded_amount + CAST(term AS numeric) * 2 <= amount");
        assertThat(sql("-term < big * big")).isEqualTo("-CAST(term AS numeric) < CAST(big AS numeric) * CAST(big AS numeric)");
        assertThat(sql("2147483647 + 1 > term")).isEqualTo("CAST(2147483647 AS numeric) + 1 > term");
        assertThat(java("2147483647 + 1 > term")).isEqualTo("dev.statewise.runtime.Rules.gt("
                + "dev.statewise.runtime.Rules.add(2147483647, 1), value.term())");
    }

    @Test
    void minusSignsNeverMeetAsAComment() {
        assertThat(sql("amount - -5 > -1")).isEqualTo("amount - -5 > -1");
        assertThat(sql("- -amount > 0")).isEqualTo("-(-amount) > 0");
        assertThat(sql("- - 5 < amount")).isEqualTo("5 < amount");
        assertThat(sql("-(amount - 1) < 0")).isEqualTo("-(amount - 1) < 0");
        assertThat(java("- -amount > 0")).isEqualTo("dev.statewise.runtime.Rules.gt(dev.statewise.runtime.Rules.negate("
                + "dev.statewise.runtime.Rules.negate(value.amount())), 0)");
    }

    @Test
    void nullTestsAndDates() {
        assertThat(sql("fundedAmount + 1 is null or startDate <= endDate")).isEqualTo("funded_amount + 1 IS NULL OR start_date <= end_date");
        assertThat(java("fundedAmount is not null and startDate <= endDate")).isEqualTo("dev.statewise.runtime.Rules.and("
                + "dev.statewise.runtime.Rules.isNotNull(value.fundedAmount()), "
                + "dev.statewise.runtime.Rules.le(value.startDate(), value.endDate()))");
    }

    @Test
    void columnsAreTheFieldsColumnsQuotedForJooq() {
        assertThat(rule("fundedAmount <= amount").sql().render(Sql.Dialect.JOOQ)).isEqualTo("\"funded_amount\" <= \"amount\"");
    }

    @Test
    void jooqsDdlInterpreterReadsEveryConstruct() {
        // The integration hands the CHECK to jOOQ's interpreter, as StatewiseDatabase does.
        String rule = "(fundedAmount + -term * 2 <= amount or not (priority == HIGH)) and applicant != '${x} it''s'"
                + " and (big is null) == (approved != false) and startDate <= endDate and customer is not null";
        String ddl = "CREATE TABLE loan (amount numeric(12, 2), funded_amount numeric, applicant text, term integer, "
                + "big bigint, approved boolean, priority text, customer uuid, start_date date, end_date date, "
                + "CONSTRAINT loan_rule CHECK (" + rule(rule).sql().render(Sql.Dialect.JOOQ) + "))";
        Meta meta = DSL.using(SQLDialect.POSTGRES, new Settings().withParseUnknownFunctions(ParseUnknownFunctions.IGNORE))
                .meta(Source.of(ddl));
        assertThat(meta.getTables().get(0).getChecks().stream().map(Check::getName).toList()).containsExactly("loan_rule");
    }

    @Test
    void theValueIsTheCallersCode() {
        assertThat(rule("approved").java(CodeBlock.of("this")).toString()).isEqualTo("this.approved()");
    }

    private static String sql(String text) {
        return rule(text).sql().toString();
    }

    private static String java(String text) {
        return rule(text).java(CodeBlock.of("value")).toString();
    }
}
