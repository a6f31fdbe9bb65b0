package dev.statewise.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.statewise.runtime.FiredTimeouts;
import dev.statewise.runtime.TimeoutWorker;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link TimeoutWorker} as a Spring bean on Boot's {@code DSLContext}: started with the
 * context, each batch on its thread committed on its own, {@code runOnce()} inside a Spring
 * transaction part of it, and closed with the context. {@link ReminderRepository} stands in for
 * a generated repository with timeouts.
 */
@SpringBootTest(properties = "spring.flyway.locations=classpath:db/migration,classpath:db/timeouts")
@Import({TestDatabaseConfiguration.class, TimeoutWorkerConfiguration.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimeoutWorkerBeanTest {

    private final TimeoutWorker worker;
    private final DSLContext dsl;
    private final TransactionTemplate transaction;
    /** Reads committed rows: a context of its own on the pool, outside Spring's transactions. */
    private final DSLContext committed;

    @Autowired
    TimeoutWorkerBeanTest(TimeoutWorker worker, DSLContext dsl, TransactionTemplate transaction,
            DataSource dataSource) {
        this.worker = worker;
        this.dsl = dsl;
        this.transaction = transaction;
        this.committed = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** V100 inserts a reminder already due when the context starts. */
    @Test
    void theStartedWorkerFiresAndCommitsOnItsOwnThread() {
        assertThat(worker.isRunning()).isTrue();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> committed.fetchValue("SELECT status FROM reminder ORDER BY id LIMIT 1"), "SENT"::equals);
    }

    @Test
    void runOnceInsideASpringTransactionRollsBackWithIt() {
        long id = committed.resultQuery("INSERT INTO reminder (status_deadline) VALUES (now() + interval '1 day')"
                + " RETURNING id").fetchOne(0, Long.class);

        List<FiredTimeouts> batches = transaction.execute(status -> {
            // Due in this transaction only: the worker's own thread cannot see it.
            dsl.execute("UPDATE reminder SET status_deadline = now() - interval '1 minute' WHERE id = ?", id);
            List<FiredTimeouts> fired = worker.runOnce();
            status.setRollbackOnly();
            return fired;
        });

        assertThat(batches).singleElement()
                .satisfies(batch -> assertThat(batch.fired()).extracting(FiredTimeouts.Fired::id).contains(id));
        assertThat(committed.fetchValue("SELECT status FROM reminder WHERE id = ?", id)).isEqualTo("SCHEDULED");
    }

    /** Last, since it leaves the context without its worker; and the context is not reused. */
    @Test
    @Order(Integer.MAX_VALUE)
    @DirtiesContext
    void closingTheContextClosesTheWorker(@Autowired DefaultListableBeanFactory beans) {
        assertThat(worker.isRunning()).isTrue();

        beans.destroySingleton("timeoutWorker"); // what closing the context does to each bean

        assertThat(worker.isRunning()).isFalse();
    }
}
