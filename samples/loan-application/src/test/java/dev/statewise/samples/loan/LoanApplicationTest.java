package dev.statewise.samples.loan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.runtime.Audit;
import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.Failures;
import dev.statewise.runtime.HistoryEntry;
import dev.statewise.runtime.IllegalTransitionException;
import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every path of a loan, through the generated repository, on a real PostgreSQL with the committed
 * migrations applied to this class's own schema by its owner, the repository logged in as the
 * application role with only what docs/database.md tells a team to grant.
 */
@PostgresTest(migrations = "classpath:db/migration")
class LoanApplicationTest {

    private static final BigDecimal TEN_THOUSAND = new BigDecimal("10000.00");
    private static final LocalDate APPROVED_ON = LocalDate.of(2026, 11, 24);
    private static final Instant PAID_AT = Instant.parse("2026-11-25T10:00:00Z");
    private static final String FOUR_EYES = "loan_application_underwriter_is_not_the_applicant_rule";
    private static final String FUNDED_AT_MOST = "loan_application_funded_amount_le_amount_rule";
    private static final String POSITIVE_AMOUNT = "loan_application_amount_gt_0_rule";

    private static DSLContext dsl;
    private static LoanApplicationRepository loans;

    @BeforeAll
    static void connect(TestSchema schema, @AsOwner DSLContext owner, @AsApplication DSLContext application) {
        owner.execute("GRANT SELECT, INSERT, UPDATE ON loan_application TO " + schema.applicationRole());
        owner.execute("GRANT SELECT ON loan_application_history, loan_application_transition TO "
                + schema.applicationRole());
        dsl = application;
        loans = new LoanApplicationRepository(dsl);
    }

