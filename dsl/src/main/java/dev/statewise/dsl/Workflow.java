package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a workflow: an interface whose nested enum lists the states, whose abstract accessors
 * are the fields, and whose {@link Transition} methods are the edges of the state machine.
 *
 * <p>At compile time the Statewise processor derives from it a PostgreSQL table that enforces the
 * process (one CHECK constraint per state, a transition table and trigger, an append-only history),
 * written as a Flyway migration.
 *
 * <pre>{@code
 * @Workflow(table = "task")
 * public interface Task {
 *     enum Status { @Initial BACKLOG, IN_PROGRESS, @Terminal DONE }
 *
 *     String title();
 *     @RequiredIn({"IN_PROGRESS", "DONE"}) String assignee();
 *
 *     @Transition(from = "BACKLOG", to = "IN_PROGRESS")
 *     Task start(String assignee);
 *     @Transition(from = "IN_PROGRESS", to = "DONE")
 *     Task finish();
 * }
 * }</pre>
 *
 * <p>The states are the constants of the one nested enum that carries {@link Initial} (or, when the
 * interface has a single nested enum, that enum). Its simple name, in snake case, names the state
 * column: {@code Status} gives {@code status}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Workflow {

    /**
     * The table name. Empty (the default) means the interface's simple name in snake case:
     * {@code LoanApplication} gives {@code loan_application}. It must be a plain lowercase SQL
     * identifier of at most 63 bytes that is not a PostgreSQL reserved word.
     */
    String table() default "";

    /**
     * Whether the workflow's state changes are read as an event feed, delivered after commit and
     * none lost ({@code docs/events.md}). {@link Events#NONE}, the default, adds nothing to the
     * schema; {@link Events#FEED} adds the history's version and feed key, an index and a table of
     * consumer positions, and costs each transition a few microseconds.
     */
    Events events() default Events.NONE;
}
