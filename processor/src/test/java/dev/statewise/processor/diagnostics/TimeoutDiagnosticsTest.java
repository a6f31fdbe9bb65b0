package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** @Timeout on a state: its delay or field, the transition it fires, and the columns it reserves. */
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

    @Test
    void bothAfterAndAt() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.Instant;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(after = \"P3D\", at = \"respondBy\", fire = \"expire\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @RequiredIn(\"WAITING\") Instant respondBy();",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask(Instant respondBy);",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_AFTER_OR_AT] @Timeout on state WAITING gives both after and at; give "
                        + "exactly one: after = \"P3D\" for a delay after the row enters the state, or at = \"<field>\" "
                        + "for the instant a field holds")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void neitherAfterNorAt() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(",
                "                fire = \"expire\")",
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
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_AFTER_OR_AT] @Timeout on state WAITING gives neither after nor at; "
                        + "give exactly one")
                .inFile(ticket).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fireNamingAnUnknownTransition() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(after = \"P3D\",",
                "                fire = \"expier\")",
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
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_TRANSITION] @Timeout(fire) on state WAITING names unknown transition "
                        + "\"expier\"; did you mean expire? (the transitions of Ticket: ask, expire)")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fireNamingATransitionFromAnotherState() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(after = \"P3D\",",
                "                fire = \"close\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask();",
                "    @Transition(from = \"WAITING\", to = \"OPEN\")",
                "    Ticket answer();",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Ticket close();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_FIRE_NOT_LEAVING] @Timeout on state WAITING fires close, which is taken "
                        + "from OPEN only; a timeout moves the row out of its state, so name a transition from "
                        + "WAITING to another state")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fireNamingASelfTransition() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(after = \"P3D\",",
                "                fire = \"remind\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask();",
                "    @Transition(from = {\"OPEN\", \"WAITING\"}, to = \"WAITING\")",
                "    Ticket remind();",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket close();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_FIRE_NOT_LEAVING] @Timeout on state WAITING fires remind, a "
                        + "self-transition, which would keep the row in WAITING and due again at once; a timeout "
                        + "moves the row out of its state")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fireNamingATransitionWithParameters() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(after = \"P3D\",",
                "                fire = \"close\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @OnlyIn(\"CLOSED\") String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask();",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket close(String resolution);",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_FIRE_PARAMETERS] @Timeout on state WAITING fires close, which takes "
                        + "parameters (String resolution), but no caller gives a timeout's arguments; declare a "
                        + "transition without parameters for the timeout to fire")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void timeoutOnATerminalState() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Terminal",
                "        @Timeout(after = \"P30D\", fire = \"archive\")",
                "        CLOSED",
                "    }",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Ticket close();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_ON_TERMINAL] state CLOSED is @Terminal and has a @Timeout, but a "
                        + "timeout moves the row out of its state and a terminal state has no way out; remove one "
                        + "of them")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void atNamingAnUnknownField() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.Instant;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(fire = \"expire\",",
                "                at = \"respondBuy\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @RequiredIn(\"WAITING\") Instant respondBy();",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask(Instant respondBy);",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_FIELD] @Timeout(at) on state WAITING names unknown field "
                        + "\"respondBuy\"; did you mean respondBy? (the fields of Ticket: respondBy)")
                .inFile(ticket).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void atNamingAFieldThatHoldsNoInstant() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.LocalDateTime;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(fire = \"expire\",",
                "                at = \"respondBy\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @RequiredIn(\"WAITING\") LocalDateTime respondBy();",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask(LocalDateTime respondBy);",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_FIELD_TYPE] @Timeout(at) on state WAITING names field respondBy, which "
                        + "is LocalDateTime; a deadline is an instant, stored as timestamptz: declare the field as "
                        + "Instant or OffsetDateTime")
                .inFile(ticket).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void atNamingAFieldOptionalInTheState() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.OffsetDateTime;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(fire = \"expire\",",
                "                at = \"respondBy\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @RequiredIn(\"CLOSED\") OffsetDateTime respondBy();",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask(OffsetDateTime respondBy);",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_FIELD_NOT_REQUIRED] @Timeout(at) on state WAITING names field "
                        + "respondBy, which is optional there; a row in the state must always have its deadline: "
                        + "add WAITING to its @RequiredIn")
                .inFile(ticket).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void atNamingAFieldNullInTheState() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.Instant;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        @Timeout(fire = \"expire\",",
                "                at = \"answerBy\")",
                "        WAITING,",
                "        @Terminal CLOSED",
                "    }",
                "",
                "    @OnlyIn(\"OPEN\") Instant answerBy();",
                "",
                "    @Transition(from = \"OPEN\", to = \"WAITING\")",
                "    Ticket ask();",
                "    @Transition(from = \"WAITING\", to = \"CLOSED\")",
                "    Ticket expire();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[TIMEOUT_FIELD_NOT_REQUIRED] @Timeout(at) on state WAITING names field answerBy, "
                        + "which is NULL there; a row in the state must always have its deadline: add WAITING to "
                        + "its @OnlyIn")
                .inFile(ticket).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldMappingToTheColumnOfWhenTheRowEnteredItsState() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.Instant;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status { @Initial OPEN, @Terminal CLOSED }",
                "",
                "    @Nullable Instant statusSince();",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Ticket close();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SYSTEM_COLUMN] field statusSince maps to column status_since, which Statewise "
                        + "manages (kept by the triggers beside the state column: when the row entered its state, for a "
                        + "@Timeout its deadline and when a failed one is retried, and for an event feed the key of the "
                        + "row's latest event; status_since, status_deadline, status_retry_at, status_feed_xid are "
                        + "reserved in every workflow); rename the field or set "
                        + "@Column(name = \"...\")")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldMappingToTheDeadlineColumnOfTheStateColumn() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.Instant;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Stage { @Initial OPEN, @Terminal CLOSED }",
                "",
                "    @Nullable Instant stageDeadline();",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Ticket close();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SYSTEM_COLUMN] field stageDeadline maps to column stage_deadline, which "
                        + "Statewise manages (kept by the triggers beside the state column")
                .inFile(ticket).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void columnNamedLikeTheRetryColumnInAWorkflowWithoutTimeouts() {
        JavaFileObject ticket = source("test.Ticket",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.Instant;",
                "",
                "@Workflow",
                "public interface Ticket {",
                "    enum Status { @Initial OPEN, @Terminal CLOSED }",
                "",
                "    @Column(",
                "            name = \"status_retry_at\")",
                "    @Nullable Instant retryAt();",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Ticket close();",
                "}");

        Compilation compilation = compile(ticket);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SYSTEM_COLUMN] field retryAt maps to column status_retry_at, which Statewise "
                        + "manages (kept by the triggers beside the state column")
                .inFile(ticket).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }
}
