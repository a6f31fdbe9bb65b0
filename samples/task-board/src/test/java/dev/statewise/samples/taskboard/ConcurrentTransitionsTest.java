package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statewise.runtime.StaleException;
import dev.statewise.test.PostgresTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Sixteen clients race the same transition on the same rows: one wins per row and version. */
@PostgresTest
class ConcurrentTransitionsTest {

    private static final int THREADS = 16;
    private static final int ROWS = 20;

    @Test
    void exactlyOneClientWinsEachRace(DataSource dataSource) throws Exception {
        Flyway.configure().dataSource(dataSource).load().migrate();
        TaskRepository tasks = new TaskRepository(DSL.using(dataSource, SQLDialect.POSTGRES));
        List<TaskValue> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(tasks.create("Task " + i));
        }
        AtomicInteger won = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String client = "client-" + t;
            clients.add(pool.submit(() -> {
                start.await();
                for (TaskValue row : rows) {
                    try {
                        tasks.start(row, client, LocalDate.of(2026, 11, 23));
                        won.incrementAndGet();
                    } catch (StaleException e) {
                        stale.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> client : clients) {
            client.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertEquals(ROWS, won.get());
        assertEquals(ROWS * (THREADS - 1), stale.get());
        var dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        assertEquals(ROWS, dsl.fetchCount(DSL.table("task_history")));
        assertEquals(ROWS, dsl.fetchCount(DSL.table("task"), DSL.field("status").eq("IN_PROGRESS")
                .and(DSL.field("version").eq(1L)).and(DSL.field("assignee").isNotNull())));
    }
}
