package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Golden;
import dev.statewise.runtime.SqlStates;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema built by a Statewise from before decision 0018, whose history has foreign keys, brought
 * up to date by the next compile: the task board's migration and snapshot as they were committed
 * then, frozen in {@code upgrade/before-0018}, with the task board's declaration unchanged.
 */
@PostgresTest
class UpgradeTest {

    private static final String FIXTURE = "upgrade/before-0018/";

    @TempDir
    Path folder;

    @Test
    void theNextCompileDropsTheHistoryForeignKeysAndAddsTheTriggersThatReplaceThem(TestSchema schema)
            throws Exception {
        for (String file : List.of("V1__create_task.sql", "task.snapshot.json")) {
            try (InputStream in = UpgradeTest.class.getClassLoader().getResourceAsStream(FIXTURE + file)) {
                Files.write(folder.resolve(file), in.readAllBytes());
            }
        }
        DSLContext dsl = DSL.using(schema.dataSource(), SQLDialect.POSTGRES);
        migrate(schema);
        long task = dsl.fetchSingle("INSERT INTO task (title) VALUES ('old') RETURNING id").get(0, Long.class);
        dsl.execute("UPDATE task SET status = 'IN_PROGRESS', assignee = 'ann', start_date = current_date WHERE id = ?",
                task);

        compile();

        Map<String, String> files = EvolutionTest.files(folder);
        assertThat(files.keySet().stream().filter(f -> f.startsWith("V")).toList()).containsExactly(
                "V1__create_task.sql", "V2__task_update_schema.sql", "V3__task_validate_constraints.sql");
        Golden.assertMatches("upgrade/V2__task_update_schema.sql", files.get("V2__task_update_schema.sql"));
        migrate(schema);

        assertEquals(0L, dsl.fetchValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'task_history'::regclass", Long.class));
        DataAccessException written = assertThrows(DataAccessException.class, () -> dsl.execute(
                "INSERT INTO task_history (task_id, transition, from_state, to_state)"
                        + " VALUES (?, 'submit', 'IN_PROGRESS', 'IN_REVIEW')", task));
        assertEquals(SqlStates.HISTORY_IS_APPEND_ONLY, written.sqlState());
        DataAccessException deleted = assertThrows(DataAccessException.class,
                () -> dsl.execute("DELETE FROM task WHERE id = ?", task));
        assertEquals(SqlStates.HISTORY_IS_APPEND_ONLY, deleted.sqlState());
        dsl.execute("UPDATE task SET status = 'IN_REVIEW', reviewer = 'rob', transition = 'submit' WHERE id = ?", task);
        assertEquals(List.of("start", "submit"),
                dsl.fetchValues("SELECT transition FROM task_history WHERE task_id = ? ORDER BY id", task));

        Map<String, String> upgraded = EvolutionTest.files(folder);
        compile();
        assertThat(EvolutionTest.files(folder)).isEqualTo(upgraded);
    }

    private void compile() {
        Compilations.compile(List.of("-Astatewise.migrations=" + folder), "upgrade/Task.java")
                .assertSucceededWithoutWarnings();
    }

    private void migrate(TestSchema schema) {
        Flyway.configure().dataSource(schema.ownerDataSource()).schemas(schema.name())
                .locations("filesystem:" + folder).load().migrate();
    }
}
