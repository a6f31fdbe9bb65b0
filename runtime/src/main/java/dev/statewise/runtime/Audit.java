package dev.statewise.runtime;

/**
 * Who takes a transition and why, recorded in the workflow's history row. Both parts are
 * optional: {@link #NONE} records neither.
 *
 * <pre>{@code
 * tasks.block(task, "waiting for the vendor", Audit.by("ada").because("vendor outage"));
 * }</pre>
 *
 * <p>The history keeps both for ever, so both are bounded: at most {@value #MAX_ACTOR_LENGTH} and
 * {@value #MAX_REASON_LENGTH} characters, which the history's CHECKs enforce for plain SQL too.
 *
 * @param actor who takes the transition, or {@code null}
 * @param reason why it is taken, or {@code null}
 * @throws IllegalArgumentException if either is longer than its bound
 */
public record Audit(String actor, String reason) {

    /** The longest actor the history keeps, in characters. */
    public static final int MAX_ACTOR_LENGTH = 256;

    /** The longest reason the history keeps, in characters. */
    public static final int MAX_REASON_LENGTH = 2000;

    /** Checks the bounds. */
    public Audit {
        bounded("actor", actor, MAX_ACTOR_LENGTH);
        bounded("reason", reason, MAX_REASON_LENGTH);
    }

    private static void bounded(String what, String text, int max) {
        if (text != null && text.codePointCount(0, text.length()) > max) {
            throw new IllegalArgumentException("an audit's " + what + " has at most " + max + " characters, not "
                    + text.codePointCount(0, text.length()));
        }
    }

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
