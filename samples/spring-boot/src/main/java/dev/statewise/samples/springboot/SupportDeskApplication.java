package dev.statewise.samples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The support desk: a Spring Boot service over the schema and the repository that Statewise
 * generates from {@link SupportTicket}. Boot's Flyway applies the committed migrations at startup,
 * and Boot's jOOQ starter provides the {@code DSLContext}, whose statements run on the connection
 * of the current Spring transaction.
 */
@SpringBootApplication
public class SupportDeskApplication {

    public static void main(String[] args) {
        SpringApplication.run(SupportDeskApplication.class, args);
    }
}
