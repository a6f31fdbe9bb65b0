package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** @Guard methods: the transitions they name and their signature. */
class GuardDiagnosticsTest {

    @Test
    void guardNamingAnUnknownTransition() {
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
                "    @Guard(",
                "            \"clsoe\")",
                "    default boolean isReady() {",
                "        return true;",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining(
                        "[UNKNOWN_TRANSITION] @Guard on isReady names unknown transition \"clsoe\"; did you mean close?")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void guardThatIsNotADefaultMethod() {
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
                "    @Guard(\"close\")",
                "    boolean isReady();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[GUARD_SIGNATURE] guard isReady must be a default method returning boolean, e.g. "
                        + "@Guard(...) default boolean isReady() { ... }")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void guardThatDoesNotReturnBoolean() {
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
                "    @Guard(\"close\")",
                "    default Boolean isReady() {",
                "        return true;",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[GUARD_SIGNATURE] guard isReady must be a default method returning boolean")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void guardParameterThatIsNotAParameterOfTheTransition() {
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
                "    Task close(String resolution);",
                "",
                "    @Guard(\"close\")",
                "    default boolean isExplained(",
                "            String reason) {",
                "        return reason != null;",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[GUARD_PARAMETER] parameter reason of guard isExplained is not a parameter of transition "
                        + "close; a guard takes only arguments of the transitions it guards, by name and type "
                        + "(close takes String resolution)")
                .inFile(task).onLine(16);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void guardNamingNoTransition() {
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
                "    @Guard(",
                "            {})",
                "    default boolean isReady() {",
                "        return true;",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[EMPTY_GUARD] @Guard on isReady names no transition; name the transitions it guards, "
                        + "e.g. @Guard(\"close\")")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void staticGuard() {
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
                "    @Guard(\"close\")",
                "    static boolean isReady() {",
                "        return true;",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[GUARD_SIGNATURE] guard isReady must be a default method returning boolean")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void guardParameterOfAnUnsupportedTypeIsNotReportedAgain() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    java.util.Date dueDate();",
                "",
                "    @Transition(from = \"OPEN\", to = \"OPEN\")",
                "    Task reschedule(java.util.Date dueDate);",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "",
                "    @Guard(\"reschedule\")",
                "    default boolean isInFuture(java.util.Date dueDate) {",
                "        return dueDate.after(new java.util.Date());",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNSUPPORTED_TYPE] field dueDate has unsupported type java.util.Date")
                .inFile(task).onLine(9);
        // The guard takes the transition's very parameter: not also "is not a parameter of reschedule".
        assertThat(compilation).hadErrorCount(1);
    }
}
