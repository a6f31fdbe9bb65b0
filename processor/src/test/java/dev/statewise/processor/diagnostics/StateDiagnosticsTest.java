package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The states, the names that refer to them, and the graph the transitions draw between them. */
class StateDiagnosticsTest {

    @Test
    void noInitialState() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NO_INITIAL_STATE] workflow Task has no initial state; mark the state where new rows "
                        + "start with @Initial, e.g. @Initial OPEN")
                .inFile(task).onLine(7);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void stateBothInitialAndTerminal() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Initial",
                "        @Terminal",
                "        DONE",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[INITIAL_AND_TERMINAL] state DONE is both @Initial and @Terminal, so a row created there "
                        + "could never move; remove one of them")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void statesDifferingOnlyInCase() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Terminal DONE,",
                "        @Terminal Done",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "",
                "    @Transition(from = \"OPEN\", to = \"Done\")",
                "    Task finish();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[STATE_CLASH] states DONE and Done differ only in case, so their constraint names "
                        + "clash in PostgreSQL; rename one of them")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unknownStateInTransitionFrom() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, IN_PROGRESS, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"IN_PROGRESS\")",
                "    Task start();",
                "",
                "    @Transition(",
                "            from = {",
                "                \"OPEN\",",
                "                \"IN_PROGRES\"},",
                "            to = \"DONE\")",
                "    Task finish();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_STATE] @Transition(from) of finish names unknown state \"IN_PROGRES\"; "
                        + "did you mean IN_PROGRESS?")
                .inFile(task).onLine(15);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unknownStateInTransitionTo() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(",
                "            from = \"OPEN\",",
                "            to = \"DNOE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_STATE] @Transition(to) of close names unknown state \"DNOE\"; "
                        + "did you mean DONE?")
                .inFile(task).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unknownStateInRequiredIn() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, IN_REVIEW, @Terminal DONE }",
                "",
                "    @RequiredIn({",
                "            \"IN_REVEIW\",",
                "            \"DONE\"})",
                "    String reviewer();",
                "",
                "    @Transition(from = \"OPEN\", to = \"IN_REVIEW\")",
                "    Task submit();",
                "",
                "    @Transition(from = \"IN_REVIEW\", to = \"DONE\")",
                "    Task approve();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_STATE] @RequiredIn on reviewer names unknown state \"IN_REVEIW\"; "
                        + "did you mean IN_REVIEW?")
                .inFile(task).onLine(10);
        // Nothing is derived from a misspelt list: not also "approve cannot meet a requirement".
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unknownStateInOnlyIn() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @OnlyIn(",
                "            \"DOEN\")",
                "    String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(String resolution);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_STATE] @OnlyIn on resolution names unknown state \"DOEN\"; did you mean DONE?")
                .inFile(task).onLine(10);
        // Not also "close sets resolution, which is NULL in DONE": that follows from the misspelling.
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void stateNamedTwice() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @RequiredIn({",
                "            \"DONE\",",
                "            \"DONE\"})",
                "    String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(String resolution);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DUPLICATE_STATE] @RequiredIn on resolution names state DONE twice; remove one")
                .inFile(task).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void transitionFromNoState() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "",
                "    @Transition(",
                "            from = {},",
                "            to = \"DONE\")",
                "    Task finish();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[EMPTY_STATES] @Transition(from) of finish names no state; name the states it may "
                        + "be taken from")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unreachableState() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        ARCHIVED,",
                "        @Terminal DONE",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "",
                "    @Transition(from = \"ARCHIVED\", to = \"DONE\")",
                "    Task purge();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNREACHABLE_STATE] state ARCHIVED is unreachable: no transition leads to it from an "
                        + "initial state (OPEN); add a transition into it, mark it @Initial, or remove it")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void terminalStateWithOutgoingTransition() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "",
                "    @Transition(",
                "            from = \"DONE\",",
                "            to = \"OPEN\")",
                "    Task reopen();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TERMINAL_WITH_EXIT] transition reopen leaves DONE, which is @Terminal; a terminal state "
                        + "has no way out, remove DONE from 'from' or remove @Terminal")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void nonTerminalStateWithNoWayOutIsAWarning() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        PARKED,",
                "        @Terminal DONE",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"PARKED\")",
                "    Task park();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("[NO_WAY_OUT] state PARKED has no transition out of it but is not @Terminal; "
                        + "rows that reach it stay there forever, add a transition out or mark it @Terminal")
                .inFile(task).onLine(9);
        assertThat(compilation).hadWarningCount(1);
    }
}
