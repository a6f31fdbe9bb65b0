package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code @Invariant}: every error its rule's text can have, each on the rule with its column inside
 * the text, and the errors and the warning of the annotation around it.
 */
class InvariantDiagnosticsTest {

    private static final String FIELDS = "(the fields of Loan: applicant, underwriter, amount, fundedAmount, "
            + "fundedAt, priority)";

    /**
     * A loan whose second rule, on line 11, holds in {@code in} and reads {@code rule}, written in
     * the source as a Java string; {@code members} go after its fields.
     */
    private static JavaFileObject loan(String in, String rule, String... members) {
        List<String> lines = new ArrayList<>(List.of(
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.math.BigDecimal;",
                "import java.time.Instant;",
                "",
                "@Workflow",
                "@Invariant(in = {\"APPROVED\", \"FUNDED\"}, value = \"underwriter != applicant\")",
                "@Invariant(",
                "        in = " + in + ",",
                "        value = \"" + rule.replace("\\", "\\\\").replace("\"", "\\\"").replace("\0", "\\0") + "\")",
                "public interface Loan {",
                "    enum Stage { @Initial SUBMITTED, APPROVED, @Terminal FUNDED }",
                "    enum Priority { LOW, HIGH }",
                "",
                "    String applicant();",
                "    @RequiredIn({\"APPROVED\", \"FUNDED\"}) String underwriter();",
                "    @Column(precision = 12, scale = 2) BigDecimal amount();",
                "    @Column(precision = 12, scale = 2) @OnlyIn(\"FUNDED\") BigDecimal fundedAmount();",
                "    @OnlyIn(\"FUNDED\") Instant fundedAt();",
                "    Priority priority();"));
        lines.addAll(Arrays.asList(members));
        lines.addAll(List.of(
                "",
                "    @Transition(from = \"SUBMITTED\", to = \"APPROVED\")",
                "    Loan approve(String underwriter);",
                "    @Transition(from = \"APPROVED\", to = \"FUNDED\")",
                "    Loan fund(BigDecimal fundedAmount, Instant fundedAt);",
                "}"));
        return source("test.Loan", lines.toArray(String[]::new));
    }

    private static void assertRefused(JavaFileObject loan, int line, String error) {
        Compilation compilation = compile(loan);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(error).inFile(loan).onLine(line);
        assertThat(compilation).hadErrorCount(1);
    }

