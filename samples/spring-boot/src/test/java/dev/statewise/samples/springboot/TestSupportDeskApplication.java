package dev.statewise.samples.springboot;

import org.springframework.boot.SpringApplication;

/**
 * Runs the support desk on the embedded PostgreSQL of the tests and walks it through the
 * {@link SupportDeskDemo}: {@code ./mvnw -q -pl processor,samples/spring-boot -am -Pspring-demo
 * package -DskipTests} from the repository root. The application is the real one; only the
 * database and the demo are added.
 */
public class TestSupportDeskApplication {

    public static void main(String[] args) {
        SpringApplication.from(SupportDeskApplication::main)
                .with(TestDatabaseConfiguration.class, SupportDeskDemo.class)
                .run(args);
    }
}
