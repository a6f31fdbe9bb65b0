package dev.statewise.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.compiler;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classes generated for a workflow need names that the sources being compiled leave free. */
class ClassNameDiagnosticsTest {

    private static JavaFileObject task() {
        return source("test.Task",
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
                "}");
    }

    @Test
    void userTypeNamedLikeTheValueClass(@TempDir Path migrations) throws IOException {
        JavaFileObject task = task();
        JavaFileObject value = source("test.TaskValue",
                "package test;",
                "",
                "public class TaskValue {",
                "}");

        Compilation compilation = compiler().withOptions("-Astatewise.migrations=" + migrations).compile(task, value);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CLASS_CLASH] workflow Task needs the class name test.TaskValue for its value class, but the "
                        + "sources being compiled already declare test.TaskValue, and a class can be declared only "
                        + "once; rename that type, or rename the workflow")
                .inFile(task).onLine(6);
        // javac's own complaint about recreating the file would follow, had anything been generated.
        assertThat(compilation).hadErrorCount(1);
        try (Stream<Path> written = Files.list(migrations)) {
            assertThat(written.toList()).isEmpty();
        }
    }

    @Test
    void userTypeOfTheSameNameInAnotherPackage() {
        JavaFileObject value = source("other.TaskValue",
                "package other;",
                "",
                "public class TaskValue {",
                "}");

        Compilation compilation = compile(task(), value);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.TaskValue");
    }

    @Test
    void workflowNamedLikeTheRepositoryOfAnother() {
        JavaFileObject task = task();
        JavaFileObject repository = source("test.TaskRepository",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface TaskRepository {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    TaskRepository close();",
                "}");

        Compilation compilation = compile(task, repository);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CLASS_CLASH] workflow Task needs the class name test.TaskRepository for its repository, but "
                        + "the sources being compiled already declare test.TaskRepository")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void userTypeNamedLikeAJooqClass() {
        JavaFileObject task = task();
        JavaFileObject keys = source("test.jooq.Keys",
                "package test.jooq;",
                "",
                "public class Keys {",
                "}");

        Compilation compilation = compile(task, keys);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CLASS_CLASH] workflow Task needs the class name test.jooq.Keys for jOOQ's Keys class, but "
                        + "the sources being compiled already declare test.jooq.Keys, and a class can be declared "
                        + "only once; rename that type, or give the jOOQ classes another package with "
                        + "-Astatewise.jooq.package")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void userTypeNamedLikeTheJooqClassOfATable() {
        JavaFileObject task = task();
        JavaFileObject history = source("test.jooq.tables.TaskHistory",
                "package test.jooq.tables;",
                "",
                "public class TaskHistory {",
                "}");

        Compilation compilation = compile(task, history);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CLASS_CLASH] workflow Task needs the class name test.jooq.tables.TaskHistory for the jOOQ "
                        + "class of table task_history, but the sources being compiled already declare "
                        + "test.jooq.tables.TaskHistory, and a class can be declared only once; rename that type, "
                        + "or choose another table name with @Workflow(table = \"...\")")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldNamedLikeTheValuesBuilderMethod() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    String builder();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[VALUE_METHOD_CLASH] field builder has the name of a method of the generated "
                        + "TaskValue, the static method that starts a Builder; rename the field, and keep its column "
                        + "with @Column(name = \"builder\")")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void transitionNamedLikeAFieldsWithMethod() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Nullable String note();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task withNote(String note);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[VALUE_METHOD_CLASH] transition withNote has the name of a method of the "
                        + "generated TaskValue, the method that sets field note; rename the transition")
                .inFile(task).onLine(12);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void memberTypeNamedLikeTheValueClass() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    interface TaskValue {}",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[MEMBER_TYPE_CLASH] member type test.Task.TaskValue has the name of the value class generated for "
                        + "workflow Task, test.TaskValue, which implements Task and so would see the member type in "
                        + "place of itself; rename the member type, or the workflow")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void inheritedMemberTypeNamedLikeTheValueClass() {
        JavaFileObject base = source("test.Base",
                "package test;",
                "",
                "public interface Base {",
                "    class TaskValue {}",
                "}");
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task extends Base {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task, base);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[MEMBER_TYPE_CLASH] member type test.Base.TaskValue has the name of the value class generated for "
                        + "workflow Task, test.TaskValue")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    /**
     * The value class inherits the workflow's member types, so one named like a class it uses, here
     * {@code java.util.Objects}, {@code java.util.List} and {@code java.lang.String}, would take that
     * class's place inside it: the value class names those in full instead.
     */
    @Test
    void memberTypesNamedLikeClassesTheValueClassUses() {
        JavaFileObject base = source("test.Base",
                "package test;",
                "",
                "public interface Base {",
                "    final class String {}",
                "}");
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task extends Base {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    enum Objects { ONE, TWO }",
                "",
                "    interface List {}",
                "",
                "    @RequiredIn(\"DONE\")",
                "    java.lang.String resolution();",
                "",
                "    Objects kind();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(java.lang.String resolution);",
                "}");

        Compilation compilation = compile(task, base);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.TaskValue").contentsAsUtf8String()
                .contains("java.util.Objects.requireNonNull(");
    }

    /**
     * What an incremental build sees: the classes of the previous compile, generated ones included,
     * which {@code @Generated} cannot mark since class files do not keep it. Less the value class, a
     * record: javac before 23 can crash compiling a record whose class file it has read (JDK-8332297).
     */
    @Test
    void generatedClassesOfAnEarlierCompileOnTheClasspath(@TempDir Path previousOutput) throws IOException {
        Compilation first = compile(task());
        assertThat(first).succeededWithoutWarnings();
        for (JavaFileObject file : first.generatedFiles()) {
            String path = file.toUri().getPath();
            if (file.getKind() == JavaFileObject.Kind.CLASS && !path.endsWith("/TaskValue.class")) {
                Path target = previousOutput.resolve(path.substring(path.indexOf("/test/") + 1));
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openInputStream()) {
                    Files.copy(in, target);
                }
            }
        }
        for (String generated : List.of("test/TaskRepository.class", "test/TaskWorkflow.class",
                "test/jooq/Keys.class", "test/jooq/tables/records/TaskRecord.class")) {
            assertThat(Files.isRegularFile(previousOutput.resolve(generated))).isTrue();
        }
        List<File> classpath = new ArrayList<>();
        classpath.add(previousOutput.toFile());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(new File(entry));
        }

        Compilation again = compiler().withClasspath(classpath).compile(task());

        assertThat(again).succeededWithoutWarnings();
        assertThat(again).generatedSourceFile("test.TaskValue");
    }
}
