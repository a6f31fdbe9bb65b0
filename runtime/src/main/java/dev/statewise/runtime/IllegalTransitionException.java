package dev.statewise.runtime;

import java.util.List;

/**
 * A transition taken from a state it does not leave: refused before anything is written, by the
 * generated value type in memory or by the database's trigger (SQLSTATE
 * {@value SqlStates#ILLEGAL_TRANSITION}).
 *
 * <pre>{@code
 * throw new IllegalTransitionException("Task", 42L, "approve", "BACKLOG", List.of("IN_REVIEW"));
 * // Task 42: cannot approve from BACKLOG; approve may be taken from IN_REVIEW
 * }</pre>
 *
 * <p>When the database refused, {@link Failures#translate} keeps its message whole and adds
 * where the transition may be taken from, when the message names one:
 * {@code Task 42: transition approve does not lead from BACKLOG to DONE; allowed from BACKLOG:
 * BLOCKED (block), IN_PROGRESS (start); approve may be taken from IN_REVIEW}.
 */
public final class IllegalTransitionException extends StatewiseException {

    private static final long serialVersionUID = 1L;

    private final Long id;
    private final String transition;
    private final String fromState;
    private final String toState;
    private final List<String> allowedFrom;
    private final String databaseMessage;

    /**
     * A failure of {@code transition} on row {@code id} ({@code null} for an unsaved value), which
     * is in {@code fromState} and may take it only from {@code allowedFrom}.
     */
    public IllegalTransitionException(String workflow, Long id, String transition,
            String fromState, List<String> allowedFrom) {
        this(workflow, id, transition, fromState, null, allowedFrom, null, null);
    }

    /**
     * A failure the database reported, with what could be read from its message: any of
     * {@code transition}, {@code fromState} and {@code toState} may be {@code null}, and
     * {@code allowedFrom} is empty when the transition is not known.
     *
     * @param databaseMessage the database's message, kept whole in this exception's message
     * @param cause the error the database's message came with
     */
    public IllegalTransitionException(String workflow, Long id, String transition,
            String fromState, String toState, List<String> allowedFrom, String databaseMessage,
            Throwable cause) {
        super(workflow, message(workflow, id, transition, fromState, allowedFrom, databaseMessage),
                cause);
        this.id = id;
        this.transition = transition;
        this.fromState = fromState;
        this.toState = toState;
        this.allowedFrom = List.copyOf(allowedFrom);
        this.databaseMessage = databaseMessage;
    }

    /** The row's id, or {@code null} for a value that was never saved. */
    public Long id() {
        return id;
    }

    /** The transition refused, or {@code null} when a state change named none. */
    public String transition() {
        return transition;
    }

    /** The state the row is in, or {@code null} when the database's message did not say. */
    public String fromState() {
        return fromState;
    }

    /** The state the change tried to reach, or {@code null} when not known. */
    public String toState() {
        return toState;
    }

    /** The states the transition may be taken from; empty when it is not a transition of the workflow. */
    public List<String> allowedFrom() {
        return allowedFrom;
    }

    /** The database's own message, or {@code null} when the refusal did not come from the database. */
    public String databaseMessage() {
        return databaseMessage;
    }

    private static String message(String workflow, Long id, String transition, String fromState,
            List<String> allowedFrom, String databaseMessage) {
        if (databaseMessage != null) {
            // The trigger's message already names the row, the states and the way out; what it
            // cannot know is where the named transition would have been legal.
            return transition == null
                    ? databaseMessage
                    : databaseMessage + "; " + whereAllowed(workflow, transition, allowedFrom);
        }
        String from = fromState == null ? "its current state" : fromState;
        String subject = subject(workflow, id);
        return transition == null
                ? subject + ": no transition allowed from " + from
                : subject + ": cannot " + transition + " from " + from + "; "
                        + whereAllowed(workflow, transition, allowedFrom);
    }

    private static String whereAllowed(String workflow, String transition, List<String> allowedFrom) {
        return allowedFrom.isEmpty()
                ? workflow + " has no transition " + transition
                : transition + " may be taken from " + joined(allowedFrom);
    }
}
