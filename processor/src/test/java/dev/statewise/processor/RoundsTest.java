package dev.statewise.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workflow that uses a type another processor generates is written once the type exists. */
class RoundsTest {

    /** Generates {@code test.Priority} in the first round, as code generators do. */
    static final class PriorityGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer writer = processingEnv.getFiler().createSourceFile("test.Priority").openWriter()) {
                    writer.write("package test; public enum Priority { LOW, HIGH }");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void aTypeGeneratedInALaterRoundIsWaitedFor() throws IOException {
        JavaFileObject task = JavaFileObjects.forSourceLines("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "    Priority priority();",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = javac()
                .withProcessors(new StatewiseProcessor(), new PriorityGenerator())
                .compile(task);

        assertThat(compilation).succeededWithoutWarnings();
        String sql = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "db/migration/V1__create_task.sql")
                .orElseThrow().getCharContent(true).toString();
        assertThat(sql).contains("CONSTRAINT task_priority_check CHECK (priority IN ('LOW', 'HIGH'))");
    }

    @Test
    void aWorkflowArrivingAfterItsPackagesJooqClassesIsRefused(@TempDir Path migrations) throws IOException {
        JavaFileObject alpha = JavaFileObjects.forSourceLines("test.Alpha",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Alpha {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Alpha close();",
                "}");
        JavaFileObject beta = JavaFileObjects.forSourceLines("test.Beta",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Beta {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "    Priority priority();",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Beta close();",
                "}");

        Compilation compilation = javac()
                .withProcessors(new StatewiseProcessor(), new PriorityGenerator())
                .withOptions("-Astatewise.migrations=" + migrations)
                .compile(alpha, beta);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[JOOQ_PACKAGE_WRITTEN] workflow Beta reached the compiler in a later round than the other workflows "
                        + "of package test.jooq, whose jOOQ classes are already written; give it a package of its own")
                .inFile(beta).onLine(6);
        assertThat(compilation).hadErrorCount(1);
        // Refused before anything of Beta is written: its migration would create a table no class maps.
        try (Stream<Path> written = Files.list(migrations)) {
            assertThat(written.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("V1__create_alpha.sql", "alpha.md", "alpha.snapshot.json");
        }
    }
}
