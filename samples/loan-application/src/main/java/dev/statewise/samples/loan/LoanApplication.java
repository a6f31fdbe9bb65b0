package dev.statewise.samples.loan;

import dev.statewise.dsl.Column;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Invariant;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Timeout;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A loan, from the application to the money paid out. */
@Workflow
// tag::rules[]
@Invariant(in = {"APPROVED", "FUNDED"}, value = "underwriter != applicant", name = "underwriterIsNotTheApplicant",
        message = "An underwriter may not approve their own application.")
@Invariant(in = "FUNDED", value = "fundedAmount <= amount", message = "No more is paid out than was applied for.")
@Invariant(in = {"SUBMITTED", "UNDER_REVIEW", "ESCALATED", "APPROVED", "REJECTED", "FUNDED"}, value = "amount > 0",
        message = "An application is for a positive amount.")
// end::rules[]
public interface LoanApplication {

    enum Stage {
        /** Received, waiting for an underwriter. */
        @Initial SUBMITTED,
        // tag::timeout[]
        /** An underwriter is assessing it; a review that takes more than three days is escalated. */
        @Timeout(after = "P3D", fire = "escalate") UNDER_REVIEW,
        // end::timeout[]
        /** The review took too long: a senior underwriter decides. */
        ESCALATED,
        /** Approved, waiting to be paid out. */
        APPROVED,
        /** Turned down. */
        @Terminal REJECTED,
        /** Paid out. */
        @Terminal FUNDED
    }

    /** Who applies. */
    String applicant();

    /** The amount applied for. */
    @Column(precision = 12, scale = 2) BigDecimal amount();

    /** Who assesses the application. */
    @RequiredIn({"UNDER_REVIEW", "ESCALATED", "APPROVED", "FUNDED"}) String underwriter();

    /** When the underwriter approved it. */
    @RequiredIn({"APPROVED", "FUNDED"}) LocalDate approvedOn();

    /** Why it was turned down. */
    @OnlyIn("REJECTED") String rejectionReason();

    /** The amount paid out, at most the amount applied for. */
    @Column(precision = 12, scale = 2) @OnlyIn("FUNDED") BigDecimal fundedAmount();

    /** When the money left. */
    @OnlyIn("FUNDED") Instant fundedAt();

    /** An underwriter takes the application. */
    @Transition(from = "SUBMITTED", to = "UNDER_REVIEW")
    LoanApplication startReview(String underwriter);

    // tag::timeout[]
    /** Nobody decided within three days: fired by the database's deadline, never called by a person. */
    @Transition(from = "UNDER_REVIEW", to = "ESCALATED")
    LoanApplication escalate();
    // end::timeout[]

    /** The underwriter approves. */
    @Transition(from = {"UNDER_REVIEW", "ESCALATED"}, to = "APPROVED")
    LoanApplication approve(LocalDate approvedOn);

    /** Turned down, before or during the review. */
    @Transition(from = {"SUBMITTED", "UNDER_REVIEW", "ESCALATED"}, to = "REJECTED")
    LoanApplication reject(String rejectionReason);

    /** The money is paid out. */
    @Transition(from = "APPROVED", to = "FUNDED")
    LoanApplication fund(BigDecimal fundedAmount, Instant fundedAt);
}
