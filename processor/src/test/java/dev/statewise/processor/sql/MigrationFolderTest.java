package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Compiled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder where a project commits its migrations: written once, numbered on, never rewritten. */
class MigrationFolderTest {

    @TempDir
    Path folder;

    private Compiled compile(String... resources) {
        return Compilations.compile(List.of("-Astatewise.migrations=" + folder), resources);
    }

    @Test
    void writesTheMigrationAndThePageToCommit() throws Exception {
        Compiled compiled = compile("workflows/Task.java").assertSucceededWithoutWarnings();

        assertThat(Files.readString(folder.resolve("V1__create_task.sql")))
                .isEqualTo(compiled.migration("V1__create_task.sql"));
        assertThat(Files.readString(folder.resolve("task.md"))).contains("stateDiagram-v2");
    }

    @Test
    void aCommittedMigrationIsLeftUntouched() throws Exception {
        compile("workflows/Task.java").assertSucceededWithoutWarnings();
        Path migration = folder.resolve("V1__create_task.sql");
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(migration, written);

        compile("workflows/Task.java").assertSucceededWithoutWarnings();

        assertThat(Files.getLastModifiedTime(migration)).isEqualTo(written);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("V1__create_task.sql", "task.md", "task.snapshot.json");
        }
    }

    @Test
    void aNewWorkflowTakesTheNextVersion() throws Exception {
        Files.writeString(folder.resolve("V7__seed_reference_data.sql"), "SELECT 1;\n");

        compile("workflows/Task.java").assertSucceededWithoutWarnings();

        assertThat(Files.exists(folder.resolve("V8__create_task.sql"))).isTrue();
    }

    @Test
    void aMigrationCommittedBeforeSnapshotsExistedGetsItsSnapshot() throws Exception {
        compile("workflows/Task.java").assertSucceededWithoutWarnings();
        Files.delete(folder.resolve("task.snapshot.json"));

        compile("workflows/Task.java").assertSucceededWithoutWarnings();

        Snapshot snapshot = Snapshot.parse(Files.readString(folder.resolve("task.snapshot.json")));
        assertThat(snapshot.migrations()).containsExactly(new Snapshot.Migration("V1__create_task.sql",
                Snapshot.sha256(Files.readString(folder.resolve("V1__create_task.sql")))));
    }

    @Test
    void everyMigrationOfTheWorkflowReachesTheClassOutput() throws Exception {
        Compilations.compile(List.of("-Astatewise.migrations=" + folder), "evolution/v1/Ticket.java")
                .assertSucceededWithoutWarnings();

        Compiled compiled = Compilations.compile(List.of("-Astatewise.migrations=" + folder),
                "evolution/v2/Ticket.java").assertSucceededWithoutWarnings();

        for (String file : List.of("V1__create_ticket.sql", "V2__ticket_add_state_escalated_and_3_more_changes.sql",
                "V3__ticket_validate_constraints.sql")) {
            assertThat(compiled.migration(file)).isEqualTo(Files.readString(folder.resolve(file), StandardCharsets.UTF_8));
        }
    }
}
