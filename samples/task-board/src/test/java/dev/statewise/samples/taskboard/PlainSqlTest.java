package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statewise.runtime.HistoryEntry;
import dev.statewise.test.PostgresTest;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** A transition written by hand in SQL, as docs/database.md shows it, goes through the same rules. */
@PostgresTest(migrations = "classpath:db/migration")
class PlainSqlTest {

    @Test
    void anUpdateOfTheStateIsATransitionWithItsHistory(DSLContext dsl) {
        dsl.execute("INSERT INTO task (id, title) OVERRIDING SYSTEM VALUE VALUES (42, 'Write the notes')");
        for (int edit = 1; edit <= 3; edit++) {
            dsl.execute("UPDATE task SET notes = 'edit " + edit + "' WHERE id = 42");
        }

        int updated = dsl.execute("""
                -- tag::transition[]
                UPDATE task
                   SET status = 'IN_PROGRESS', assignee = 'ada', start_date = current_date,
                       transition_actor = 'ada', transition_reason = 'picked up in planning'
                 WHERE id = 42 AND status = 'BACKLOG'   -- the state it leaves: always
                   AND version = 3;                     -- optional: optimistic locking
                -- end::transition[]
                """);

        assertEquals(1, updated);
        TaskValue task = new TaskRepository(dsl).get(42L);
        assertEquals(Task.Status.IN_PROGRESS, task.status());
        assertEquals(4, task.version());
        List<HistoryEntry> history = new TaskRepository(dsl).history(42L);
        assertEquals(1, history.size());
        assertEquals("start", history.get(0).transition());
        assertEquals("ada", history.get(0).actor());
        assertEquals("picked up in planning", history.get(0).reason());
    }
}
