package dsl;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

// The requirement rule's counter-example in docs/dsl.md; DocsExamplesTest expects the error.
@Workflow
public interface Review {

    enum Status { @Initial IN_PROGRESS, @Terminal IN_REVIEW }

    // tag::unmet[]
    @RequiredIn("IN_REVIEW") String reviewer();

    @Transition(from = "IN_PROGRESS", to = "IN_REVIEW")
    Review submit();                     // error: add a parameter 'String reviewer' to submit
    // end::unmet[]
}
