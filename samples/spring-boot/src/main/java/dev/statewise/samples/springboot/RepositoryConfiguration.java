package dev.statewise.samples.springboot;

import java.util.Arrays;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteListenerProvider;
import org.springframework.boot.autoconfigure.jooq.ExceptionTranslatorExecuteListener;
import org.springframework.context.annotation.Bean;

/** The generated repository as a Spring bean. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class RepositoryConfiguration {

    @Bean
    SupportTicketRepository supportTicketRepository(DSLContext dsl) {
        return new SupportTicketRepository(withoutSpringExceptionTranslation(dsl));
    }

    /**
     * Boot's {@code DSLContext} without the listener that turns each SQL error into Spring's
     * {@code DataAccessException}. That listener runs before the generated repository sees the
     * error, and the repository (today) maps only jOOQ's {@code DataAccessException} to its
     * {@code ConstraintViolationException} and {@code IllegalTransitionException}. Everything
     * else is Boot's: the connection of the current Spring transaction, {@code dsl.transaction}
     * through Spring's transaction manager, the other listeners and settings.
     */
    static DSLContext withoutSpringExceptionTranslation(DSLContext dsl) {
        Configuration configuration = dsl.configuration();
        ExecuteListenerProvider[] listeners = Arrays.stream(configuration.executeListenerProviders())
                .filter(provider -> !(provider.provide() instanceof ExceptionTranslatorExecuteListener))
                .toArray(ExecuteListenerProvider[]::new);
        return configuration.derive(listeners).dsl();
    }
}
