package dev.statewise.processor.java;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.statewise.processor.StatewiseProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The names the value class declares for itself leave the workflow's own names their meaning. */
class GeneratedNamesTest {

    @Test
    void fieldsAndMemberTypesNamedLikeTheValuesOwnMembers() throws IOException {
        JavaFileObject task = JavaFileObjects.forSourceLines("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "    enum Builder { HUMAN, ROBOT }",
                "",
                "    Builder builtBy();",
                "    @RequiredIn(\"DONE\") String operation();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(String operation);",
                "}");

        Compilation compilation = Compiler.javac().withProcessors(new StatewiseProcessor()).compile(task);

        assertThat(compilation).succeededWithoutWarnings();
        String value = compilation.generatedSourceFile("test.TaskValue")
                .orElseThrow(() -> new UncheckedIOException(new IOException("no TaskValue")))
                .getCharContent(true).toString();
        // The check reads the field, not a parameter that would hide it.
        assertThat(value).contains("TaskValue checked(String operation_)");
        assertThat(value).contains("requireSet(operation, operation_, \"operation\", status);");
        // The workflow's enum keeps its name, qualified, beside the value's own Builder.
        assertThat(value).contains("public Builder builtBy(Task.Builder builtBy)");
    }
}
