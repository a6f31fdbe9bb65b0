package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * The upgrade every existing user gets (decision 0026), on a table with rows: the task board's
 * schema as its first four migrations built it, rows that changed state and rows that did not,
 * then the migration that adds {@code status_since}, the batched fill docs/evolution.md advises,
 * and the validation migration.
 */
@PostgresTest
class TimeInStateUpgradeTest {

    @Test
    void rowsFromBeforeGetWhenTheyEnteredTheirStateFromTheirHistoryAndKeepTheirVersion(TestSchema schema,
            @AsOwner DSLContext owner, @AsApplication DSLContext application) throws IOException {
        migrate(schema, "4");
        owner.execute("GRANT SELECT, INSERT, UPDATE ON task TO " + schema.applicationRole());
        owner.execute("GRANT SELECT ON task_history, task_transition TO " + schema.applicationRole());
        long untouched = insert(application, "never moved");
        long started = insert(application, "started once");
        application.execute("UPDATE task SET status = 'IN_PROGRESS', assignee = 'ada', start_date = current_date"
                + " WHERE id = " + started);
        long blockedThenEdited = insert(application, "blocked, then edited");
        application.execute("UPDATE task SET status = 'BLOCKED', blocked_reason = 'vendor' WHERE id = " + blockedThenEdited);
        application.execute("UPDATE task SET notes = 'an edit, no change of state' WHERE id = " + blockedThenEdited);
        Record before = row(owner, started);

        migrate(schema, "5");
        assertNull(row(owner, started).get("status_since"));
        long after = insert(application, "created after the upgrade");
        owner.execute(resource("/fill-status-since-in-batches.sql"));
        migrate(schema, null);

        assertEquals(row(owner, untouched).get("created_at"), row(owner, untouched).get("status_since"));
        assertEquals(lastChange(owner, started), row(owner, started).get("status_since"));
        assertEquals(lastChange(owner, blockedThenEdited), row(owner, blockedThenEdited).get("status_since"));
        assertEquals(row(owner, after).get("created_at"), row(owner, after).get("status_since"));
        Record filled = row(owner, started);
        assertEquals(before.get("version"), filled.get("version"));
        assertEquals(before.get("updated_at"), filled.get("updated_at"));
        assertEquals("NO", owner.fetchValue("SELECT is_nullable FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = 'task' AND column_name = 'status_since'"));
        assertEquals(0L, ((Number) owner.fetchValue("SELECT count(*) FROM pg_constraint"
                + " WHERE conname = 'task_status_since_not_null'")).longValue());

        // And from now on the trigger keeps it: a change of state moves it.
        application.execute("UPDATE task SET status = 'IN_PROGRESS', assignee = 'ada', start_date = current_date"
                + " WHERE id = " + untouched);
        assertEquals(lastChange(owner, untouched), row(owner, untouched).get("status_since"));
    }

    private static void migrate(TestSchema schema, String target) {
        var flyway = Flyway.configure().dataSource(schema.ownerDataSource()).schemas(schema.name())
                .locations("classpath:db/migration");
        (target == null ? flyway : flyway.target(target)).load().migrate();
    }

    private static long insert(DSLContext application, String title) {
        return ((Number) application.fetchValue("INSERT INTO task (title) VALUES ('" + title + "') RETURNING id"))
                .longValue();
    }

    private static Record row(DSLContext owner, long id) {
        return owner.fetchOne("SELECT * FROM task WHERE id = " + id);
    }

    private static OffsetDateTime lastChange(DSLContext owner, long id) {
        OffsetDateTime last = (OffsetDateTime) owner.fetchValue(
                "SELECT max(occurred_at) FROM task_history WHERE task_id = " + id);
        assertNotNull(last);
        return last;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TimeInStateUpgradeTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
