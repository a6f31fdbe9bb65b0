package dev.statewise.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declarations the documentation shows, from {@code src/test/resources/docs}, compile as the
 * docs say; {@code lint/DocSnippets.java} keeps each block in the docs equal to its region here.
 */
class DocsExamplesTest {

    private static final Path SAMPLE_TASK =
            Path.of("..", "samples", "task-board", "src", "main", "java", "dev", "statewise", "samples", "taskboard",
                    "Task.java");

    @TempDir
    Path folder;

    @Test
    void theDeclarationsShownCompileWithoutWarnings() {
        Compilations.compile("docs/readme/Task.java").assertSucceededWithoutWarnings();
        Compilations.compile("docs/dsl/Task.java").assertSucceededWithoutWarnings();
        Compilations.compile("docs/dsl/Article.java").assertSucceededWithoutWarnings();
        Compilations.compile("docs/dsl/Ticket.java").assertSucceededWithoutWarnings();
    }

    @Test
    void theUnmetRequirementShownFailsWhereTheCommentSays() {
        Compilation compilation = Compilations.compile("docs/dsl/Review.java").compilation();

        assertThat(compilation).hadErrorContaining("add a parameter 'String reviewer' to submit")
                .inFile(JavaFileObjects.forResource("docs/dsl/Review.java")).onLine(19);
        assertThat(compilation).hadErrorCount(1);
    }

    /** The walk-through of docs/evolution.md: the sample's task board, then the changed one. */
    @Test
    void theEvolutionWalkThroughWritesTheMigrationsShown() throws IOException {
        compileInto(folder, JavaFileObjects.forResource(SAMPLE_TASK.toUri().toURL()));
        Map<String, String> before = files(folder);

        compileInto(folder, JavaFileObjects.forResource("docs/evolution/Task.java"));

        Map<String, String> added = files(folder);
        added.keySet().removeIf(f -> !f.startsWith("V") || before.containsKey(f));
        assertWithMessage("migrations added").that(added.keySet())
                .containsExactly("V2__task_add_state_dropped_and_3_more_changes.sql", "V3__task_validate_constraints.sql");
        for (Map.Entry<String, String> migration : added.entrySet()) {
            Golden.assertMatches("docs/" + migration.getKey(), migration.getValue());
        }
    }

    private static void compileInto(Path folder, javax.tools.JavaFileObject source) {
        Compilation compilation = javac().withProcessors(new StatewiseProcessor())
                .withOptions(List.of("-Astatewise.migrations=" + folder))
                .compile(source);
        assertThat(compilation).succeededWithoutWarnings();
    }

    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}
