package dev.statewise.processor.reading;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Timeout;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.testing.Compilations;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model holds each state's @Timeout as declared: a delay or a field, and what it fires. */
class TimeoutReadingTest {

    @Test
    void eachStateHasTheTimeoutItDeclares() {
        Workflow ticket = Compilations.compile("docs/dsl/Ticket.java").workflow("Ticket");

        assertWithMessage("WAITING_FOR_CUSTOMER's timeout")
                .that(ticket.state("WAITING_FOR_CUSTOMER").orElseThrow().timeout())
                .isEqualTo(Optional.of(Timeout.at("answerBy", "expire")));
        assertWithMessage("SOLVED's timeout").that(ticket.state("SOLVED").orElseThrow().timeout())
                .isEqualTo(Optional.of(Timeout.after(Duration.ofDays(7), "close")));
        assertWithMessage("the timed states").that(ticket.timedStates().stream().map(State::name).toList())
                .containsExactly("WAITING_FOR_CUSTOMER", "SOLVED").inOrder();
    }

    @Test
    void aWorkflowWithoutTimeoutsHasNone() {
        Workflow task = Compilations.compile("docs/dsl/Task.java").workflow("Task");

        assertWithMessage("timeouts of Task").that(task.hasTimeouts()).isFalse();
    }
}
