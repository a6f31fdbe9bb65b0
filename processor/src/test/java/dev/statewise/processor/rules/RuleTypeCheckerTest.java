package dev.statewise.processor.rules;

import static com.google.common.truth.Truth.assertThat;
import static dev.statewise.processor.rules.TestFields.errors;
import static dev.statewise.processor.rules.TestFields.rule;

import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names and types: every error a rule's text can have once it parses, with its message and column. */
class RuleTypeCheckerTest {

    private static final String LOAN_FIELDS = "amount, fundedAmount, approvedAmount, applicant, underwriter, code, "
            + "term, big, approved, priority, channel, customer, startDate, endDate, fundedAt, document";

    @Test
    void aMisspeltFieldGetsASuggestion() {
        assertThat(errors("approvedAmout <= amount")).containsExactly("unknown field approvedAmout at column 1; "
                + "did you mean approvedAmount? (the fields of Loan: " + LOAN_FIELDS + ")");
        assertThat(errors("amount > limit")).containsExactly("unknown field limit at column 10; the fields of "
                + "Loan are: " + LOAN_FIELDS);
    }

    @Test
    void everyErrorIsReportedInTheOrderOfTheText() {
        assertThat(check("amout > 0 and applicant < 'x' or approved + 1 > 0").errors().stream()
                .map(RuleError::column).toList()).containsExactly(1, 25, 43).inOrder();
    }

    @Test
    void oneErrorForOneMistake() {
        // The misspelt field alone: HIGH is a constant of Priority, whose field could not be read.
        assertThat(errors("priorty == HIGH")).containsExactly("unknown field priorty at column 1; did you mean "
                + "priority? (the fields of Loan: " + LOAN_FIELDS + ")");
        assertThat(errors("amout + 1 > 0 and not (amout > 1)")).hasSize(2);
    }

    @Test
    void operandsOfAComparisonHaveOneType() {
        assertThat(errors("amount == 'x'")).containsExactly("== at column 8 compares amount (a number) with 'x' "
                + "(a string); compare values of one type");
        assertThat(errors("startDate <= fundedAmount + 1")).containsExactly("<= at column 11 compares startDate "
                + "(a date) with fundedAmount + 1 (a number); compare values of one type");
        assertThat(errors("priority == channel")).containsExactly("== at column 10 compares priority (a Priority) "
                + "with channel (a Channel); compare values of one type");
        assertThat(errors("priority == 'HIGH'")).containsExactly("== at column 10 compares priority (a Priority) "
                + "with 'HIGH' (a string); compare values of one type; write the constant by name, without quotes: HIGH");
        assertThat(errors("approved == (amount > 0) and customer != applicant")).containsExactly("!= at column 39 "
                + "compares customer (a UUID) with applicant (a string); compare values of one type");
    }

    @Test
    void onlyNumbersAndDatesAreOrdered() {
        assertThat(errors("applicant < underwriter")).containsExactly("< at column 11 orders strings; PostgreSQL "
                + "orders text by the database's collation and Java by UTF-16 code units, so rules compare strings "
                + "only with == and !=");
        assertThat(errors("approved >= false")).containsExactly(">= at column 10 orders booleans; rules compare "
                + "booleans only with == and !=");
        assertThat(errors("priority > LOW")).containsExactly("> at column 10 orders constants of Priority; "
                + "PostgreSQL stores a constant as its name and would order the names, where Java orders constants "
                + "as declared; compare with == and !=, joined with or for several");
        assertThat(errors("customer <= customer")).containsExactly("<= at column 10 orders UUIDs; PostgreSQL and "
                + "Java order UUIDs differently, so rules compare them only with == and !=");
        assertThat(check("startDate <= endDate and term * 2 > -big").errors()).isEmpty();
    }

    @Test
    void arithmeticOnNumbersOnly() {
        assertThat(errors("applicant + 1 > 0")).containsExactly("+ at column 11 needs numbers, and applicant is a "
                + "string; arithmetic applies to int, long and BigDecimal fields and to numbers");
        assertThat(errors("-startDate < endDate")).containsExactly("- at column 1 needs numbers, and startDate is a "
                + "date; arithmetic applies to int, long and BigDecimal fields and to numbers");
        assertThat(errors("amount * approved > 0")).containsExactly("* at column 8 needs numbers, and approved is a "
                + "boolean; arithmetic applies to int, long and BigDecimal fields and to numbers");
    }

    @Test
    void connectivesJoinConditions() {
        assertThat(errors("amount")).containsExactly("the rule at column 1 needs a condition, and amount is a number; "
                + "compare it, e.g. amount > 0");
        assertThat(errors("approved and priority")).containsExactly("and at column 10 needs a condition, and "
                + "priority is a Priority; compare it, e.g. priority == LOW");
        assertThat(errors("not applicant")).containsExactly("not at column 1 needs a condition, and applicant is a "
                + "string; compare it, e.g. applicant != ''");
        assertThat(errors("approved or amount - 1")).containsExactly("or at column 10 needs a condition, and "
                + "amount - 1 is a number; compare it, e.g. amount - 1 > 0");
        assertThat(check("approved and not approved or approved == false").errors()).isEmpty();
    }

