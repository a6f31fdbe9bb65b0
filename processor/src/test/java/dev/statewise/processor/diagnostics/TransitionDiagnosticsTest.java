package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A transition's parameters, the fields they set, and the requirement rule of DESIGN.md section 3. */
class TransitionDiagnosticsTest {

    @Test
    void parameterMatchingNoField() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Nullable String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(",
                "            String resolutoin);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_PARAMETER] parameter resolutoin of transition close matches no field of Task; "
                        + "a transition's parameters are the fields it sets, by name; "
                        + "did you mean resolution?")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aMisspeltParameterIsOneErrorThoughItsFieldIsRequiredAndGuarded() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @RequiredIn(\"DONE\") String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(",
                "            String resolutoin);",
                "",
                "    @Guard(\"close\")",
                "    default boolean explained(String resolution) { return !resolution.isBlank(); }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_PARAMETER] parameter resolutoin of transition close matches no field"
                        + " of Task; a transition's parameters are the fields it sets, by name; did you mean"
                        + " resolution?")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aMisspeltParameterOfASelfTransitionIsOneErrorThoughALaterTransitionNeedsItsField() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @RequiredIn(\"DONE\") String approver();",
                "",
                "    @Transition(from = \"OPEN\", to = \"OPEN\")",
                "    Task approve(",
                "            String aprover);",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_PARAMETER] parameter aprover of transition approve matches no field"
                        + " of Task; a transition's parameters are the fields it sets, by name; did you mean"
                        + " approver?")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void parameterWithTheWrongType() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Nullable String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(",
                "            int resolution);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[PARAMETER_TYPE] parameter resolution of transition close is int but field resolution "
                        + "is String; declare it as String resolution")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void parameterSettingAnOnlyInFieldThatIsNullInTheTarget() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, BLOCKED, @Terminal DONE }",
                "",
                "    @OnlyIn(\"BLOCKED\") String blockedReason();",
                "",
                "    @Transition(from = \"OPEN\", to = \"BLOCKED\")",
                "    Task block(String blockedReason);",
                "",
                "    @Transition(from = \"BLOCKED\", to = \"DONE\")",
                "    Task close(",
                "            String blockedReason);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[PARAMETER_NULL_IN_TARGET] transition close sets blockedReason, but blockedReason is "
                        + "@OnlyIn(BLOCKED) and so NULL in DONE; remove the parameter or add DONE to @OnlyIn")
                .inFile(task).onLine(16);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void transitionIntoAStateWhoseRequirementItCannotMeet() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @RequiredIn(\"DONE\") String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[REQUIREMENT_UNMET] transition close (OPEN -> DONE) cannot meet a requirement of DONE: "
                        + "field resolution is required there but optional in OPEN and nothing sets it "
                        + "while there; add a parameter 'String resolution' to close")
                .inFile(task).onLine(12);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void requirementMetByASelfTransitionOnTheSourceState() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @RequiredIn(\"DONE\") String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"OPEN\")",
                "    Task resolve(String resolution);",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void requirementMetByTheTransitionThatEnteredTheSourceState() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, IN_REVIEW, @Terminal DONE }",
                "",
                "    @RequiredIn(\"DONE\") String reviewer();",
                "",
                "    @Transition(from = \"OPEN\", to = \"IN_REVIEW\")",
                "    Task submit(String reviewer);",
                "",
                "    @Transition(from = \"IN_REVIEW\", to = \"DONE\")",
                "    Task approve();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).succeededWithoutWarnings();
    }
}
