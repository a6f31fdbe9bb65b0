package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an edge of the state machine on an abstract method that returns the workflow type. The
 * method's name is the transition's name; its parameters are the fields it sets, matched by name
 * and type.
 *
 * <pre>{@code
 * @Transition(from = "BACKLOG", to = "IN_PROGRESS")
 * Task start(String assignee, LocalDate startDate);
 *
 * @Transition(from = {"BACKLOG", "IN_PROGRESS"}, to = "BLOCKED")
 * Task block(String blockedReason);
 * }</pre>
 *
 * <p>A transition whose {@code from} and {@code to} name the same state (a self-transition) records
 * data without changing state, for example one of two approvals gathered before a join.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Transition {

    /** The states, by enum constant name, from which the transition may be taken. */
    String[] from();

    /** The state, by enum constant name, the transition leads to. */
    String to();
}
