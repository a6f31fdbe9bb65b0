package dev.statewise.samples.springboot;

import dev.statewise.runtime.FiredTimeouts;
import dev.statewise.runtime.TimeoutListener;
import dev.statewise.runtime.TimeoutWorker;
import java.time.Duration;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker that fires the desk's timeouts: a ticket left {@code RESOLVED} for seven days is
 * closed ({@link SupportTicket.Status#RESOLVED}), with {@code statewise:timeout} as the actor of
 * its history row.
 *
 * <p>The worker runs on Boot's {@code DSLContext}. Its thread has no Spring transaction, so each
 * batch commits on its own; {@code runOnce()} called inside a Spring transaction fires its batch
 * in a savepoint of that transaction instead. It polls once every bean is ready, and stops before
 * the beans it uses at shutdown: {@code support-desk.timeouts.*} in application.properties say how
 * often, and whether this instance polls at all.
 */
@Configuration(proxyBeanMethods = false)
class TimeoutWorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TimeoutWorkerConfiguration.class);

    // tag::timeout-worker[]
    @Bean // close() is Spring's inferred destroy method: it runs at shutdown
    TimeoutWorker timeoutWorker(DSLContext dsl,
            @Value("${support-desk.timeouts.idle-backoff.shortest}") Duration shortestIdle,
            @Value("${support-desk.timeouts.idle-backoff.longest}") Duration longestIdle) {
        return TimeoutWorker.builder(dsl)
                .repository(SupportTicketRepository::new) // one per workflow with timeouts
                .idleBackoff(shortestIdle, longestIdle)
                .listener(new TimeoutListener() {
                    @Override
                    public void fired(String workflow, FiredTimeouts.Fired fired) {
                        log.info("Ticket {} timed out in {}: {} took it to {}",
                                fired.id(), fired.from(), fired.transition(), fired.to());
                    }
                })
                .build();
    }

    /**
     * Starts the worker's thread when the context has made every bean, and closes the worker
     * first when it shuts down, before the beans it uses. A closed worker does not start again:
     * a context stopped and then started again fails to start it, saying so.
     */
    @Bean
    SmartLifecycle timeoutWorkerLifecycle(TimeoutWorker worker,
            @Value("${support-desk.timeouts.poll}") boolean poll) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                worker.start();
            }

            @Override
            public void stop() {
                worker.close(); // lets a running batch finish
            }

            @Override
            public boolean isRunning() {
                return worker.isRunning();
            }

            @Override
            public boolean isAutoStartup() {
                return poll;
            }
        };
    }
    // end::timeout-worker[]
}
