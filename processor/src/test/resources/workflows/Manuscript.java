package workflows;

import dev.statewise.dsl.AllowedIn;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/**
 * A manuscript that two referees must accept before it is published. Their verdicts are gathered
 * in review by self-transitions, in either order; a rejection sends it back to the draft and
 * clears them.
 */
@Workflow
public interface Manuscript {

    enum Status {
        @Initial DRAFT,
        /** With the referees. */
        IN_REVIEW,
        ACCEPTED,
        @Terminal PUBLISHED
    }

    String title();

    /** Who accepted it first: set in review, kept once accepted, gone in a new draft. */
    @AllowedIn({"IN_REVIEW", "ACCEPTED", "PUBLISHED"})
    @RequiredIn({"ACCEPTED", "PUBLISHED"})
    String firstReferee();

    @AllowedIn({"IN_REVIEW", "ACCEPTED", "PUBLISHED"})
    @RequiredIn({"ACCEPTED", "PUBLISHED"})
    String secondReferee();

    /** What the referees note while reviewing, gone once they decide. */
    @AllowedIn("IN_REVIEW")
    String refereeNotes();

    @Transition(from = "DRAFT", to = "IN_REVIEW")
    Manuscript submit();

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Manuscript acceptAsFirst(String firstReferee);

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Manuscript acceptAsSecond(String secondReferee);

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Manuscript annotate(String refereeNotes);

    /** Joins the two verdicts: a generated guard checks both are in. */
    @Transition(from = "IN_REVIEW", to = "ACCEPTED")
    Manuscript accept();

    @Transition(from = "IN_REVIEW", to = "DRAFT")
    Manuscript reject();

    @Transition(from = "ACCEPTED", to = "PUBLISHED")
    Manuscript publish();
}
