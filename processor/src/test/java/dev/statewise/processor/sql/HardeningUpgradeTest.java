package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema built by a Statewise from before decision 0019, brought up to date by the next compile:
 * the task board's migrations and snapshot as they were committed then, frozen in
 * {@code upgrade/before-0019}, applied by the owner role to a table with rows, and written to by
 * the application role, which owns nothing, before and after.
 */
@PostgresTest
class HardeningUpgradeTest {

    private static final String FIXTURE = "before-0019/";

    @TempDir
    Path folder;

    @Test
    void theNextCompileHardensTheSchemaAndKeepsEveryRow(TestSchema schema) throws Exception {
        // The task board's first migration is the same before either decision.
        for (String file : List.of("before-0018/V1__create_task.sql", FIXTURE + "V2__task_update_schema.sql",
                FIXTURE + "task.snapshot.json")) {
            try (InputStream in = HardeningUpgradeTest.class.getClassLoader().getResourceAsStream("upgrade/" + file)) {
                Files.write(folder.resolve(file.substring(file.lastIndexOf('/') + 1)), in.readAllBytes());
            }
        }
        migrate(schema);
        DSLContext owner = DSL.using(schema.ownerDataSource(), SQLDialect.POSTGRES);
        String app = schema.applicationRole();
        owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON task TO " + app);
        // Before decision 0019 the trigger wrote the history with the caller's rights.
        owner.execute("GRANT SELECT, INSERT ON task_history TO " + app);
        owner.execute("GRANT SELECT ON task_transition TO " + app);
        DSLContext dsl = DSL.using(schema.applicationDataSource(), SQLDialect.POSTGRES);
        long old = dsl.fetchSingle("INSERT INTO task (title) VALUES ('old') RETURNING id").get(0, Long.class);
        dsl.execute("UPDATE task SET status = 'IN_PROGRESS', assignee = 'ann', start_date = current_date"
                + " WHERE id = ? AND status = 'BACKLOG'", old);
        long untouched = dsl.fetchSingle("INSERT INTO task (title) VALUES ('waiting') RETURNING id")
                .get(0, Long.class);

        compile();

        Map<String, String> files = EvolutionTest.files(folder);
        assertThat(files.keySet().stream().filter(f -> f.startsWith("V")).toList())
                .containsExactly("V1__create_task.sql", "V2__task_update_schema.sql", "V3__task_update_schema.sql",
                        "V4__task_validate_constraints.sql");
        Golden.assertMatches("upgrade/V3__task_update_schema.sql", files.get("V3__task_update_schema.sql"));
        Golden.assertMatches("upgrade/V4__task_validate_constraints.sql", files.get("V4__task_validate_constraints.sql"));
        migrate(schema);
        owner.execute("REVOKE INSERT ON task_history FROM " + app);

        assertEquals(List.of("old", "waiting"), dsl.fetchValues("SELECT title FROM task ORDER BY id"));
        Record before = dsl.fetchSingle("SELECT created_by, created_login_role FROM task WHERE id = ?", old);
        assertNull(before.get(0));
        assertNull(before.get(1));
        assertNull(dsl.fetchValue("SELECT login_role FROM task_history WHERE task_id = ?", old));

        dsl.execute("UPDATE task SET status = 'IN_REVIEW', reviewer = 'rob', transition_actor = 'ann'"
                + " WHERE id = ? AND status = 'IN_PROGRESS'", old);
        dsl.execute("UPDATE task SET status = 'IN_PROGRESS', assignee = 'bo', start_date = current_date"
                + " WHERE id = ? AND status = 'BACKLOG'", untouched);
        assertEquals(List.of("start", "submit"),
                dsl.fetchValues("SELECT transition FROM task_history WHERE task_id = ? ORDER BY id", old));
        assertEquals(app, dsl.fetchValue("SELECT login_role FROM task_history WHERE task_id = ? AND transition = 'submit'",
                old));
        long created = dsl.fetchSingle("INSERT INTO task (title, transition_actor, transition_reason, created_at)"
                + " VALUES ('new', 'ann', 'imported', '2000-01-01') RETURNING id").get(0, Long.class);
        Record fresh = dsl.fetchSingle("SELECT created_by, created_reason, created_login_role,"
                + " created_at > now() - interval '1 hour' FROM task WHERE id = ?", created);
        assertEquals(List.of("ann", "imported", app, true), List.of(fresh.intoArray()));

        refused(dsl, SqlStates.HISTORY_IS_APPEND_ONLY, "UPDATE task SET id = DEFAULT WHERE id = " + old);
        refused(dsl, SqlStates.INSUFFICIENT_PRIVILEGE,
                "INSERT INTO task_history (task_id, transition, from_state, to_state) VALUES (" + old
                        + ", 'approve', 'IN_REVIEW', 'DONE')");
        refused(dsl, SqlStates.INSUFFICIENT_PRIVILEGE,
                "INSERT INTO task_transition (transition, from_state, to_state) VALUES ('skip', 'IN_REVIEW', 'DONE')");
        // The owner's functions: no longer the caller's to run, and shadowed by no temporary table.
        assertEquals(0L, owner.fetchValue("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = current_schema() AND has_function_privilege('" + app + "', p.oid, 'EXECUTE')",
                Long.class));
        dsl.connection(c -> {
            try (var statement = c.createStatement()) {
                statement.execute("CREATE TEMP TABLE task_transition (LIKE " + schema.name()
                        + ".task_transition INCLUDING ALL)");
                statement.execute("INSERT INTO task_transition VALUES ('skip', 'IN_REVIEW', 'BACKLOG', NULL, false)");
                DataAccessException e = assertThrows(DataAccessException.class, () -> DSL.using(c).execute(
                        "UPDATE " + schema.name() + ".task SET status = 'BACKLOG' WHERE id = " + old));
                assertEquals(SqlStates.ILLEGAL_TRANSITION, e.sqlState());
            }
        });
        assertNotNull(dsl.fetchValue("SELECT status FROM task WHERE id = ? AND status = 'IN_REVIEW'", old));

        Map<String, String> upgraded = EvolutionTest.files(folder);
        compile();
        assertThat(EvolutionTest.files(folder)).isEqualTo(upgraded);
    }

    private static void refused(DSLContext dsl, String sqlState, String sql) {
        DataAccessException e = assertThrows(DataAccessException.class, () -> dsl.execute(sql), sql);
        assertEquals(sqlState, e.sqlState(), sql);
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
