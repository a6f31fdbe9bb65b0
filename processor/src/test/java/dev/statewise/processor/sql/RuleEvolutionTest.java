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
 * Three versions of a loan whose rules between fields come, change and go: each rule is a
 * constraint of its own, added {@code NOT VALID} and validated by the next file, which names the
 * rows that break it; the constraints of the states are left alone, and so is every file committed
 * before.
 */
class RuleEvolutionTest {

    static final Map<Integer, List<String>> MIGRATIONS = Map.of(
            1, List.of("V1__create_loan.sql"),
            2, List.of("V2__loan_add_four_eyes_rule_and_add_funded_amount_le_amount_rule.sql",
                    "V3__loan_validate_constraints.sql"),
            3, List.of("V4__loan_change_four_eyes_rule_and_2_more_changes.sql", "V5__loan_validate_constraints.sql"));

    @TempDir
    Path folder;

    static void compile(Path folder, int version) {
        Compilations.compile(List.of("-Astatewise.migrations=" + folder), "evolution-rules/v" + version + "/Loan.java")
                .assertSucceededWithoutWarnings();
    }

    @Test
    void eachRuleIsAConstraintOfItsOwnAddedNotValidThenValidated() throws IOException {
        for (int version = 1; version <= 3; version++) {
            Map<String, String> before = EvolutionTest.files(folder);

            compile(folder, version);

            Map<String, String> after = EvolutionTest.files(folder);
            List<String> added = after.keySet().stream().filter(f -> f.startsWith("V") && !before.containsKey(f))
                    .sorted(EvolutionTest::byVersion).toList();
            assertWithMessage("migrations added by version %s", version)
                    .that(added).containsExactlyElementsIn(MIGRATIONS.get(version)).inOrder();
            for (String file : added) {
                Golden.assertMatches("evolution-rules/" + file, after.get(file));
                // The states' constraints do not change with the rules.
                assertThat(file.startsWith("V1_") || !after.get(file).contains("_submitted_check")).isTrue();
            }
            for (Map.Entry<String, String> committed : before.entrySet()) {
                if (committed.getKey().startsWith("V")) {
                    assertWithMessage("%s after version %s", committed.getKey(), version)
                            .that(after.get(committed.getKey())).isEqualTo(committed.getValue());
                }
            }
        }
        Golden.assertMatches("evolution-rules/loan.snapshot.json", EvolutionTest.files(folder).get("loan.snapshot.json"));
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
