package billing;

import dev.statewise.dsl.*;

/** A customer account. */
@Workflow
public interface Account {

    enum Status { @Initial OPEN, @Terminal CLOSED }

    String holder();

    @Transition(from = "OPEN", to = "CLOSED")
    Account close();
}
