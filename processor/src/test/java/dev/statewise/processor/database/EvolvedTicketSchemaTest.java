package dev.statewise.processor.database;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.testing.Compilations;
import dev.statewise.test.TestSchema;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An upgrade, as it happens in production: seven versions of the ticket workflow, each compiled
 * into the same migration folder and applied with Flyway to a table that holds rows in every state
 * of every earlier version. No row is lost, every row meets the rules of the new version, rows of
 * renamed and removed states arrive where the declaration says, and the contract of the last
 * version holds for the upgraded schema as it does for one created at once.
 */
class EvolvedTicketSchemaTest extends SchemaContract {

    @Override
    String resource() {
        return "evolution/v7/Ticket.java";
    }

    @Override
    String workflowName() {
        return "Ticket";
    }

    @Override
    Workflow migrate(TestSchema schema, Path migrations) throws Exception {
        Workflow current = null;
        WorkflowDriver driver = null;
        Map<Long, String> stateOfRow = new LinkedHashMap<>();
        long history = 0;
        for (int version = 1; version <= 7; version++) {
            current = Compilations.compile(List.of("-Astatewise.migrations=" + migrations),
                    "evolution/v" + version + "/Ticket.java").assertSucceededWithoutWarnings().workflow("Ticket");
            applyMigrations(schema, migrations);
            driver = new WorkflowDriver(current, schema.dataSource());

            assertWithMessage("rows after version %s", version)
                    .that(driver.count("SELECT count(*) FROM ticket")).isEqualTo(stateOfRow.size());
            assertWithMessage("history rows after version %s", version)
                    .that(driver.count("SELECT count(*) FROM ticket_history")).isEqualTo(history);
            assertWithMessage("constraints left NOT VALID after version %s", version)
                    .that(driver.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'ticket'::regclass"
                            + " AND NOT convalidated")).isEqualTo(0);
            for (Map.Entry<Long, String> row : stateOfRow.entrySet()) {
                String expected = movedState(version, row.getValue());
                assertWithMessage("state of ticket %s after version %s", row.getKey(), version)
                        .that(driver.stateOf(row.getKey())).isEqualTo(expected);
                assertMeetsItsState(current, driver, row.getKey(), expected);
                row.setValue(expected);
            }

            for (State state : current.states()) {
                long id = driver.rowIn(state.name());
                stateOfRow.put(id, state.name());
                history += driver.pathTo(state.name()).size();
            }
        }
        assertThat(driver.row(firstRowOf(stateOfRow, "ASSIGNED")).get("priority")).isEqualTo("NORMAL");
        return current;
    }

    /** Where the declarations send a row of an earlier version's state. */
    private static String movedState(int version, String state) {
        if (version == 5 && state.equals("WAITING")) {
            return "ON_HOLD";
        }
        if (version == 6 && state.equals("ESCALATED")) {
            return "ASSIGNED";
        }
        return state;
    }

    private static void assertMeetsItsState(Workflow workflow, WorkflowDriver driver, long id, String state)
            throws Exception {
        Map<String, Object> row = driver.row(id);
        for (Field field : workflow.fields()) {
            if (field.requiredIn(state)) {
                assertWithMessage("%s of ticket %s in %s", field.column(), id, state)
                        .that(row.get(field.column())).isNotNull();
            } else if (field.nullIn(state)) {
                assertWithMessage("%s of ticket %s in %s", field.column(), id, state)
                        .that(row.get(field.column())).isNull();
            }
        }
        assertThat(row.get(Naming.VERSION)).isNotNull();
    }

    private static long firstRowOf(Map<Long, String> stateOfRow, String state) {
        return stateOfRow.entrySet().stream().filter(e -> e.getValue().equals(state)).findFirst().orElseThrow().getKey();
    }
}
