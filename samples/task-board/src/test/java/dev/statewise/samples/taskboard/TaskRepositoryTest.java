package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.runtime.Audit;
import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.GuardRefusedException;
import dev.statewise.runtime.HistoryEntry;
import dev.statewise.runtime.IllegalTransitionException;
import dev.statewise.runtime.NotFoundException;
import dev.statewise.runtime.StaleException;
import dev.statewise.samples.taskboard.jooq.Tables;
import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated repository against the committed migrations on a real PostgreSQL, applied by the
 * owner role, with the repository logged in as the application role and granted only what
 * docs/database.md tells a team to grant it.
 */
@PostgresTest(migrations = "classpath:db/migration")
class TaskRepositoryTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final OffsetDateTime FRIDAY = OffsetDateTime.of(2026, 11, 27, 17, 0, 0, 0, ZoneOffset.UTC);

    private static DSLContext owner;
    private static DSLContext dsl;
    private static TaskRepository tasks;

    @BeforeAll
    static void connectAsTheApplication(TestSchema schema, @AsOwner DSLContext owner,
            @AsApplication DSLContext application) {
        // What docs/database.md tells a team to grant; test support has granted USAGE on the schema.
        owner.execute("""
                -- tag::grants[]
                GRANT SELECT, INSERT, UPDATE ON task TO app_service;
                GRANT SELECT ON task_history, task_transition TO app_service;
                -- end::grants[]
                """.replace("app_service", schema.applicationRole()));
        TaskRepositoryTest.owner = owner;
        dsl = application;
        tasks = new TaskRepository(dsl);
    }

    @Test
    void recordsWhoCreatedARowAndTheLoginRoleOfEveryChange(TestSchema schema) {
        TaskValue task = tasks.create(TaskValue.create("Write the notes"), Audit.by("ada").because("planning"));
        task = tasks.start(task, "ada", MONDAY, Audit.by("ada"));

        var created = dsl.select(Tables.TASK.CREATED_BY, Tables.TASK.CREATED_REASON, Tables.TASK.CREATED_LOGIN_ROLE)
                .from(Tables.TASK).where(Tables.TASK.ID.eq(task.id())).fetchSingle();
        assertEquals(List.of("ada", "planning", schema.applicationRole()), List.of(created.intoArray()));
        HistoryEntry started = tasks.history(task.id()).get(0);
        assertEquals("ada", started.actor());
        assertEquals(schema.applicationRole(), started.loginRole());
    }

    @Test
    void takesEveryTransitionAndRecordsEachInTheHistory() {
        TaskValue task = tasks.create("Write the notes");
        assertEquals(0, task.version());
        task = tasks.block(task, "waiting for legal");
        task = tasks.unblock(task);
        task = tasks.start(task, "ada", MONDAY, Audit.by("ada"));
        task = tasks.block(task, "waiting for legal");
        task = tasks.unblock(task);
        task = tasks.start(task, "ada", MONDAY);
        task = tasks.submit(task, "grace");
        task = tasks.block(task, "release freeze");
        task = tasks.unblock(task);
        task = tasks.start(task, "ada", MONDAY);
        task = tasks.submit(task, "grace");
        task = tasks.requestChanges(task, Audit.by("grace").because("needs examples"));
        task = tasks.submit(task, "grace");
        task = tasks.approve(task, FRIDAY, Audit.by("grace"));

        assertEquals(Task.Status.DONE, task.status());
        assertEquals(14, task.version());
        assertEquals(task, tasks.get(task.id()));
        List<HistoryEntry> history = tasks.history(task.id());
        assertEquals(List.of("block", "unblock", "start", "block", "unblock", "start", "submit", "block", "unblock",
                "start", "submit", "requestChanges", "submit", "approve"),
                history.stream().map(HistoryEntry::transition).toList());
        HistoryEntry changes = history.get(11);
        assertEquals("IN_REVIEW", changes.fromState());
        assertEquals("IN_PROGRESS", changes.toState());
        assertEquals("grace", changes.actor());
        assertEquals("needs examples", changes.reason());
    }

    @Test
    void theRepositoryAsTheDocsShowIt() {
        // tag::repository[]
        TaskRepository tasks = new TaskRepository(dsl);                // any DSLContext

        TaskValue task = tasks.create("Write the release notes");       // or tasks.create(draft)
        task = tasks.start(task, "ada", LocalDate.now());
        task = tasks.submit(task, "grace", Audit.by("ada").because("ready for review"));

        Optional<TaskValue> found = tasks.find(task.id());              // tasks.get(id) throws NotFoundException
        List<TaskValue> page = tasks.findByState(Task.Status.IN_REVIEW, 0, 50, Tables.TASK.UPDATED_AT.desc());
        Map<Task.Status, Long> counts = tasks.countByState();           // every state, zeros included
        List<HistoryEntry> history = tasks.history(task.id());          // oldest first
        // end::repository[]

        assertEquals(Optional.of(task), found);
        assertTrue(page.contains(task));
        assertEquals(Task.Status.values().length, counts.size());
        assertEquals(List.of("start", "submit"), history.stream().map(HistoryEntry::transition).toList());
        assertEquals("ready for review", history.get(1).reason());
    }

    @Test
    void aMissingRowIsNotFound() {
        TaskValue ghost = new TaskValue(Long.MAX_VALUE, Task.Status.BACKLOG, 0, "Ghost", null, null, null, null, null, null);

        assertThrows(NotFoundException.class, () -> tasks.get(Long.MAX_VALUE));
        assertThrows(NotFoundException.class, () -> tasks.start(ghost, "ada", MONDAY));
    }

    @Test
    void aValueReadBeforeAnotherChangeIsStaleAndChangesNothing() {
        TaskValue read = tasks.create("Write the notes");
        TaskValue started = tasks.start(read, "ada", MONDAY);

        StaleException e = assertThrows(StaleException.class, () -> tasks.block(read, "too late"));

        assertEquals(read.version(), e.expectedVersion());
        assertEquals(Optional.of("IN_PROGRESS"), e.actualState());
        assertEquals(started, tasks.get(read.id()));
        assertEquals(1, tasks.history(read.id()).size());
    }

    @Test
    void aRowChangedByAConcurrentRepeatableReadTransactionIsStale() {
        TaskValue read = tasks.create("Write the notes");

        StaleException e = assertThrows(StaleException.class, () -> dsl.transaction(c -> {
            c.dsl().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            TaskValue inThisTransaction = new TaskRepository(c.dsl()).get(read.id());
            tasks.start(read, "grace", MONDAY);
            new TaskRepository(c.dsl()).start(inThisTransaction, "ada", MONDAY);
        }));

        assertTrue(e.transactionAborted());
        assertEquals("BACKLOG", e.expectedState());
        assertEquals(read.version(), e.expectedVersion());
        assertEquals(Optional.empty(), e.actualState());
        assertEquals("40001", sqlStateOf(e));
        assertEquals("grace", tasks.get(read.id()).assignee());
        assertEquals(1, tasks.history(read.id()).size());
    }

    @Test
    void anIllegalTransitionIsRefusedBeforeAnyWrite() {
        TaskValue task = tasks.create("Write the notes");

        assertThrows(IllegalTransitionException.class, () -> tasks.approve(task, FRIDAY));

        assertEquals(task, tasks.get(task.id()));
        assertTrue(tasks.history(task.id()).isEmpty());
    }

    @Test
    void aRefusingGuardStopsTheTransitionBeforeAnyWrite() {
        TaskValue task = tasks.submit(tasks.start(tasks.create("Write the notes"), "ada", MONDAY), "ada");

        GuardRefusedException e = assertThrows(GuardRefusedException.class, () -> tasks.approve(task, FRIDAY));

        assertEquals("reviewerIsNotAssignee", e.guard());
        assertEquals(task, tasks.get(task.id()));
        assertEquals(2, tasks.history(task.id()).size());
    }

    @Test
    void aDatabaseViolationComesBackAsATypedException() {
        // A rule the database holds beyond the declaration, as a later migration might add one.
        owner.execute("ALTER TABLE task ADD CONSTRAINT task_title_check CHECK (title <> 'forbidden')");
        try {
            long before = dsl.fetchCount(Tables.TASK);

            ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                    () -> tasks.create("forbidden"));

            assertEquals("task_title_check", e.constraint());
            assertEquals(List.of("title"), e.fields());
            assertEquals(before, dsl.fetchCount(Tables.TASK));
        } finally {
            owner.execute("ALTER TABLE task DROP CONSTRAINT task_title_check");
        }
    }

    @Test
    void aTransitionInsideTheCallersTransactionRollsBackWithIt() {
        TaskValue task = tasks.create("Write the notes");

        assertThrows(IllegalStateException.class, () -> dsl.transaction(configuration -> {
            new TaskRepository(configuration.dsl()).start(task, "ada", MONDAY);
            throw new IllegalStateException("the caller changes its mind");
        }));

        assertEquals(task, tasks.get(task.id()));
        assertTrue(tasks.history(task.id()).isEmpty());
    }

    @Test
    void queriesAndCountsByState() {
        TaskRepository scoped = new TaskRepository(dsl);
        Map<Task.Status, Long> before = scoped.countByState();
        TaskValue first = scoped.create("First");
        TaskValue second = scoped.create("Second");
        scoped.block(scoped.create("Third"), "waiting");

        Map<Task.Status, Long> after = scoped.countByState();

        assertEquals(before.get(Task.Status.BACKLOG) + 2, after.get(Task.Status.BACKLOG));
        assertEquals(before.get(Task.Status.BLOCKED) + 1, after.get(Task.Status.BLOCKED));
        assertEquals(Task.Status.values().length, after.size());
        List<TaskValue> newestFirst = scoped.findByState(Task.Status.BACKLOG, 0, 2, Tables.TASK.ID.desc());
        assertEquals(List.of(second, first), newestFirst);
    }

    @Test
    void aTransitionStoresTheWholeValueItLeadsTo() {
        TaskValue task = tasks.create("Write the notes");

        TaskValue started = tasks.start(task.withNotes("ask legal first"), "ada", MONDAY);

        assertEquals("ask legal first", started.notes());
        assertEquals(started, tasks.get(task.id()));
    }

    @Test
    void aNewTaskStartsWhereTheProcessStarts() {
        IllegalArgumentException inProgress = assertThrows(IllegalArgumentException.class,
                () -> tasks.create(TaskValue.create("Write the notes").start("ada", MONDAY)));
        IllegalArgumentException assigned = assertThrows(IllegalArgumentException.class,
                () -> tasks.create(new TaskValue(null, Task.Status.BACKLOG, 0, "Write the notes", "ada", null, null,
                        null, null, null)));

        assertEquals("a new Task starts in BACKLOG, not in IN_PROGRESS", inProgress.getMessage());
        assertEquals("a new Task cannot have assignee: a transition sets it", assigned.getMessage());
    }

    private static String sqlStateOf(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
