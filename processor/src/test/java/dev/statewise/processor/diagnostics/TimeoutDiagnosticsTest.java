package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** @Timeout on a state: its delay, which the reader reads. */
class TimeoutDiagnosticsTest {

    private static final String DELAY_RULE = "a timeout's delay is a positive, exact duration in java.time.Duration's "
            + "syntax, where a day is 24 hours and there are no months or years: write ";

    /** A ticket whose WAITING state times out after the given delay, written on line 11. */
    private static JavaFileObject waitingFor(String after) {
        return source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(",
                "                fire = \"expire\",",
                "                after = \"" + after + "\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask();",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");
    }

    private static void assertRefusedDelay(String after, String error) {
        JavaFileObject ticket = waitingFor(after);

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(error).inFile(ticket).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void delayThatIsNotADuration() {
        assertRefusedDelay("3 days", "[TIMEOUT_DURATION] @Timeout(after = \"3 days\") on state WAITING is not a "
                + "duration; " + DELAY_RULE + "e.g. P3D or PT30M");
    }

    @Test
    void delayInMonths() {
        assertRefusedDelay("P1M", "[TIMEOUT_DURATION] @Timeout(after = \"P1M\") on state WAITING counts months, "
                + "which have no fixed length; " + DELAY_RULE + "P30D if a month is 30 days");
    }

    @Test
    void delayInYearsAndHours() {
        assertRefusedDelay("P1YT12H", "[TIMEOUT_DURATION] @Timeout(after = \"P1YT12H\") on state WAITING counts "
                + "years, which have no fixed length; " + DELAY_RULE + "P365DT12H if a year is 365 days");
    }

    @Test
    void delayInWeeks() {
        assertRefusedDelay("P2W", "[TIMEOUT_DURATION] @Timeout(after = \"P2W\") on state WAITING counts weeks, "
                + "which java.time.Duration does not read; " + DELAY_RULE + "P14D");
    }

    @Test
    void zeroDelay() {
        assertRefusedDelay("PT0S", "[TIMEOUT_DURATION] @Timeout(after = \"PT0S\") on state WAITING is zero, so a "
                + "row would be due the moment it enters the state; " + DELAY_RULE + "e.g. P3D or PT30M");
    }

    @Test
    void negativeDelay() {
        assertRefusedDelay("-PT1H", "[TIMEOUT_DURATION] @Timeout(after = \"-PT1H\") on state WAITING is negative; "
                + DELAY_RULE + "e.g. P3D or PT30M");
    }

    @Test
    void missingFireIsJavacsErrorAlone() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(after = \"P3D\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask();",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("fire").inFile(ticket).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void delayThatDoesNotCompileIsJavacsErrorAlone() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(after = Delays.THREE_DAYS, fire = \"expire\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask();",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("Delays").inFile(ticket).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void timeoutOnAConstantOfAnotherEnumMarksItAsASecondStateEnum() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status { @Initial OPEN, @Terminal CLOSED }",
                "    enum Priority { LOW, @Timeout(after = \"P3D\", fire = \"close\") HIGH }",
                "",
                "    Priority priority();",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Ticket close();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SECOND_STATE_ENUM] enum Priority marks states, but the states of Ticket are "
                        + "already declared by enum Status; a workflow has one state enum")
                .inFile(ticket).onLine(8);
        assertThat(compilation).hadErrorCount(1);
    }
}
