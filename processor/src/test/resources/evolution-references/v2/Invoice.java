package billing;

import dev.statewise.dsl.*;
import org.jooq.JSONB;

/** An invoice of an account, its number unique once sent, its lines as JSON. */
@Workflow
public interface Invoice {

    enum Status { @Initial DRAFT, SENT, @Terminal PAID }

    @Unique({"SENT", "PAID"})
    String number();

    @Nullable
    @References(Account.class)
    Long accountId();

    @Nullable JSONB lines();

    @Transition(from = "DRAFT", to = "SENT")
    Invoice send();

    @Transition(from = "SENT", to = "PAID")
    Invoice pay();
}
