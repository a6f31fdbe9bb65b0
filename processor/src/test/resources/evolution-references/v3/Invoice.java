package billing;

import dev.statewise.dsl.*;

/** An invoice, no longer tied to an account by a key, its lines gone. */
@Workflow
@RemovedField("lines")
public interface Invoice {

    enum Status { @Initial DRAFT, SENT, @Terminal PAID }

    String number();

    @Nullable Long accountId();

    @Transition(from = "DRAFT", to = "SENT")
    Invoice send();

    @Transition(from = "SENT", to = "PAID")
    Invoice pay();
}
