package dsl;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

// Parallel approvals in docs/dsl.md; DocsExamplesTest compiles it.
@Workflow
public interface Article {

    enum Status { @Initial IN_REVIEW, @Terminal APPROVED }

    // tag::approvals[]
    @RequiredIn({"APPROVED"}) String editorApproval();
    @RequiredIn({"APPROVED"}) String legalApproval();

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW") Article approveAsEditor(String editorApproval);
    @Transition(from = "IN_REVIEW", to = "IN_REVIEW") Article approveAsLegal(String legalApproval);
    @Transition(from = "IN_REVIEW", to = "APPROVED")  Article approve();   // both must be in
    // end::approvals[]
}
