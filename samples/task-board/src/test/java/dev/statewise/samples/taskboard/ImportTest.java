package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statewise.runtime.HistoryEntry;
import dev.statewise.samples.taskboard.jooq.Tables;
import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * Rows brought in with their past, as docs/database.md shows: by the owner, with the triggers off
 * for one transaction. Afterwards they are rows like any other to the application.
 */
@PostgresTest(migrations = "classpath:db/migration")
class ImportTest {

    @Test
    void rowsImportedWithTheirHistoryGoOnAsAnyOther(TestSchema schema, @AsOwner DSLContext owner,
            @AsApplication DSLContext application) {
        owner.transaction(configuration -> configuration.dsl().execute("""
                -- tag::import[]
                ALTER TABLE task DISABLE TRIGGER USER;           -- only the owner may; locks task until COMMIT
                ALTER TABLE task_history DISABLE TRIGGER USER;
                INSERT INTO task (id, status, title, assignee, start_date, version, created_at, updated_at)
                    OVERRIDING SYSTEM VALUE
                    VALUES (1001, 'IN_PROGRESS', 'Migrate the wiki', 'ada', '2025-03-01', 1,
                            '2025-02-27 09:00+00', '2025-03-01 10:00+00');
                INSERT INTO task_history (task_id, transition, from_state, to_state, actor, occurred_at)
                    VALUES (1001, 'start', 'BACKLOG', 'IN_PROGRESS', 'ada', '2025-03-01 10:00+00');
                ALTER TABLE task_history ENABLE TRIGGER USER;
                ALTER TABLE task ENABLE TRIGGER USER;
                SELECT setval(pg_get_serial_sequence('task', 'id'), (SELECT max(id) FROM task));
                -- end::import[]
                """));
        owner.execute("GRANT SELECT, INSERT, UPDATE ON task TO " + schema.applicationRole()
                + "; GRANT SELECT ON task_history, task_transition TO " + schema.applicationRole());
        TaskRepository tasks = new TaskRepository(application);

        TaskValue imported = tasks.get(1001L);
        assertEquals(LocalDate.of(2025, 3, 1), imported.startDate());
        assertEquals(OffsetDateTime.of(2025, 2, 27, 9, 0, 0, 0, ZoneOffset.UTC).toInstant(), application
                .select(Tables.TASK.CREATED_AT).from(Tables.TASK).where(Tables.TASK.ID.eq(1001L)).fetchSingle()
                .value1().toInstant());
        TaskValue submitted = tasks.submit(imported, "grace");
        assertEquals(2, submitted.version());
        assertEquals(List.of("start", "submit"), tasks.history(1001L).stream().map(HistoryEntry::transition).toList());
        assertEquals(1002L, tasks.create("After the import").id());
    }
}
