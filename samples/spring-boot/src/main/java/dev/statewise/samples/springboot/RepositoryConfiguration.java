package dev.statewise.samples.springboot;

// tag::bean[]
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

// end::bean[]
/**
 * The generated repository as a Spring bean, on Boot's {@code DSLContext}: each statement runs on
 * the connection of the current Spring transaction. Boot's starter turns SQL errors into Spring's
 * {@code DataAccessException}s; the repository reads the {@code SQLException} behind them and
 * throws its own typed exceptions for the workflow's rules, letting every other error through as
 * Spring's.
 */
@Configuration(proxyBeanMethods = false)
class RepositoryConfiguration {

    // tag::bean[]
    @Bean
    SupportTicketRepository supportTicketRepository(DSLContext dsl) {
        return new SupportTicketRepository(dsl);
    }
    // end::bean[]
}
