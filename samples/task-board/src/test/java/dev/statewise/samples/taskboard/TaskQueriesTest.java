package dev.statewise.samples.taskboard;

import static dev.statewise.samples.taskboard.jooq.Tables.TASK;
import static dev.statewise.samples.taskboard.jooq.Tables.TASK_HISTORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.runtime.Audit;
import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's queries for any condition, and the mapping of a caller's own jOOQ query to
 * values, on a real PostgreSQL, logged in as the application role. Each test works on tasks of
 * its own team, so that the tests share one schema in any order.
 */
@PostgresTest(migrations = "classpath:db/migration")
class TaskQueriesTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    private static DSLContext dsl;
    private static TaskRepository tasks;

    @BeforeAll
    static void connectAsTheApplication(TestSchema schema, @AsOwner DSLContext owner,
            @AsApplication DSLContext application) {
        owner.execute("GRANT SELECT, INSERT, UPDATE ON task TO " + schema.applicationRole());
        owner.execute("GRANT SELECT ON task_history, task_transition TO " + schema.applicationRole());
        dsl = application;
        tasks = new TaskRepository(dsl);
    }

    /** A task that the assignee started on MONDAY plus some days. */
    private static TaskValue started(String assignee, int day) {
        return tasks.start(tasks.create("Task " + day), assignee, MONDAY.plusDays(day), Audit.by(assignee));
    }

    @Test
    void findsCountsAndGroupsByAnyCondition() {
        started("ada", 2);
        started("ada", 0);
        tasks.submit(started("ada", 1), "grace");
        tasks.submit(started("alan", 1), "grace");

        // tag::queries[]
        Condition adasQueue = TASK.ASSIGNEE.eq("ada").and(TASK.STATUS.eq(Task.Status.IN_PROGRESS));
        List<TaskValue> queue = tasks.find(adasQueue, TASK.START_DATE.asc());           // all of them
        long howMany = tasks.count(adasQueue);
        Map<String, Long> inReview = tasks.countBy(TASK.ASSIGNEE, TASK.STATUS.eq(Task.Status.IN_REVIEW));
        // end::queries[]

        assertEquals(List.of(MONDAY, MONDAY.plusDays(2)), queue.stream().map(TaskValue::startDate).toList());
        assertEquals(2, howMany);
        assertEquals(Map.of("ada", 1L, "alan", 1L), inReview);
        assertEquals(List.of("ada", "alan"), List.copyOf(inReview.keySet()));      // in the column's order
        Map<String, Long> reviewers = new LinkedHashMap<>();
        reviewers.put("grace", 1L);
        reviewers.put(null, 2L);                                                 // NULLs sort last
        assertEquals(reviewers, tasks.countBy(TASK.REVIEWER, TASK.ASSIGNEE.eq("ada")));
        assertEquals(0, tasks.count(TASK.ASSIGNEE.eq("ada").and(TASK.STATUS.eq(Task.Status.DONE))));
    }

    @Test
    void pagesByKeysetInAnyOrderWithTheIdBreakingTies() {
        for (int day : new int[] {0, 2, 1, 2, 0, 1, 2}) {
            started("barbara", day);
        }

        // tag::keyset[]
        Condition barbaras = TASK.ASSIGNEE.eq("barbara");
        List<TaskValue> page = tasks.find(barbaras, 0, 3, TASK.TITLE.desc());          // the first page
        List<TaskValue> all = new ArrayList<>(page);
        while (page.size() == 3) {
            TaskValue last = page.get(page.size() - 1);                               // where to go on from
            page = tasks.findAfter(last, barbaras, 3, TASK.TITLE.desc());
            all.addAll(page);
        }
        // end::keyset[]

        List<TaskValue> expected = tasks.find(barbaras).stream()
                .sorted(Comparator.comparing(TaskValue::title).reversed().thenComparing(TaskValue::id))
                .toList();
        assertEquals(7, expected.size());
        assertEquals(expected, all);
        assertEquals(expected.subList(3, 6), tasks.find(barbaras, 3, 3, TASK.TITLE.desc()));
        assertEquals(expected, tasks.findByState(Task.Status.IN_PROGRESS, 0, 100, TASK.TITLE.desc()).stream()
                .filter(expected::contains).toList());
    }

    @Test
    void keysetPagingRefusesKeysTheValueCannotGive() {
        TaskValue last = started("niklaus", 0);

        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> tasks.findAfter(last, TASK.ASSIGNEE.eq("niklaus"), 10, TASK.UPDATED_AT.desc()));
        // A field some state leaves NULL: a seek past a key skips every row without one.
        IllegalArgumentException optional = assertThrows(IllegalArgumentException.class,
                () -> tasks.findAfter(last, TASK.ASSIGNEE.eq("niklaus"), 10, TASK.START_DATE.desc()));
        IllegalArgumentException draft = assertThrows(IllegalArgumentException.class,
                () -> tasks.findAfter(TaskValue.create("Draft"), TASK.TITLE.eq("Draft"), 10, TASK.ID.asc()));

        assertEquals("findAfter seeks only by columns no row leaves NULL (the id, the state, the version and the"
                + " fields every state requires), not by \"task\".\"updated_at\": a row with NULL there would be"
                + " skipped; page with jOOQ's seek and map the rows with value(Record)", column.getMessage());
        assertTrue(optional.getMessage().contains("not by \"task\".\"start_date\""), optional.getMessage());
        assertEquals("findAfter goes on from a value read from the database, whose \"task\".\"id\" is not NULL",
                draft.getMessage());
    }

    @Test
    void aQueryOfYourOwnMapsItsRowsToValues() {
        TaskValue first = started("edsger", 0);
        TaskValue second = tasks.block(started("edsger", 1), "waiting for legal", Audit.by("tony"));

        // tag::mapper[]
        List<TaskValue> recent = dsl.selectFrom(TASK)
                .where(TASK.ASSIGNEE.eq("edsger"))
                .orderBy(TASK.UPDATED_AT.desc(), TASK.ID.desc())
                .fetch(tasks::value);                                    // a RecordMapper
        List<TaskValue> blockedByTony = dsl.selectDistinct(TASK.fields())
                .from(TASK)
                .join(TASK_HISTORY).on(TASK_HISTORY.TASK_ID.eq(TASK.ID))
                .where(TASK_HISTORY.ACTOR.eq("tony"))
                .orderBy(TASK.ID)
                .fetch(tasks::value);                                    // a join's rows too
        // end::mapper[]

        assertEquals(List.of(first, second), recent.stream().sorted(Comparator.comparing(TaskValue::id)).toList());
        assertEquals(List.of(second), blockedByTony);
        assertEquals(Task.Status.BLOCKED, blockedByTony.get(0).status());
    }
}
