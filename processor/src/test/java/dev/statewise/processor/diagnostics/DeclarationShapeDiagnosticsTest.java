package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** What the reader refuses because the model cannot represent it: the shape of the declaration. */
class DeclarationShapeDiagnosticsTest {

    @Test
    void workflowOnAClass() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "class Task {",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NOT_AN_INTERFACE] @Workflow applies to interfaces only, and Task is a class; "
                        + "declare it as an interface")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void workflowOnAnEnum() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "enum Task { OPEN }");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NOT_AN_INTERFACE] @Workflow applies to interfaces only, and Task is an enum")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void interfaceExtendingAnInterfaceWithAbstractMethods() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "interface Named {",
                "    String name();",
                "}",
                "",
                "@Workflow",
                "public interface Task extends Named {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[INHERITED_MEMBERS] Task extends Named, which declares abstract methods (name)")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void noStateEnum() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    String title();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NO_STATE_ENUM] workflow Task declares no states; add a nested enum of its states")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void severalNestedEnumsNoneMarked() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { OPEN, DONE }",
                "",
                "    enum Priority { LOW, HIGH }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[AMBIGUOUS_STATE_ENUM] workflow Task has several nested enums (Status, Priority) and none "
                        + "marks a state @Initial")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void twoEnumsMarkingStates() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    enum Phase { @Initial DRAFT, @Terminal FINAL }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SECOND_STATE_ENUM] enum Phase marks states, but the states of Task are already "
                        + "declared by enum Status; a workflow has one state enum")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void abstractMethodThatIsNeitherFieldNorTransition() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    Task assign(String assignee);",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NOT_A_FIELD_OR_TRANSITION] abstract method assign is neither a field (no parameters, returns "
                        + "a value) nor a @Transition; annotate it with @Transition")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void transitionWithWrongReturnType() {
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
                "    void close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TRANSITION_RETURN_TYPE] transition close returns void; a transition returns the workflow's "
                        + "next value, declare it as Task close(...)")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void transitionWithBody() {
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
                "    default Task close() {",
                "        return this;",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TRANSITION_NOT_ABSTRACT] transition close has a body; declare it abstract")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void duplicateTransitionNames() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Nullable String reason();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(String reason);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DUPLICATE_TRANSITION] transition close is declared twice; transition names identify "
                        + "edges in the history, rename one of them")
                .inFile(task).onLine(15);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void staticTransition() {
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
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    static Task finish() {",
                "        return null;",
                "    }",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TRANSITION_NOT_ABSTRACT] transition finish has a body; declare it abstract")
                .inFile(task).onLine(13);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldAnnotationOnATransition() {
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
                "    @RequiredIn(\"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[FIELD_ANNOTATION_ON_NON_FIELD] @RequiredIn describes a field, an abstract method without parameters, "
                        + "and close is a transition; remove the annotation")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldAnnotationOnAMethodWithABody() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    String title();",
                "",
                "    @Column(length = 80)",
                "    default String headline() {",
                "        return title().toUpperCase();",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[FIELD_ANNOTATION_ON_NON_FIELD] @Column describes a field, an abstract method without parameters, "
                        + "and headline is a method with a body; remove the annotation")
                .inFile(task).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void redeclaredObjectMethodsAreNeitherFieldsNorTransitions() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    String title();",
                "",
                "    @Override",
                "    String toString();",
                "",
                "    @Override",
                "    boolean equals(Object other);",
                "",
                "    @Override",
                "    int hashCode();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "db/migration/V1__create_task.sql")
                .contentsAsUtf8String()
                .doesNotContainMatch("to_string|hash_code|equals");
    }

    @Test
    void typeJavacCannotResolveIsReportedByJavacAlone() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    Deadline deadline();",
                "",
                "    @Transition(from = \"OPEN\", to = \"OPEN\")",
                "    Task postpone(Deadline deadline);",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(task).onLine(9);
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(task).onLine(12);
        // Not also "unsupported type Deadline" or "parameter deadline is Deadline but field...".
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void annotationValueThatDoesNotCompileIsReportedByJavacAlone() {
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
                "            from = OPEN,",
                "            to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(task).onLine(10);
        // Not also "names unknown state \"<error>\"".
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void workflowNestedInAClass() {
        JavaFileObject board = source("test.Board",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "public class Board {",
                "    @Workflow",
                "    public interface Card {",
                "        enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "        @Transition(from = \"OPEN\", to = \"DONE\")",
                "        Card close();",
                "    }",
                "}");

        Compilation compilation = compile(board);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NOT_TOP_LEVEL] workflow Card must be a top-level interface in a named package")
                .inFile(board).onLine(7);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void workflowInTheDefaultPackage() {
        JavaFileObject task = source("Task",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NOT_TOP_LEVEL] workflow Task must be a top-level interface in a named package")
                .inFile(task).onLine(4);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void workflowThatIsNotPublic() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NOT_PUBLIC] workflow Task must be public: the jOOQ classes and the repository generated "
                        + "for it live in other packages and use it; declare it public")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldOfAnEnumThatIsNotPublic() {
        JavaFileObject priority = source("test.Priority",
                "package test;",
                "",
                "enum Priority { LOW, HIGH }");
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    Priority priority();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(priority, task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[NOT_PUBLIC] enum Priority, the type of field priority, must be public")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }
}
