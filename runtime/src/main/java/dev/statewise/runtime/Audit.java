package dev.statewise.runtime;

/**
 * Who takes a transition and why, recorded in the workflow's history row. Both parts are
 * optional: {@link #NONE} records neither.
 *
 * <pre>{@code
 * tasks.block(task, "waiting for the vendor", Audit.by("ada").because("vendor outage"));
 * }</pre>
 *
 * @param actor who takes the transition, or {@code null}
 * @param reason why it is taken, or {@code null}
 */
public record Audit(String actor, String reason) {

    /** Records no actor and no reason. */
    public static final Audit NONE = new Audit(null, null);

    /** An audit naming who takes the transition, with no reason yet. */
    public static Audit by(String actor) {
        return new Audit(actor, null);
    }

    /** This audit with the reason the transition is taken; the actor stays. */
    public Audit because(String reason) {
        return new Audit(actor, reason);
    }
}
