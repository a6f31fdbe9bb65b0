package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.test.PostgresTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * A rule between fields refused the same way wherever it is refused: {@link Rules#require} before
 * a write, {@link Failures#translate} after the database's CHECK; a {@link ConstraintViolationException}
 * that names the rule, its constraint and its fields, with SQLSTATE 23514.
 */
@PostgresTest
class RuleRefusalsTest {

    private static final RuleDescriptor FUNDED_AT_MOST = new RuleDescriptor(null, "loan_funded_amount_le_amount_rule",
            List.of("FUNDED"), "fundedAmount <= amount", "No more is paid out than was applied for.",
            List.of("fundedAmount", "amount"), Map.of("fundedAmount", "0", "amount", "0"),
            Map.of("fundedAmount", "1", "amount", "0"));
    private static final RuleDescriptor FOUR_EYES = new RuleDescriptor("fourEyes", "loan_four_eyes_rule",
            List.of("APPROVED", "FUNDED"), "underwriter != applicant", null, List.of("underwriter", "applicant"),
            Map.of(), Map.of());

    private static final WorkflowDescriptor LOAN = new WorkflowDescriptor("Loan", "loan", "stage", "loan_stage_check",
            "loan_transition", "loan_history", "loan_id",
            List.of(new StateDescriptor("SUBMITTED", true, false, List.of(), List.of("fundedAmount"), null),
                    new StateDescriptor("APPROVED", false, false, List.of("underwriter"), List.of("fundedAmount"),
                            "loan_approved_check"),
                    new StateDescriptor("FUNDED", false, true, List.of("underwriter", "fundedAmount"), List.of(),
                            "loan_funded_check")),
            List.of(new EdgeDescriptor("approve", "SUBMITTED", "APPROVED", List.of("underwriter")),
                    new EdgeDescriptor("fund", "APPROVED", "FUNDED", List.of("fundedAmount"))),
            List.of(new FieldDescriptor("applicant", "applicant", String.class),
                    new FieldDescriptor("underwriter", "underwriter", String.class),
                    new FieldDescriptor("amount", "amount", BigDecimal.class),
                    new FieldDescriptor("fundedAmount", "funded_amount", BigDecimal.class)),
            "stage_since", null, null, List.of(FOUR_EYES, FUNDED_AT_MOST));

    @BeforeAll
    static void createTable(DataSource dataSource) throws SQLException {
        execute(dataSource, """
                CREATE TABLE loan (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    stage text NOT NULL,
                    applicant text NOT NULL,
                    underwriter text,
                    amount numeric NOT NULL,
                    funded_amount numeric,
                    CONSTRAINT loan_four_eyes_rule CHECK (stage NOT IN ('APPROVED', 'FUNDED') OR (underwriter <> applicant)),
                    CONSTRAINT loan_funded_amount_le_amount_rule CHECK (stage NOT IN ('FUNDED') OR (funded_amount <= amount))
                )""");
    }

    @Test
    void javaRefusesAFalseVerdictNamingTheRuleTheStateAndWhatMadeTheValue() {
        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> Rules.require(Rules.le(new BigDecimal("10.01"), new BigDecimal("10.00")), LOAN,
                        "loan_funded_amount_le_amount_rule", "FUNDED", "fund"));

        assertEquals("Loan.fund: a row in FUNDED breaks rule fundedAmount <= amount "
                + "(loan_funded_amount_le_amount_rule): No more is paid out than was applied for.", e.getMessage());
        assertSame(FUNDED_AT_MOST, e.rule());
        assertEquals("FUNDED", e.state());
        assertEquals(List.of("fundedAmount", "amount"), e.fields());
        assertEquals("loan_funded_amount_le_amount_rule", e.constraint());
        assertEquals(SqlStates.CHECK_VIOLATION, e.sqlState());
        assertNull(e.getCause());
    }

    @Test
    void unknownPassesAsInTheCheck() {
        assertDoesNotThrow(() -> Rules.require(Rules.le(null, BigDecimal.ONE), LOAN,
                "loan_funded_amount_le_amount_rule", "FUNDED", "fund"));
        assertDoesNotThrow(() -> Rules.require(true, LOAN, "loan_funded_amount_le_amount_rule", "FUNDED", "fund"));
    }

    @Test
    void aRuleTheDescriptorLacksIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> Rules.require(false, LOAN, "loan_no_such_rule", "FUNDED", "fund"));
    }

    @Test
    void theDatabasesRefusalMapsBackToTheRule(DataSource dataSource) {
        PSQLException error = assertThrows(PSQLException.class, () -> execute(dataSource,
                "INSERT INTO loan (stage, applicant, underwriter, amount) VALUES ('APPROVED', 'ada', 'ada', 10)"));

        ConstraintViolationException e = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, LOAN, null));

        assertEquals("Loan: the row breaks rule fourEyes, underwriter != applicant, which holds in APPROVED, FUNDED "
                + "(loan_four_eyes_rule)", e.getMessage());
        assertSame(FOUR_EYES, e.rule());
        assertNull(e.state());
        assertEquals(List.of("underwriter", "applicant"), e.fields());
        assertEquals(SqlStates.CHECK_VIOLATION, e.sqlState());
        assertSame(error, e.getCause());
    }

    @Test
    void aPlainEditWithinTheStateIsRefusedToo(DataSource dataSource) throws SQLException {
        execute(dataSource, "INSERT INTO loan (stage, applicant, underwriter, amount, funded_amount)"
                + " VALUES ('FUNDED', 'ada', 'grace', 10, 10)");

        PSQLException error = assertThrows(PSQLException.class, () -> execute(dataSource,
                "UPDATE loan SET funded_amount = 10.01 WHERE stage = 'FUNDED'"));

        ConstraintViolationException e = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, LOAN, 1L));
        assertSame(FUNDED_AT_MOST, e.rule());
    }

    @Test
    void theRuleTravelsWithTheException() throws IOException, ClassNotFoundException {
        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> Rules.require(false, LOAN, "loan_four_eyes_rule", "APPROVED", "approve"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(FOUR_EYES, ((ConstraintViolationException) in.readObject()).rule());
        }
    }

    @Test
    void aDescriptorRefusesARuleItCouldNotAnswerFor() {
        RuleDescriptor undeclaredState = new RuleDescriptor(null, "loan_x_rule", List.of("PAID"), "amount > 0", null,
                List.of("amount"), Map.of(), Map.of());
        RuleDescriptor undeclaredField = new RuleDescriptor(null, "loan_x_rule", List.of("FUNDED"), "fee > 0", null,
                List.of("fee"), Map.of(), Map.of());
        RuleDescriptor takenName = new RuleDescriptor(null, "loan_funded_check", List.of("FUNDED"), "amount > 0",
                null, List.of("amount"), Map.of(), Map.of());

        for (RuleDescriptor rule : List.of(undeclaredState, undeclaredField, takenName)) {
            assertThrows(IllegalArgumentException.class, () -> new WorkflowDescriptor("Loan", "loan", "stage",
                    "loan_stage_check", "loan_transition", "loan_history", "loan_id", LOAN.states(), LOAN.edges(),
                    LOAN.fields(), "stage_since", null, null, List.of(rule)), rule.constraint());
        }
        assertEquals(List.of(FOUR_EYES), LOAN.rulesIn("APPROVED"));
        assertEquals(List.of(FOUR_EYES, FUNDED_AT_MOST), LOAN.rulesIn("FUNDED"));
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
