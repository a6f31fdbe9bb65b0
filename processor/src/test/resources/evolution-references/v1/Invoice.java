package billing;

import dev.statewise.dsl.*;

/** An invoice, before it was tied to an account. */
@Workflow
public interface Invoice {

    enum Status { @Initial DRAFT, SENT, @Terminal PAID }

    String number();

    @Nullable Long accountId();

    @Transition(from = "DRAFT", to = "SENT")
    Invoice send();

    @Transition(from = "SENT", to = "PAID")
    Invoice pay();
}
