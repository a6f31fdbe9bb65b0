package dev.statewise.runtime;

/**
 * A guard said no: the transition may be taken from the row's state, but not with this row or
 * these arguments. Guards run before anything is written.
 *
 * <pre>{@code
 * throw new GuardRefusedException("Task", 42L, "approve", "reviewerIsNotAssignee",
 *         "a reviewer may not approve their own work");
 * // Task 42: approve refused (reviewerIsNotAssignee): a reviewer may not approve their own work
 * }</pre>
 */
public final class GuardRefusedException extends StatewiseException {

    private static final long serialVersionUID = 1L;

    private final Long id;
    private final String transition;
    private final String guard;
    private final String reason;

    /**
     * A failure of {@code transition} on row {@code id} ({@code null} for an unsaved value).
     *
     * @param guard the guard method's name, or for a requirement checked at run time
     *     {@code requires <field>}, e.g. {@code requires editorApproval}
     * @param reason why, as a sentence a person can act on, or {@code null} if there is none
     */
    public GuardRefusedException(
            String workflow, Long id, String transition, String guard, String reason) {
        super(workflow, subject(workflow, id) + ": " + transition + " refused (" + guard + ")"
                + (reason == null ? "" : ": " + reason), null);
        this.id = id;
        this.transition = transition;
        this.guard = guard;
        this.reason = reason;
    }

    /** The row's id, or {@code null} for a value that was never saved. */
    public Long id() {
        return id;
    }

    /** The transition refused. */
    public String transition() {
        return transition;
    }

    /** The guard that refused: a method name, or {@code requires <field>}. */
    public String guard() {
        return guard;
    }

    /** Why, or {@code null} if the guard gave no reason. */
    public String reason() {
        return reason;
    }
}
