package workflows;

import dev.statewise.dsl.Column;
import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Invariant;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.math.BigDecimal;
import java.time.LocalTime;

/** A loan whose rules between fields the database enforces, beside a guard only Java can. */
@Workflow(table = "loan")
@Invariant(in = {"APPROVED", "FUNDED"}, value = "underwriter != applicant", name = "fourEyes",
        message = "No one approves their own loan.")
@Invariant(in = "FUNDED", value = "fundedAmount <= amount")
@Invariant(in = {"SUBMITTED", "APPROVED", "FUNDED", "REJECTED"}, value = "amount > 0 and amount * 2 < 1000000")
public interface Loan {

    enum Stage { @Initial SUBMITTED, APPROVED, @Terminal FUNDED, @Terminal REJECTED }

    String applicant();

    @Column(precision = 12, scale = 2)
    BigDecimal amount();

    @RequiredIn({"APPROVED", "FUNDED"})
    String underwriter();

    @Column(precision = 12, scale = 2)
    @OnlyIn("FUNDED")
    BigDecimal fundedAmount();

    @Transition(from = "SUBMITTED", to = "APPROVED")
    Loan approve(String underwriter);

    @Transition(from = "APPROVED", to = "FUNDED")
    Loan fund(BigDecimal fundedAmount);

    @Transition(from = "SUBMITTED", to = "REJECTED")
    Loan reject();

    /** The treasury pays out before five: a rule about the time, which no CHECK could hold. */
    @Guard("fund")
    default boolean treasuryIsOpen() {
        return LocalTime.now().getHour() < 17;
    }
}