    @Test
    void enumConstantsByNameBesideAnEnum() {
        assertThat(rule("priority == HIGH or LOW == priority").reads()).hasSize(1);
        assertThat(errors("priority == HIHG")).containsExactly("unknown constant HIHG of Priority at column 13; did "
                + "you mean HIGH? (the constants of Priority: LOW, NORMAL, HIGH)");
        assertThat(errors("priority != URGENT")).containsExactly("unknown constant URGENT of Priority at column 13; "
                + "the constants of Priority are: LOW, NORMAL, HIGH");
        assertThat(errors("amount == HIGH")).containsExactly("HIGH at column 11 is a constant of Priority, compared "
                + "with a number; a constant is compared with a field of its enum");
        assertThat(errors("channel == HIGH")).containsExactly("unknown constant HIGH of Channel at column 12; the "
                + "constants of Channel are: WEB, BRANCH");
        assertThat(errors("HIGH == LOW")).containsExactly("unknown field HIGH at column 1; did you mean big? (the "
                + "fields of Loan: " + LOAN_FIELDS + ")");
    }

    @Test
    void aFieldNamedLikeAConstantBesideItsEnumIsAmbiguous() {
        List<Field> fields = List.of(
                TestFields.field("level", "level", TestFields.enumType("com.example.Level", "LOW", "HIGH"), ColumnSize.DEFAULT),
                TestFields.field("HIGH", "high", TestFields.enumType("com.example.Level", "LOW", "HIGH"), ColumnSize.DEFAULT));
        assertThat(RuleExpression.check("level == HIGH", "Odd", fields).errors().stream().map(TestFields::withoutCode))
                .containsExactly("HIGH at column 10 names both a field and a constant of Level; rename the field");
        assertThat(RuleExpression.check("level == LOW", "Odd", fields).errors()).isEmpty();
    }

    @Test
    void aLiteralComparedWithAFieldIsAValueTheFieldCanHold() {
        assertThat(errors("term == 3000000000")).containsExactly("3000000000 at column 9 is not a value term can hold "
                + "(int: whole numbers from -2147483648 to 2147483647), so the comparison always or never holds; "
                + "compare with a value it can hold");
        assertThat(errors("term < 1.5")).containsExactly("1.5 at column 8 is not a value term can hold (int: whole "
                + "numbers from -2147483648 to 2147483647), so the comparison always or never holds; compare with a "
                + "value it can hold");
        assertThat(errors("-9223372036854775809 < big")).containsExactly("-9223372036854775809 at column 1 is not a "
                + "value big can hold (long: whole numbers from -9223372036854775808 to 9223372036854775807), so the "
                + "comparison always or never holds; compare with a value it can hold");
        assertThat(errors("amount > 0.001")).containsExactly("0.001 at column 10 is not a value amount can hold "
                + "(numeric(12, 2): up to 10 digits before the point and 2 after), so the comparison always or never "
                + "holds; compare with a value it can hold");
        assertThat(errors("amount < 10000000000")).hasSize(1);
        assertThat(errors("code == 'ABCD'")).containsExactly("'ABCD' at column 9 is not a value code can hold "
                + "(varchar(3): up to 3 characters), so the comparison always or never holds; compare with a value "
                + "it can hold");
        // At the limits, and in other spellings of the same value, they fit.
        assertThat(check("term == -2147483648 and term != 2147483647 and term > 5.000 and big > -9223372036854775808 "
                + "and amount < 9999999999.99 and amount > 1.500 and code == 'ÄÖÜ' and term + 3000000000 > 0")
                .errors()).isEmpty();
    }

    @Test
    void typesRulesDoNotRead() {
        assertThat(errors("fundedAt is not null")).containsExactly("field fundedAt at column 1 has type "
                + "OffsetDateTime, which rules do not read: PostgreSQL keeps a timestamp to the microsecond and Java "
                + "to the nanosecond, so Java's check before a write and the database's could disagree; compare "
                + "timestamps in a @Guard");
        assertThat(errors("document is null")).containsExactly("field document at column 1 has type byte[], which "
                + "rules do not read: rules compare numbers, strings, booleans, enums, UUIDs and dates");
    }

    @Test
    void aRuleReadsAField() {
        assertThat(errors("1 < 2")).containsExactly("the rule at column 1 reads no field, so it holds always or "
                + "never; write a condition on the workflow's fields");
        assertThat(errors("true")).hasSize(1);
    }

    @Test
    void readsAreTheFieldsNamedInTheOrderOfTheText() {
        RuleExpression rule = rule("fundedAmount <= amount and (underwriter != applicant or amount > fundedAmount)");
        assertThat(rule.reads().stream().map(Field::name).toList())
                .containsExactly("fundedAmount", "amount", "underwriter", "applicant").inOrder();
    }

    @Test
    void minusBeforeANumberIsPartOfIt() {
        assertThat(rule("term > -5").expression()).isEqualTo(new Expression.Comparison(Expression.Comparator.GT,
                new Expression.Read(TestFields.LOAN.get(6)), new Expression.NumberLiteral(new java.math.BigDecimal("-5"))));
        assertThat(TestFields.LOAN.get(6).type().kind()).isEqualTo(Kind.INTEGER);
    }

    private static RuleCheck check(String text) {
        return TestFields.check(text);
    }
}
