package dev.statewise.samples.loan;

import static dev.statewise.samples.loan.jooq.Tables.LOAN_APPLICATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.statewise.runtime.FiredTimeouts;
import dev.statewise.runtime.HistoryEntry;
import dev.statewise.runtime.TimeoutWorker;
import dev.statewise.runtime.Timeouts;
import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A review left for three days is escalated by the database's deadline, fired by the worker, and a
 * reviewer's inbox is ordered by how long each loan has waited. Three days do not pass in a test:
 * a superuser moves a review's entry moment back, in a session that fires no trigger, since nothing
 * the application writes can.
 */
@PostgresTest(migrations = "classpath:db/migration")
class LoanTimeoutTest {

    private static final BigDecimal AMOUNT = new BigDecimal("10000.00");

    private static DSLContext superuser;
    private static LoanApplicationRepository loans;
    private static TimeoutWorker worker;

    @BeforeAll
    static void connect(TestSchema schema, DSLContext server, @AsOwner DSLContext owner,
            @AsApplication DSLContext application) {
        owner.execute("GRANT SELECT, INSERT, UPDATE ON loan_application TO " + schema.applicationRole());
        owner.execute("GRANT SELECT ON loan_application_history, loan_application_transition TO "
                + schema.applicationRole());
        superuser = server;
        loans = new LoanApplicationRepository(application);
        worker = TimeoutWorker.builder(application).repository(LoanApplicationRepository::new).build();
    }

    @Test
    void aReviewLeftForThreeDaysIsEscalated() {
        LoanApplicationValue loan = loans.startReview(loans.create("ada", AMOUNT), "grace");
        LoanApplicationValue fresh = loans.startReview(loans.create("alan", AMOUNT), "grace");
        assertNotNull(loan.stageSince());
        assertEquals(loan.stageSince().plus(Duration.ofDays(3)), deadline(loan.id()));

        waited(loan.id(), Duration.ofDays(4));
        List<FiredTimeouts> fired = worker.runOnce();

        assertEquals(1, fired.get(0).count());
        LoanApplicationValue escalated = loans.get(loan.id());
        assertEquals(LoanApplication.Stage.ESCALATED, escalated.stage());
        assertNull(deadline(loan.id()));
        HistoryEntry last = loans.history(loan.id()).get(1);
        assertEquals("escalate", last.transition());
        assertEquals(Timeouts.ACTOR, last.actor());
        assertEquals(LoanApplication.Stage.UNDER_REVIEW, loans.get(fresh.id()).stage());
    }

    @Test
    void theInboxShowsTheLongestWaitingFirst() {
        LoanApplicationValue older = loans.startReview(loans.create("ada", AMOUNT), "hedy");
        LoanApplicationValue newer = loans.startReview(loans.create("alan", AMOUNT), "hedy");
        waited(older.id(), Duration.ofHours(5));

        // tag::inbox[]
        List<LoanApplicationValue> inbox = loans.find(
                LOAN_APPLICATION.STAGE.eq(LoanApplication.Stage.UNDER_REVIEW)
                        .and(LOAN_APPLICATION.UNDERWRITER.eq("hedy")),
                LOAN_APPLICATION.STAGE_SINCE.asc());
        // end::inbox[]

        assertEquals(List.of(older.id(), newer.id()), inbox.stream().map(LoanApplicationValue::id).toList());
        Duration waiting = Duration.between(inbox.get(0).stageSince(), Instant.now());
        assertEquals(5, waiting.toHours());
    }

    /** Moves back when the loan entered its state, and its deadline with it, as if time had passed. */
    private static void waited(long id, Duration time) {
        superuser.execute("SET session_replication_role = replica; UPDATE loan_application"
                + " SET stage_since = stage_since - make_interval(secs => " + time.toSeconds() + "),"
                + " stage_deadline = stage_deadline - make_interval(secs => " + time.toSeconds() + ")"
                + " WHERE id = " + id + "; SET session_replication_role = DEFAULT");
    }

    private static Instant deadline(long id) {
        return superuser.select(LOAN_APPLICATION.STAGE_DEADLINE).from(LOAN_APPLICATION)
                .where(LOAN_APPLICATION.ID.eq(id)).fetchOne(LOAN_APPLICATION.STAGE_DEADLINE);
    }
}
