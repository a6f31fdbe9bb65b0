package workflows;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** Names that trip code generators: a column named like its table, and Oracle's pseudo-columns. */
@Workflow(table = "note")
public interface Note {

    enum Level { LOW, HIGH }

    enum Status { @Initial OPEN, @Terminal DONE }

    String note();

    Level level();

    @RequiredIn("DONE") Integer prior();

    @Nullable String current();

    @Transition(from = "OPEN", to = "DONE")
    Note close(Integer prior, String current);
}
