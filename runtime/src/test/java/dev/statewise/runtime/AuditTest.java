package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AuditTest {

    @Test
    void noneRecordsNothing() {
        assertNull(Audit.NONE.actor());
        assertNull(Audit.NONE.reason());
    }

    @Test
    void byNamesTheActorOnly() {
        assertEquals(new Audit("ada", null), Audit.by("ada"));
    }

    @Test
    void becauseAddsTheReasonAndKeepsTheActor() {
        Audit byAda = Audit.by("ada");

        assertEquals(new Audit("ada", "vendor outage"), byAda.because("vendor outage"));
        assertEquals(new Audit("ada", null), byAda);
    }

    @Test
    void aReasonNeedsNoActor() {
        assertEquals(new Audit(null, "nightly cleanup"), Audit.NONE.because("nightly cleanup"));
    }

    @Test
    void anActorOrReasonLongerThanTheHistoryKeepsIsRefused() {
        String actor = "a".repeat(Audit.MAX_ACTOR_LENGTH);
        String reason = "r".repeat(Audit.MAX_REASON_LENGTH);
        assertEquals(actor, new Audit(actor, reason).actor());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Audit.by(actor + "a"));
        assertEquals("an audit's actor has at most 256 characters, not 257", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Audit.NONE.because(reason + "r"));
    }
}
