package workflows;

import dev.statewise.dsl.Column;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Unique;
import dev.statewise.dsl.Workflow;
import java.math.BigDecimal;
import org.jooq.JSONB;

/** A purchase: what was bought, as JSON, and what it cost. */
@Workflow
public interface Purchase {

    enum Status { @Initial OPEN, PAID, @Terminal CLOSED }

    /** The lines bought, as a JSON array. */
    JSONB lines();

    @Column(precision = 12, scale = 2) BigDecimal total();

    /** The payment provider's reference, never reused. */
    @Unique
    @OnlyIn({"PAID", "CLOSED"})
    String paymentReference();

    @Transition(from = "OPEN", to = "OPEN")
    Purchase changeLines(JSONB lines, BigDecimal total);

    @Transition(from = "OPEN", to = "PAID")
    Purchase pay(String paymentReference);

    @Transition(from = "PAID", to = "CLOSED")
    Purchase close();
}