    /** For each code of the rule language, a rule in FUNDED that has that error alone, and its message. */
    static Stream<Arguments> ruleErrors() {
        return Stream.of(
                Arguments.of("amount # 1", "[RULE_UNEXPECTED_CHARACTER] unexpected character # at column 8; a rule "
                        + "is made of field names, literals, == != < <= > >=, and, or, not, is null, is not null, "
                        + "+ - * and parentheses"),
                Arguments.of("applicant == \"ada\"", "[RULE_DOUBLE_QUOTES] the string at column 14 is in double "
                        + "quotes; rules quote strings as SQL does, in single quotes: 'ada'"),
                Arguments.of("applicant == 'ada", "[RULE_UNTERMINATED_STRING] the string at column 14 has no closing "
                        + "quote; end it with ', and write a quote inside it as ''"),
                Arguments.of("applicant == 'a\0b'", "[RULE_NUL_IN_STRING] the string holds a NUL character at column "
                        + "16, which PostgreSQL's text cannot hold; remove it"),
                Arguments.of("amount > .5", "[RULE_MALFORMED_NUMBER] malformed number .5 at column 10; write 0.5"),
                Arguments.of("amount > 0 && fundedAmount > 0", "[RULE_OTHER_SPELLING] && at column 12 is not how rules "
                        + "say it; write and"),
                Arguments.of("fundedAmount / 2 > amount", "[RULE_NO_DIVISION] / at column 14 divides; rules do not "
                        + "divide"),
                Arguments.of("fundedAmount <= ", "[RULE_EXPECTED] expected "),
                Arguments.of("fundedAmount == null", "[RULE_NULL_OUTSIDE_TEST] null at column 17 stands alone; NULL "
                        + "equals nothing in SQL, not even NULL, so rules test for it with"),
                Arguments.of("fundedAmout <= amount", "[RULE_UNKNOWN_FIELD] unknown field fundedAmout at column 1; "
                        + "did you mean fundedAmount? " + FIELDS),
                Arguments.of("priority == HIHG", "[RULE_UNKNOWN_CONSTANT] unknown constant HIHG of Priority at "
                        + "column 13; did you mean HIGH?"),
                Arguments.of("amount == HIGH", "[RULE_CONSTANT_BESIDE_OTHER_TYPE] HIGH at column 11 is a constant of "
                        + "Priority, compared with a number; a constant is compared with a field of its enum"),
                Arguments.of("fundedAt is not null", "[RULE_UNREADABLE_TYPE] field fundedAt at column 1 has type "
                        + "Instant, which rules do not read: PostgreSQL keeps a timestamp to the microsecond"),
                Arguments.of("amount == 'x'", "[RULE_TYPE_MISMATCH] == at column 8 compares amount (a number) with "
                        + "'x' (a string); compare values of one type"),
                Arguments.of("underwriter < applicant", "[RULE_NOT_ORDERED] < at column 13 orders strings; PostgreSQL "
                        + "orders text by the database's collation and Java by UTF-16 code units"),
                Arguments.of("applicant + 1 > 0", "[RULE_NOT_A_NUMBER] + at column 11 needs numbers, and applicant is "
                        + "a string"),
                Arguments.of("amount and fundedAmount > 0", "[RULE_NOT_A_CONDITION] and at column 8 needs a condition, "
                        + "and amount is a number; compare it, e.g. amount > 0"),
                Arguments.of("amount > 0.001", "[RULE_LITERAL_DOES_NOT_FIT] 0.001 at column 10 is not a value amount "
                        + "can hold (numeric(12, 2): up to 10 digits before the point and 2 after)"),
                Arguments.of("1 < 2", "[RULE_READS_NO_FIELD] the rule at column 1 reads no field, so it holds always "
                        + "or never; write a condition on the workflow's fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleErrors")
    void anErrorInTheRuleIsReportedOnItWithItsColumn(String rule, String error) {
        assertRefused(loan("\"FUNDED\"", rule), 11, error);
    }

    @Test
    void aNameThatIsAFieldAndAConstantOfTheEnumItIsComparedWith() {
        assertRefused(loan("\"FUNDED\"", "priority == HIGH", "    @Nullable Priority HIGH();"), 11,
                "[RULE_AMBIGUOUS_NAME] HIGH at column 13 names both a field and a constant of Priority; rename the "
                        + "field");
    }

    @Test
    void everyTypeErrorOfARuleIsReported() {
        JavaFileObject loan = loan("\"FUNDED\"", "fundedAmout <= amount and underwriter < applicant");

        Compilation compilation = compile(loan);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[RULE_UNKNOWN_FIELD] unknown field fundedAmout at column 1")
                .inFile(loan).onLine(11);
        assertThat(compilation).hadErrorContaining("[RULE_NOT_ORDERED] < at column 39 orders strings")
                .inFile(loan).onLine(11);
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void anUnknownStateWithASuggestion() {
        assertRefused(loan("{\"APPROVED\",\n                \"FUNDD\"}", "fundedAmount <= amount"), 11,
                "[UNKNOWN_STATE] @Invariant(\"fundedAmount <= amount\") names unknown state \"FUNDD\"; did you mean "
                        + "FUNDED? (the states of Loan: SUBMITTED, APPROVED, FUNDED)");
    }

    @Test
    void noState() {
        assertRefused(loan("{}", "fundedAmount <= amount"), 10,
                "[EMPTY_STATES] @Invariant(\"fundedAmount <= amount\") names no state; name the states where the "
                        + "rule holds, e.g. in = {\"SUBMITTED\", \"APPROVED\", \"FUNDED\"}");
    }

    @Test
    void aStateTwice() {
        assertRefused(loan("{\"FUNDED\",\n                \"FUNDED\"}", "fundedAmount <= amount"), 11,
                "[DUPLICATE_STATE] @Invariant(\"fundedAmount <= amount\") names state FUNDED twice; remove one");
    }

    /** A rule on line 9 of its own, after the sample's two, with the attributes given. */
    private static JavaFileObject withThirdRule(String attributes) {
        return source("test.Loan",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.math.BigDecimal;",
                "",
                "@Workflow",
                "@Invariant(in = {\"APPROVED\", \"FUNDED\"}, value = \"underwriter != applicant\", name = \"fourEyes\")",
                "@Invariant(in = \"FUNDED\", value = \"fundedAmount <= amount\")",
                "@Invariant(" + attributes + ")",
                "public interface Loan {",
                "    enum Stage { @Initial SUBMITTED, APPROVED, @Terminal FUNDED }",
                "",
                "    String applicant();",
                "    @RequiredIn({\"APPROVED\", \"FUNDED\"}) String underwriter();",
                "    BigDecimal amount();",
                "    @OnlyIn(\"FUNDED\") BigDecimal fundedAmount();",
                "",
                "    @Transition(from = \"SUBMITTED\", to = \"APPROVED\")",
                "    Loan approve(String underwriter);",
                "    @Transition(from = \"APPROVED\", to = \"FUNDED\")",
                "    Loan fund(BigDecimal fundedAmount);",
                "}");
    }

    @Test
    void aNameThatIsNoPlainIdentifier() {
        assertRefused(withThirdRule("in = \"FUNDED\", value = \"amount > 0\", name = \"amount-positive\""), 9,
                "[INVALID_IDENTIFIER] @Invariant(name) \"amount-positive\" is not a plain SQL identifier");
    }

    @Test
    void twoRulesWithOneName() {
        assertRefused(withThirdRule("in = \"APPROVED\", value = \"amount > 0\", name = \"fourEyes\""), 9,
                "[INVARIANT_DUPLICATE_NAME] @Invariant(\"amount > 0\") takes the constraint name "
                        + "loan_four_eyes_rule, which @Invariant(\"underwriter != applicant\") has already; give one "
                        + "of them another name");
    }

    @Test
    void twoUnnamedRulesWithOneExpression() {
        // Spacing and parentheses aside, the expression is the same: so is its name.
        assertRefused(withThirdRule("in = \"APPROVED\", value = \"(fundedAmount<=amount)\""), 9,
                "[INVARIANT_DUPLICATE_NAME] @Invariant(\"(fundedAmount<=amount)\") takes the constraint name "
                        + "loan_funded_amount_le_amount_rule, which @Invariant(\"fundedAmount <= amount\") has already; "
                        + "give one of them a name = \"...\"");
    }

    @Test
    void theSameRuleTwice() {
        assertRefused(withThirdRule("in = \"FUNDED\", value = \"fundedAmount <= amount\""), 9,
                "[INVARIANT_DUPLICATE_NAME] @Invariant(\"fundedAmount <= amount\") takes the constraint name "
                        + "loan_funded_amount_le_amount_rule, which @Invariant(\"fundedAmount <= amount\") has already; "
                        + "remove one of them");
    }

    @Test
    void aFieldThatMayBeNullWhereTheRuleHoldsIsAWarning() {
        JavaFileObject loan = withThirdRule("in = {\"APPROVED\", \"FUNDED\"}, value = \"fundedAmount > 0\"");

        Compilation compilation = compile(loan);

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[INVARIANT_NULLABLE_FIELD] @Invariant(\"fundedAmount > 0\") "
                        + "reads fundedAmount, which is NULL in APPROVED; a CHECK passes when its expression is NULL, "
                        + "so there the rule holds whatever the other fields hold; if the rule is not meant for rows in "
                        + "APPROVED, remove that state from in")
                .inFile(loan).onLine(9);
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void aFieldThatMayBeNullSuggestsSayingWhatNullMeans() {
        JavaFileObject loan = withThirdRule("in = {\"SUBMITTED\", \"APPROVED\"}, value = \"underwriter != 'ada'\"");

        Compilation compilation = compile(loan);

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[INVARIANT_NULLABLE_FIELD] @Invariant(\"underwriter != 'ada'\") "
                        + "reads underwriter, which may be NULL in SUBMITTED; a CHECK passes when its expression is "
                        + "NULL, so there the rule holds whatever the other fields hold; require the field in "
                        + "SUBMITTED, or say in the rule what NULL means, e.g. underwriter is not null and "
                        + "(underwriter != 'ada')")
                .inFile(loan).onLine(9);
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void aRuleThatTestsTheFieldForNullSaysWhatNullMeans() {
        Compilation compilation = compile(withThirdRule(
                "in = {\"SUBMITTED\", \"APPROVED\"}, value = \"underwriter is null or underwriter != 'ada'\""));

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(0);
    }

    @Test
    void rulesInTheirContainer() {
        JavaFileObject loan = source("test.Loan",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.math.BigDecimal;",
                "",
                "@Workflow",
                "@Invariant.List({",
                "        @Invariant(in = \"OPEN\", value = \"amount > 0\"),",
                "        @Invariant(in = \"OPEN\", value = \"amount >= -1\")})",
                "public interface Loan {",
                "    enum Stage { @Initial OPEN, @Terminal CLOSED }",
                "",
                "    BigDecimal amount();",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Loan close();",
                "}");

        Compilation compilation = compile(loan);

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(0);
        assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "db/migration/V1__create_loan.sql")
                .contentsAsUtf8String().contains("CONSTRAINT loan_amount_ge_minus_1_rule CHECK");
        assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "db/migration/V1__create_loan.sql")
                .contentsAsUtf8String().contains("CONSTRAINT loan_amount_gt_0_rule CHECK");
    }
}
