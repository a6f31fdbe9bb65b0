package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HistoryEntryTest {

    private static final OffsetDateTime NOON = OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void actorAndReasonAreOptional() {
        HistoryEntry entry = new HistoryEntry(1, 42, "assign", "OPEN", "ASSIGNED", null, null, "app", NOON);

        assertEquals(42, entry.entityId());
        assertNull(entry.actor());
        assertNull(entry.reason());
    }

    @Test
    void refusesAnEntryWithoutItsEdgeOrTime() {
        assertThrows(NullPointerException.class,
                () -> new HistoryEntry(1, 42, null, "OPEN", "ASSIGNED", "ada", null, null, NOON));
        assertThrows(NullPointerException.class,
                () -> new HistoryEntry(1, 42, "assign", "OPEN", "ASSIGNED", "ada", null, "app", null));
    }
}
