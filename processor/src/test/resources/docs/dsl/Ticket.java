package dsl;

// tag::timeout[]
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Timeout;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.Instant;

// end::timeout[]
// The @Timeout example of docs/dsl.md; DocsExamplesTest compiles it, TimeoutReadingTest reads it.
// tag::timeout[]
/** A customer's request to support. */
@Workflow
public interface Ticket {

    enum Status {
        @Initial OPEN,
        /** Waits for the customer's answer until the instant in answerBy. */
        @Timeout(at = "answerBy", fire = "expire") WAITING_FOR_CUSTOMER,
        /** Closes by itself a week after it was solved, unless the customer reopens it. */
        @Timeout(after = "P7D", fire = "close") SOLVED,
        @Terminal CLOSED
    }

    String subject();
    @RequiredIn("WAITING_FOR_CUSTOMER") Instant answerBy();

    @Transition(from = "OPEN", to = "WAITING_FOR_CUSTOMER")
    Ticket askCustomer(Instant answerBy);
    @Transition(from = "WAITING_FOR_CUSTOMER", to = "WAITING_FOR_CUSTOMER")
    Ticket extend(Instant answerBy);         // moves the deadline
    @Transition(from = "WAITING_FOR_CUSTOMER", to = "OPEN")
    Ticket answer();
    @Transition(from = "WAITING_FOR_CUSTOMER", to = "CLOSED")
    Ticket expire();                         // what the timeout fires: no parameters
    @Transition(from = "OPEN", to = "SOLVED")
    Ticket solve();
    @Transition(from = "SOLVED", to = "OPEN")
    Ticket reopen();
    @Transition(from = "SOLVED", to = "CLOSED")
    Ticket close();
}
// end::timeout[]
