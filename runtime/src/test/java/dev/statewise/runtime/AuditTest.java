package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
