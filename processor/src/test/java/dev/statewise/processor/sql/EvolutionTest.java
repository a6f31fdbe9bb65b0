package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

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
 * Seven versions of one workflow compiled in turn into one migration folder: each compile writes
 * the next migration for what its version changes, as the golden files show, and leaves every file
 * committed before it byte for byte as it was.
 */
class EvolutionTest {

    /** What each version changes, with the migrations its compile must add. */
    static final Map<Integer, List<String>> MIGRATIONS = Map.of(
            1, List.of("V1__create_ticket.sql"),
            2, List.of("V2__ticket_add_state_escalated_and_3_more_changes.sql", "V3__ticket_validate_constraints.sql"),
            3, List.of("V4__ticket_add_priority_and_2_more_changes.sql", "V5__ticket_validate_constraints.sql"),
            4, List.of("V6__ticket_change_due_date_and_2_more_changes.sql", "V7__ticket_validate_constraints.sql"),
            5, List.of("V8__ticket_rename_state_waiting_to_on_hold_and_3_more_changes.sql",
                    "V9__ticket_validate_constraints.sql"),
            6, List.of("V10__ticket_remove_state_escalated_and_3_more_changes.sql",
                    "V11__ticket_validate_constraints.sql"),
            7, List.of("V12__ticket_add_state_draft_and_5_more_changes.sql", "V13__ticket_validate_constraints.sql"));

    @TempDir
    Path folder;

    /** Compiles version {@code v} of the ticket into the folder. */
    static void compile(Path folder, int version) {
        Compilations.compile(List.of("-Astatewise.migrations=" + folder), "evolution/v" + version + "/Ticket.java")
                .assertSucceededWithoutWarnings();
    }

    @Test
    void eachVersionAddsItsMigrationsAndRewritesNothing() throws IOException {
        for (int version = 1; version <= 7; version++) {
            Map<String, String> before = files(folder);

            compile(folder, version);

            Map<String, String> after = files(folder);
            List<String> added = after.keySet().stream().filter(f -> f.startsWith("V") && !before.containsKey(f))
                    .sorted(EvolutionTest::byVersion).toList();
            assertWithMessage("migrations added by version %s", version)
                    .that(added).containsExactlyElementsIn(MIGRATIONS.get(version)).inOrder();
            for (String file : added) {
                Golden.assertMatches("evolution/" + file, after.get(file));
            }
            for (Map.Entry<String, String> committed : before.entrySet()) {
                if (committed.getKey().startsWith("V")) {
                    assertWithMessage("%s after version %s", committed.getKey(), version)
                            .that(after.get(committed.getKey())).isEqualTo(committed.getValue());
                }
            }
        }
        Golden.assertMatches("evolution/ticket.snapshot.json", Files.readString(folder.resolve("ticket.snapshot.json")));
    }

    @Test
    void compilingTheSameVersionAgainWritesNothing() throws IOException {
        compile(folder, 1);
        compile(folder, 2);
        Map<String, String> committed = files(folder);

        compile(folder, 2);

        assertThat(files(folder)).isEqualTo(committed);
    }

    static int byVersion(String a, String b) {
        return Integer.compare(version(a), version(b));
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> list = Files.list(folder)) {
                for (Path file : list.toList()) {
                    files.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        }
        return files;
    }
}
