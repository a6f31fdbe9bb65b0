package evolution;

import dev.statewise.dsl.AllowedIn;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Version 2: the verdicts and notes are allowed only from the review on; drafts lose them. */
@Workflow(table = "manuscript")
public interface Manuscript {

    enum Status { @Initial DRAFT, IN_REVIEW, ACCEPTED, @Terminal PUBLISHED }

    String title();

    @AllowedIn({"IN_REVIEW", "ACCEPTED", "PUBLISHED"})
    @RequiredIn({"ACCEPTED", "PUBLISHED"})
    String firstReferee();

    @AllowedIn({"IN_REVIEW", "ACCEPTED", "PUBLISHED"})
    @RequiredIn({"ACCEPTED", "PUBLISHED"})
    String secondReferee();

    @AllowedIn({"IN_REVIEW", "ACCEPTED"})
    String refereeNotes();

    @Transition(from = "DRAFT", to = "IN_REVIEW")
    Manuscript submit();

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Manuscript acceptAsFirst(String firstReferee);

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Manuscript acceptAsSecond(String secondReferee);

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Manuscript annotate(String refereeNotes);

    @Transition(from = "IN_REVIEW", to = "ACCEPTED")
    Manuscript accept();

    @Transition(from = "IN_REVIEW", to = "DRAFT")
    Manuscript reject();

    @Transition(from = "ACCEPTED", to = "PUBLISHED")
    Manuscript publish();
}
