package dev.statewise.samples.springboot;

import dev.statewise.runtime.TimeoutWorker;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;

/**
 * The {@link TimeoutWorker} as a bean, for {@link TimeoutWorkerBeanTest}. Not a
 * {@code @Configuration}, so that component scanning leaves it out of every other context: the
 * test imports it.
 */
class TimeoutWorkerConfiguration {

    // tag::timeout-worker[]
    @Bean(initMethod = "start") // close() is Spring's inferred destroy method: it runs at shutdown
    TimeoutWorker timeoutWorker(DSLContext dsl) {
        return TimeoutWorker.builder(dsl)
                .repository(ReminderRepository::new) // one per workflow with timeouts
                .build();
    }
    // end::timeout-worker[]
}
