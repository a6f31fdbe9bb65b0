package dev.statewise.samples.loan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.runtime.Audit;
import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.Failures;
import dev.statewise.runtime.GuardRefusedException;
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

    @Test
    void anUnderwriterCannotApproveTheirOwnApplication() {
        LoanApplicationValue loan = loans.startReview(loans.create("grace", TEN_THOUSAND), "grace");

        GuardRefusedException e = assertThrows(GuardRefusedException.class, () -> loans.approve(loan, APPROVED_ON));

        assertEquals("underwriterIsNotTheApplicant", e.guard());
        assertEquals(loan, loans.get(loan.id()));
    }

    @Test
    void noMoreIsPaidOutThanWasAppliedFor() {
        LoanApplicationValue loan = loans.approve(loans.startReview(loans.create("ada", TEN_THOUSAND), "grace"),
                APPROVED_ON);

        GuardRefusedException e = assertThrows(GuardRefusedException.class,
                () -> loans.fund(loan, new BigDecimal("10000.01"), PAID_AT));

        assertEquals("paysAtMostTheAmountAppliedFor", e.guard());
        assertEquals(loan, loans.get(loan.id()));
        assertNull(loans.get(loan.id()).fundedAmount());
    }

    @Test
    void aRejectedLoanIsNeverFunded() {
        LoanApplicationValue loan = loans.reject(loans.create("ada", TEN_THOUSAND), "incomplete documents");

        assertThrows(IllegalTransitionException.class, () -> loans.fund(loan, TEN_THOUSAND, PAID_AT));
    }
}
