package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Golden;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three versions of a manuscript whose fields move between {@code @RequiredIn} and
 * {@code @AllowedIn}: each migration clears the values that a state no longer allows, replaces the
 * CHECKs of the states concerned the lock-friendly way, and leaves the earlier files alone.
 */
class AllowedInEvolutionTest {

    static final Map<Integer, List<String>> MIGRATIONS = Map.of(
            1, List.of("V1__create_manuscript.sql"),
            2, List.of("V2__manuscript_change_first_referee_and_2_more_changes.sql",
                    "V3__manuscript_validate_constraints.sql"),
            3, List.of("V4__manuscript_change_first_referee_and_change_referee_notes.sql",
                    "V5__manuscript_validate_constraints.sql"));

    @TempDir
    Path folder;

    static void compile(Path folder, int version) {
        Compilations.compile(List.of("-Astatewise.migrations=" + folder),
                "evolution-allowed/v" + version + "/Manuscript.java").assertSucceededWithoutWarnings();
    }

    @Test
    void eachVersionClearsWhatItNoLongerAllowsAndRewritesNothing() throws IOException {
        for (int version = 1; version <= 3; version++) {
            Map<String, String> before = EvolutionTest.files(folder);

            compile(folder, version);

            Map<String, String> after = EvolutionTest.files(folder);
            List<String> added = after.keySet().stream().filter(f -> f.startsWith("V") && !before.containsKey(f))
                    .sorted(EvolutionTest::byVersion).toList();
            assertWithMessage("migrations added by version %s", version)
                    .that(added).containsExactlyElementsIn(MIGRATIONS.get(version)).inOrder();
            for (String file : added) {
                Golden.assertMatches("evolution-allowed/" + file, after.get(file));
            }
            for (Map.Entry<String, String> committed : before.entrySet()) {
                if (committed.getKey().startsWith("V")) {
                    assertWithMessage("%s after version %s", committed.getKey(), version)
                            .that(after.get(committed.getKey())).isEqualTo(committed.getValue());
                }
            }
            if (version == 1) {
                // Nothing uses @AllowedIn yet: the snapshot is format 1, as every earlier Statewise wrote it.
                assertThat(after.get("manuscript.snapshot.json")).contains("\"format\": 1,");
                assertThat(after.get("manuscript.snapshot.json")).doesNotContain("\"required\"");
            }
        }
        Golden.assertMatches("evolution-allowed/manuscript.snapshot.json",
                EvolutionTest.files(folder).get("manuscript.snapshot.json"));
    }

    @Test
    void compilingTheSameVersionAgainWritesNothing() throws IOException {
        compile(folder, 1);
        compile(folder, 2);
        Map<String, String> committed = EvolutionTest.files(folder);

        compile(folder, 2);

        assertThat(EvolutionTest.files(folder)).isEqualTo(committed);
    }
}
