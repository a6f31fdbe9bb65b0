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
 * Applies the migration that Statewise generated from {@link Task}, walks a task through its
 * states with plain SQL, shows PostgreSQL itself refusing what the process forbids, then does the
 * same through the generated repository.
 */
public final class TaskBoardDemo {

    static final String MIGRATIONS = "samples/task-board/src/main/resources/db/migration";

    private final DataSource dataSource;
    private final PrintStream out;

    TaskBoardDemo(DataSource dataSource, PrintStream out) {
        this.dataSource = dataSource;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            new TaskBoardDemo(postgres.getPostgresDatabase(), System.out).run();
        }
    }

    void run() throws SQLException {
        out.println("Statewise task board demo, on embedded PostgreSQL " + query("SHOW server_version"));
        out.println();

        MigrateResult migrated = Flyway.configure().dataSource(dataSource).load().migrate();
        out.println("Flyway applied " + migrated.migrationsExecuted + " migration(s); schema version "
                + migrated.targetSchemaVersion + ".");
        out.println();

        out.println("A task walks the board with plain SQL; the trigger writes the history:");
        long id = insertTask("Write the release notes");
        step(id, "created");
        update(id, "status = 'IN_PROGRESS', assignee = 'ada', start_date = ?, transition_actor = 'ada'",
                LocalDate.of(2026, 11, 21));
        step(id, "start");
        update(id, "status = 'IN_REVIEW', reviewer = 'grace', transition_actor = 'ada'");
        step(id, "submit");
        update(id, "status = 'DONE', completed_at = ?, transition_actor = 'grace', "
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
        out.println("  and the update a later Statewise wrote for it: " + MIGRATIONS + "/V2__task_update_schema.sql");
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

    private void update(long id, String assignments, Object... values) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE task SET " + assignments + " WHERE id = ?")) {
            int i = 1;
            for (Object value : values) {
                s.setObject(i++, value);
            }
            s.setLong(i, id);
            s.executeUpdate();
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
