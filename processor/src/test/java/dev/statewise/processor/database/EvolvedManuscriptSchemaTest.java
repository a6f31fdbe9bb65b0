package dev.statewise.processor.database;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.testing.Compilations;
import dev.statewise.test.TestSchema;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields moving from {@code @RequiredIn} to {@code @AllowedIn} and back, applied with Flyway to a
 * table with rows in every state, every field set wherever the version allows it: each upgrade
 * clears exactly the values that their state no longer allows, keeps the others, and leaves no
 * constraint unvalidated; then the contract of the last version holds for the upgraded schema.
 */
class EvolvedManuscriptSchemaTest extends SchemaContract {

    private static final List<String> VERDICTS_AND_NOTES = List.of("first_referee", "second_referee", "referee_notes");

    @Override
    String resource() {
        return "evolution-allowed/v3/Manuscript.java";
    }

    @Override
    String workflowName() {
        return "Manuscript";
    }

    @Override
    Workflow migrate(TestSchema schema, Path migrations) throws Exception {
        Workflow current = null;
        WorkflowDriver driver = null;
        Map<String, Long> rowIn = new LinkedHashMap<>();
        for (int version = 1; version <= 3; version++) {
            current = Compilations.compile(List.of("-Astatewise.migrations=" + migrations),
                    "evolution-allowed/v" + version + "/Manuscript.java").assertSucceededWithoutWarnings()
                    .workflow("Manuscript");
            applyMigrations(schema, migrations);
            driver = new WorkflowDriver(current, schema.dataSource());
            assertWithMessage("constraints left NOT VALID after version %s", version)
                    .that(driver.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'manuscript'::regclass"
                            + " AND NOT convalidated")).isEqualTo(0);

            if (version == 1) {
                // Version 1 lets every state keep the verdicts and notes: fill them everywhere.
                for (String state : current.stateNames()) {
                    long id = driver.rowIn(state);
                    driver.update(id, Map.of("first_referee", "ada", "second_referee", "grace",
                            "referee_notes", "typos"));
                    rowIn.put(state, id);
                }
            }
            if (version == 2) {
                assertColumns(driver, rowIn.get("DRAFT"), null, null, null);
                assertColumns(driver, rowIn.get("IN_REVIEW"), "ada", "grace", "typos");
                assertColumns(driver, rowIn.get("ACCEPTED"), "ada", "grace", "typos");
                assertColumns(driver, rowIn.get("PUBLISHED"), "ada", "grace", null);
                // The edit above, then one per value cleared: a copy read before the upgrade is stale.
                assertThat(driver.row(rowIn.get("DRAFT")).get("version")).isEqualTo(4L);
            }
            if (version == 3) {
                assertColumns(driver, rowIn.get("ACCEPTED"), "ada", "grace", null);
                assertColumns(driver, rowIn.get("IN_REVIEW"), "ada", "grace", "typos");
            }
        }
        for (Map.Entry<String, Long> row : rowIn.entrySet()) {
            assertWithMessage("state of the row made in %s", row.getKey())
                    .that(driver.stateOf(row.getValue())).isEqualTo(row.getKey());
        }
        return current;
    }

    private static void assertColumns(WorkflowDriver driver, long id, Object... values) throws Exception {
        Map<String, Object> row = driver.row(id);
        for (int i = 0; i < values.length; i++) {
            assertWithMessage("%s of manuscript %s", VERDICTS_AND_NOTES.get(i), id)
                    .that(row.get(VERDICTS_AND_NOTES.get(i))).isEqualTo(values[i]);
        }
    }
}