    @Test
    void anAmountJavaCannotHoldIsRefusedByTheDatabaseNamingItsField() {
        LoanApplicationValue loan = loans.create("ada", TEN_THOUSAND);

        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("UPDATE loan_application SET amount = 'NaN' WHERE id = ?", loan.id()));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, LoanApplicationWorkflow.DESCRIPTOR, loan.id()));
        assertEquals(List.of("amount"), failure.fields());
        assertEquals("loan_application_amount_check", failure.constraint());
        assertEquals(TEN_THOUSAND, loans.get(loan.id()).amount());
    }

    @Test
    void anApprovedLoanIsFunded() {
        LoanApplicationValue loan = loans.create("ada", TEN_THOUSAND);
        loan = loans.startReview(loan, "grace");
        loan = loans.approve(loan, APPROVED_ON, Audit.by("grace"));
        loan = loans.fund(loan, new BigDecimal("9500.00"), PAID_AT, Audit.by("treasury").because("first tranche"));

        assertEquals(LoanApplication.Stage.FUNDED, loan.stage());
        assertEquals(new BigDecimal("9500.00"), loan.fundedAmount());
        assertEquals(PAID_AT, loan.fundedAt());
        assertEquals(List.of("startReview", "approve", "fund"),
                loans.history(loan.id()).stream().map(HistoryEntry::transition).toList());
    }

    @Test
    void aLoanIsRejectedBeforeTheReview() {
        LoanApplicationValue loan = loans.reject(loans.create("ada", TEN_THOUSAND), "incomplete documents");

        assertEquals(LoanApplication.Stage.REJECTED, loan.stage());
        assertEquals("incomplete documents", loan.rejectionReason());
    }

    @Test
    void aLoanIsRejectedDuringTheReview() {
        LoanApplicationValue loan = loans.startReview(loans.create("ada", TEN_THOUSAND), "grace");

        loan = loans.reject(loan, "income too low", Audit.by("grace"));

        assertEquals(LoanApplication.Stage.REJECTED, loan.stage());
        assertEquals("grace", loans.history(loan.id()).get(1).actor());
    }

    // The rules between fields: each refused by the value type before any write, by the repository,
    // and by the database to raw SQL as the application role, naming the rule every time.

    @Test
    void anUnderwriterCannotApproveTheirOwnApplicationInTheValueType() {
        LoanApplicationValue inReview = LoanApplicationValue.create("grace", TEN_THOUSAND).startReview("grace");

        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> inReview.approve(APPROVED_ON));

        assertBreaks(e, FOUR_EYES);
        assertEquals("APPROVED", e.state());
        assertEquals("LoanApplication.approve: a row in APPROVED breaks rule underwriterIsNotTheApplicant, underwriter"
                + " != applicant (" + FOUR_EYES + "): An underwriter may not approve their own application.",
                e.getMessage());
        // Within the state, an edit is checked as well: the value is made by with, and refused there.
        LoanApplicationValue approved = LoanApplicationValue.create("ada", TEN_THOUSAND).startReview("grace")
                .approve(APPROVED_ON);
        assertBreaks(assertThrows(ConstraintViolationException.class, () -> approved.withUnderwriter("ada")),
                FOUR_EYES);
        assertBreaks(assertThrows(ConstraintViolationException.class, () -> approved.withApplicant("grace")),
                FOUR_EYES);
    }

    @Test
    void anUnderwriterCannotApproveTheirOwnApplicationThroughTheRepository() {
        LoanApplicationValue loan = loans.startReview(loans.create("grace", TEN_THOUSAND), "grace");

        assertBreaks(assertThrows(ConstraintViolationException.class, () -> loans.approve(loan, APPROVED_ON)),
                FOUR_EYES);

        assertEquals(loan, loans.get(loan.id()));
        assertEquals(List.of("startReview"), loans.history(loan.id()).stream().map(HistoryEntry::transition).toList());
    }

    @Test
    void anUnderwriterCannotApproveTheirOwnApplicationWithPlainSql() {
        LoanApplicationValue inReview = loans.startReview(loans.create("grace", TEN_THOUSAND), "grace");
        LoanApplicationValue approved = loans.approve(loans.startReview(loans.create("ada", TEN_THOUSAND), "grace"),
                APPROVED_ON);

        // The transition into APPROVED, as a second service would take it.
        assertBreaks(refusedSql(inReview.id(), "UPDATE loan_application SET stage = 'APPROVED', approved_on = ?, "
                + "transition = 'approve' WHERE id = ?", APPROVED_ON, inReview.id()), FOUR_EYES);
        // A plain edit within APPROVED, which leaves no history for anyone to notice.
        assertBreaks(refusedSql(approved.id(), "UPDATE loan_application SET underwriter = applicant WHERE id = ?",
                approved.id()), FOUR_EYES);

        assertEquals(inReview, loans.get(inReview.id()));
        assertEquals(approved, loans.get(approved.id()));
    }

    @Test
    void noMoreIsPaidOutThanWasAppliedForInTheValueType() {
        LoanApplicationValue approved = LoanApplicationValue.create("ada", TEN_THOUSAND).startReview("grace")
                .approve(APPROVED_ON);

        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> approved.fund(new BigDecimal("10000.01"), PAID_AT));

        assertBreaks(e, FUNDED_AT_MOST);
        assertEquals(List.of("fundedAmount", "amount"), e.fields());
        LoanApplicationValue funded = approved.fund(TEN_THOUSAND, PAID_AT);
        assertBreaks(assertThrows(ConstraintViolationException.class,
                () -> funded.withFundedAmount(new BigDecimal("10000.01"))), FUNDED_AT_MOST);
        assertBreaks(assertThrows(ConstraintViolationException.class,
                () -> funded.withAmount(new BigDecimal("9999.99"))), FUNDED_AT_MOST);
        // Equal by value, whatever the scale: 10000 is 10000.00, in Java as in PostgreSQL.
        assertEquals(new BigDecimal("10000"), funded.withFundedAmount(new BigDecimal("10000")).fundedAmount());
    }

    @Test
    void noMoreIsPaidOutThanWasAppliedForThroughTheRepository() {
        LoanApplicationValue loan = loans.approve(loans.startReview(loans.create("ada", TEN_THOUSAND), "grace"),
                APPROVED_ON);

        assertBreaks(assertThrows(ConstraintViolationException.class,
                () -> loans.fund(loan, new BigDecimal("10000.01"), PAID_AT)), FUNDED_AT_MOST);

        assertEquals(loan, loans.get(loan.id()));
        assertNull(loans.get(loan.id()).fundedAmount());
    }

    @Test
    void noMoreIsPaidOutThanWasAppliedForWithPlainSql() {
        LoanApplicationValue approved = loans.approve(loans.startReview(loans.create("ada", TEN_THOUSAND), "grace"),
                APPROVED_ON);
        LoanApplicationValue funded = loans.fund(loans.approve(loans.startReview(loans.create("ada", TEN_THOUSAND),
                "grace"), APPROVED_ON), TEN_THOUSAND, PAID_AT);

        assertBreaks(refusedSql(approved.id(), "UPDATE loan_application SET stage = 'FUNDED', funded_amount = 99999.99,"
                + " funded_at = now(), transition = 'fund' WHERE id = ?", approved.id()), FUNDED_AT_MOST);
        assertBreaks(refusedSql(funded.id(), "UPDATE loan_application SET funded_amount = 99999.99 WHERE id = ?",
                funded.id()), FUNDED_AT_MOST);
        assertBreaks(refusedSql(funded.id(), "UPDATE loan_application SET amount = 1000 WHERE id = ?", funded.id()),
                FUNDED_AT_MOST);

        assertEquals(approved, loans.get(approved.id()));
        assertEquals(funded, loans.get(funded.id()));
    }

    @Test
    void anApplicationIsForAPositiveAmountHoweverItIsMade() {
        assertBreaks(assertThrows(ConstraintViolationException.class,
                () -> LoanApplicationValue.create("ada", BigDecimal.ZERO)), POSITIVE_AMOUNT);
        // A draft made with the canonical constructor, which checks nothing but the state: the repository checks it.
        LoanApplicationValue draft = new LoanApplicationValue(null, LoanApplication.Stage.SUBMITTED, 0L, "ada",
                new BigDecimal("-1.00"), null, null, null, null, null);
        assertBreaks(assertThrows(ConstraintViolationException.class, () -> loans.create(draft)), POSITIVE_AMOUNT);
        long before = dsl.fetchCount(dsl.selectFrom("loan_application"));

        assertBreaks(refusedSql(null, "INSERT INTO loan_application (applicant, amount) VALUES ('ada', 0)"),
                POSITIVE_AMOUNT);

        assertEquals(before, dsl.fetchCount(dsl.selectFrom("loan_application")));
    }

    /** The statement, as the application role, refused by the database and mapped back to a rule. */
    private static ConstraintViolationException refusedSql(Long id, String sql, Object... bindings) {
        DataAccessException error = assertThrows(DataAccessException.class, () -> dsl.execute(sql, bindings));
        return assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, LoanApplicationWorkflow.DESCRIPTOR, id));
    }

    private static void assertBreaks(ConstraintViolationException e, String constraint) {
        assertEquals(constraint, e.constraint());
        assertEquals(constraint, e.rule().constraint());
        assertEquals("23514", e.sqlState());
        assertTrue(e.getMessage().contains("breaks rule " + e.rule().label()), e.getMessage());
    }

    @Test
    void aRejectedLoanIsNeverFunded() {
        LoanApplicationValue loan = loans.reject(loans.create("ada", TEN_THOUSAND), "incomplete documents");

        assertThrows(IllegalTransitionException.class, () -> loans.fund(loan, TEN_THOUSAND, PAID_AT));
    }
}
