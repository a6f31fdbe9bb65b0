package dev.statewise.samples.taskboard;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import dev.statewise.runtime.Audit;
import dev.statewise.runtime.GuardRefusedException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;

/**
 * Applies the migrations that Statewise generated from {@link Task} as the owner role, then, logged
 * in as the application role, which owns nothing, walks a task through its states with plain SQL,
 * shows PostgreSQL itself refusing what the process forbids, and does the same through the
 * generated repository.
 */
public final class TaskBoardDemo {

    static final String MIGRATIONS = "samples/task-board/src/main/resources/db/migration";

    private final DataSource owner;
    private final DataSource dataSource;
    private final PrintStream out;

    /**
     * @param owner the role that applies the migrations and owns what they create
     * @param application the role the application logs in as; it needs USAGE on the schema
     */
    TaskBoardDemo(DataSource owner, DataSource application, PrintStream out) {
        this.owner = owner;
        this.dataSource = application;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Connection c = postgres.getPostgresDatabase().getConnection()) {
            // Two roles, neither a superuser, as a careful team deploys (docs/database.md).
            c.createStatement().execute("""
                    CREATE ROLE task_board_owner LOGIN;
                    CREATE ROLE task_board_app LOGIN;
                    CREATE SCHEMA task_board AUTHORIZATION task_board_owner;
                    GRANT USAGE ON SCHEMA task_board TO task_board_app;
                    ALTER ROLE task_board_owner SET search_path = task_board;
                    ALTER ROLE task_board_app SET search_path = task_board;
                    """);
            new TaskBoardDemo(postgres.getDatabase("task_board_owner", "postgres"),
                    postgres.getDatabase("task_board_app", "postgres"), System.out).run();
        }
    }

    void run() throws SQLException {
        out.println("Statewise task board demo, on embedded PostgreSQL " + query("SHOW server_version"));
        out.println();

        MigrateResult migrated = Flyway.configure().dataSource(owner).load().migrate();
        out.println("Flyway applied " + migrated.migrationsExecuted + " migration(s) as the owner; schema version "
                + migrated.targetSchemaVersion + ".");
        String application = query("SELECT current_user");
        try (Connection c = owner.getConnection()) {
            c.createStatement().execute("GRANT SELECT, INSERT, UPDATE, DELETE ON task TO " + application
                    + "; GRANT SELECT ON task_history, task_transition TO " + application);
        }
        out.println("From here on the demo logs in as " + application + ", which owns nothing: it may write task"
                + " and read its history and transitions.");
        out.println();

        out.println("A task walks the board with plain SQL; the trigger writes the history:");
        long id = insertTask("Write the release notes");
        step(id, "created");
        update(id, "BACKLOG", "status = 'IN_PROGRESS', assignee = 'ada', start_date = ?, transition_actor = 'ada'",
                LocalDate.of(2026, 11, 21));
        step(id, "start");
        update(id, "IN_PROGRESS", "status = 'IN_REVIEW', reviewer = 'grace', transition_actor = 'ada'");
        step(id, "submit");
        update(id, "IN_REVIEW", "status = 'DONE', completed_at = ?, transition_actor = 'grace', "
                        + "transition_reason = 'looks good'",
                OffsetDateTime.of(2026, 11, 22, 9, 30, 0, 0, ZoneOffset.UTC));
        step(id, "approve");
        history(id);
        out.println();

        out.println("PostgreSQL refuses what the process forbids, whoever sends the SQL:");
        long other = insertTask("Fix the flaky build");
        refused("UPDATE task SET status = 'DONE' WHERE id = ?", other);
        refused("UPDATE task SET status = 'IN_PROGRESS' WHERE id = ?", other);
        refused("INSERT INTO task (title, status) VALUES ('Skip the queue', 'IN_REVIEW')");
        refused("DELETE FROM task_history");
        refused("INSERT INTO task_history (task_id, transition, from_state, to_state)"
                + " VALUES (?, 'approve', 'IN_REVIEW', 'DONE')", other);
        refused("DELETE FROM task WHERE id = ?", id);
        refused("UPDATE task SET id = DEFAULT WHERE id = ?", id);
        refused("INSERT INTO task_transition (transition, from_state, to_state) VALUES ('skip', 'BACKLOG', 'DONE')");
        out.println();

        out.println("The same process through the generated TaskRepository, typed end to end:");
        TaskRepository tasks = new TaskRepository(DSL.using(dataSource, SQLDialect.POSTGRES));
        TaskValue task = tasks.create("Ship 1.0");
        task = tasks.start(task, "ada", LocalDate.of(2026, 11, 23), Audit.by("ada"));
        task = tasks.submit(task, "ada", Audit.by("ada"));
        out.println("  task " + task.id() + " is " + task.status() + " at version " + task.version()
                + ", reviewer " + task.reviewer());
        try {
            tasks.approve(task, OffsetDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZoneOffset.UTC));
        } catch (GuardRefusedException e) {
            out.println("  approve refused before any write: " + e.getMessage());
        }
        out.println("  counts by state: " + tasks.countByState());
        out.println();

        out.println("Generated from Task.java, committed with the sample:");
        out.println("  migration: " + MIGRATIONS + "/V1__create_task.sql");
        out.println("  and the updates later versions of Statewise wrote for it: V2 onwards, beside it");
        out.println("  diagram and requirement matrix: " + MIGRATIONS + "/task.md");
    }

    private long insertTask(String title) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO task (title) VALUES (?) RETURNING id")) {
            s.setString(1, title);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * A transition in plain SQL. It names the state the row must be in, as every transition should:
     * without it, two sessions that both read the row in {@code from} could both move it, the second
     * change becoming a plain edit, or another transition, of the row the first one left.
     */
    private void update(long id, String from, String assignments, Object... values) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE task SET " + assignments + " WHERE id = ? AND status = ?")) {
            int i = 1;
            for (Object value : values) {
                s.setObject(i++, value);
            }
            s.setLong(i++, id);
            s.setString(i, from);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("task " + id + " is no longer in " + from);
            }
        }
    }

    private void step(long id, String what) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT status, version FROM task WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                out.printf("  %-8s -> %-12s version %d%n", what, rs.getString(1), rs.getLong(2));
            }
        }
    }

    private void history(long id) throws SQLException {
        out.println("  history of task " + id + ":");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT transition, from_state, to_state, actor, reason "
                        + "FROM task_history WHERE task_id = ? ORDER BY id")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.printf("    %-8s %s -> %s by %s%s%n", rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5) == null ? "" : " (" + rs.getString(5) + ")");
                }
            }
        }
    }

    /** Runs SQL that the schema must refuse and prints PostgreSQL's own error. */
    private void refused(String sql, Object... values) throws SQLException {
        out.println("  " + sql.replace("?", values.length > 0 ? String.valueOf(values[0]) : "?"));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.execute();
            throw new IllegalStateException("PostgreSQL accepted: " + sql);
        } catch (PSQLException e) {
            var error = e.getServerErrorMessage();
            out.println("    ERROR " + e.getSQLState() + ": " + error.getMessage());
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
