package evolution;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Version 1: the verdicts are required once accepted and optional, so kept, everywhere else. */
@Workflow(table = "manuscript")
public interface Manuscript {

    enum Status { @Initial DRAFT, IN_REVIEW, ACCEPTED, @Terminal PUBLISHED }

    String title();

    @RequiredIn({"ACCEPTED", "PUBLISHED"})
    String firstReferee();

    @RequiredIn({"ACCEPTED", "PUBLISHED"})
    String secondReferee();

    @Nullable
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
