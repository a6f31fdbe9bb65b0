package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Golden;
import dev.statewise.runtime.SqlStates;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.CloseableDSLContext;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roles named by {@code statewise.applicationRole} and {@code statewise.readOnlyRole} get what
 * the repository and a report need, and nothing else, from the migrations; a role that does not
 * exist fails the migration saying how to create it; a role that changes moves the grants. The
 * roles are NOLOGIN group roles that the test's login roles join, as a team's would be.
 */
class GrantsTest {

    @TempDir
    Path folder;

    private final List<String> createdRoles = new ArrayList<>();
    /** A schema of each test's own, since each applies its own migrations from the start. */
    private TestSchema schema;
    private DSLContext admin;

    @BeforeEach
    void createSchema() {
        schema = TestDatabase.shared().createSchema("GrantsTest");
        admin = DSL.using(schema.dataSource(), SQLDialect.POSTGRES);
    }

    @AfterEach
    void dropSchemaAndRoles() {
        schema.drop();
        for (String role : createdRoles) {
            admin.execute("DROP OWNED BY " + role);
            admin.execute("DROP ROLE " + role);
        }
    }

    @Test
    void theApplicationRoleDoesWhatTheRepositoryDoesAndTheReadOnlyRoleReads() throws Exception {
        String writers = group(schema, "writers");
        String readers = group(schema, "readers");
        String reporter = login(schema, "reporter");
        admin.execute("GRANT " + writers + " TO " + schema.applicationRole());
        admin.execute("GRANT " + readers + " TO " + reporter);
        admin.execute("REVOKE USAGE ON SCHEMA " + schema.name() + " FROM " + schema.applicationRole());

        compile(writers, readers);
        String created = EvolutionTest.files(folder).get("V1__create_task.sql");
        Golden.assertMatches("grants/V1__create_task_privileges.sql", created.substring(created.indexOf("-- Privileges"))
                .replace(writers, "app_service").replace(readers, "reporting"));
        migrate();

        DSLContext app = DSL.using(schema.applicationDataSource(), SQLDialect.POSTGRES);
        long id = app.fetchSingle("INSERT INTO task (title) VALUES ('granted') RETURNING id").get(0, Long.class);
        app.execute("UPDATE task SET status = 'IN_PROGRESS', assignee = 'ada', start_date = current_date"
                + " WHERE id = ? AND status = 'BACKLOG'", id);
        assertEquals(1, app.fetchCount(app.selectFrom("task_history").where("task_id = ?", id)));
        assertEquals(8, app.fetchCount(app.selectFrom("task_transition")));
        for (String sql : List.of("DELETE FROM task WHERE id = " + id, "TRUNCATE task",
                "INSERT INTO task_history (task_id, transition, from_state, to_state) VALUES (1, 'x', 'a', 'b')",
                "UPDATE task_transition SET retired = true", "CREATE TABLE mine (x int)",
                "ALTER TABLE task DISABLE TRIGGER USER")) {
            refused(app, sql);
        }

        String url = schema.jdbcUrl().replaceFirst("user=[^&]*", "user=" + reporter).replaceFirst("&password=[^&]*", "");
        try (CloseableDSLContext report = DSL.using(url)) {
            assertEquals(1, report.fetchCount(report.selectFrom("task")));
            assertEquals(1, report.fetchCount(report.selectFrom("task_history")));
            assertEquals(8, report.fetchCount(report.selectFrom("task_transition")));
            for (String sql : List.of("INSERT INTO task (title) VALUES ('no')", "UPDATE task SET notes = 'no'",
                    "DELETE FROM task")) {
                refused(report, sql);
            }
        }
    }

    @Test
    void aRoleThatDoesNotExistFailsTheMigrationSayingHowToCreateIt() {
        String missing = schema.name() + "_missing";

        compile(missing, null);

        FlywayException e = assertThrows(FlywayException.class, () -> migrate());
        assertThat(e.getMessage()).contains("role " + missing + " does not exist");
        assertThat(e.getMessage()).contains("CREATE ROLE " + missing + " NOLOGIN");
        assertEquals(0, admin.fetchCount(admin.selectFrom("pg_tables").where("schemaname = ? AND tablename = 'task'",
                schema.name())));
    }

    @Test
    void grantsArriveOnATableWithRowsAndMoveWithTheRole() throws Exception {
        String before = group(schema, "before");
        String after = group(schema, "after");
        compile(null, null);
        migrate();
        DSLContext owner = DSL.using(schema.ownerDataSource(), SQLDialect.POSTGRES);
        owner.execute("INSERT INTO task (title) VALUES ('kept')");
        compile(before, null);
        assertThat(EvolutionTest.files(folder).keySet()).contains("V2__task_grant_privileges.sql");
        migrate();
        assertEquals(true, privilege(before, schema.name() + ".task", "UPDATE"));

        compile(after, null);

        Map<String, String> files = EvolutionTest.files(folder);
        assertThat(files.keySet()).contains("V3__task_move_privileges.sql");
        Golden.assertMatches("grants/V3__task_move_privileges.sql", files.get("V3__task_move_privileges.sql")
                .replace(before, "before_role").replace(after, "after_role"));
        migrate();
        assertEquals(List.of("kept"), owner.fetchValues("SELECT title FROM task"));
        assertEquals(List.of(false, true), List.of(
                privilege(before, schema.name() + ".task", "UPDATE"), privilege(after, schema.name() + ".task", "UPDATE")));
        assertEquals(List.of(false, true), List.of(privilege(before, schema.name() + ".task_history", "SELECT"),
                privilege(after, schema.name() + ".task_history", "SELECT")));

        compile(null, null);
        assertThat(EvolutionTest.files(folder).keySet()).contains("V4__task_revoke_privileges.sql");
        migrate();
        assertEquals(false, privilege(after, schema.name() + ".task", "SELECT"));
    }

    private boolean privilege(String role, String table, String privilege) {
        return admin.fetchSingle("SELECT has_table_privilege(?, ?::regclass, ?)", role, table, privilege)
                .get(0, Boolean.class);
    }

    private static void refused(DSLContext dsl, String sql) {
        DataAccessException e = assertThrows(DataAccessException.class, () -> dsl.execute(sql), sql);
        assertThat(List.of(SqlStates.INSUFFICIENT_PRIVILEGE, SqlStates.HISTORY_IS_APPEND_ONLY)).contains(e.sqlState());
    }

    private String group(TestSchema schema, String what) {
        return role(schema, what, "NOLOGIN");
    }

    private String login(TestSchema schema, String what) {
        return role(schema, what, "LOGIN");
    }

    private String role(TestSchema schema, String what, String login) {
        String role = schema.name() + "_" + what;
        admin.execute("CREATE ROLE " + role + " " + login);
        createdRoles.add(0, role);
        return role;
    }

    private void compile(String application, String readOnly) {
        List<String> options = new ArrayList<>(List.of("-Astatewise.migrations=" + folder));
        if (application != null) {
            options.add("-Astatewise.applicationRole=" + application);
        }
        if (readOnly != null) {
            options.add("-Astatewise.readOnlyRole=" + readOnly);
        }
        Compilations.compile(options, "upgrade/Task.java").assertSucceededWithoutWarnings();
    }

    private void migrate() {
        Flyway.configure().dataSource(schema.ownerDataSource()).schemas(schema.name())
                .locations("filesystem:" + folder).load().migrate();
    }
}
