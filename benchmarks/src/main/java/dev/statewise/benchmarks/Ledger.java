package dev.statewise.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the clients know happened, to hold the database to: each row the script created and the
 * state it started in, and every change acknowledged to a client, or found committed after a crash
 * cut its COMMIT off. Keyed by row and version, which is the change's place in the row's history.
 */
final class Ledger {

    private final Map<Long, String> initialStates = new LinkedHashMap<>();
    private final Map<Long, Map<Long, Change>> changes = new HashMap<>();
    private long size;

    void created(long id, String state) {
        initialStates.put(id, state);
    }

    long[] ids() {
        return initialStates.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    boolean tracks(long id) {
        return initialStates.containsKey(id);
    }

    String initialState(long id) {
        return initialStates.get(id);
    }

    /**
     * Records changes, and returns the ones that claim a place in a row's history another change
     * already holds: two compare-and-sets acknowledged on the same version, a lost update.
     */
    List<String> record(Collection<Change> known) {
        List<String> conflicts = new ArrayList<>();
        for (Change change : known) {
            Change before = changes.computeIfAbsent(change.id(), id -> new HashMap<>())
                    .putIfAbsent(change.version(), change);
            if (before == null) {
                size++;
            } else {
                conflicts.add("two clients were acknowledged version " + change.version() + " of task "
                        + change.id() + ": " + before + ", and " + change);
            }
        }
        return conflicts;
    }

    /**
     * Drops changes the database turned out not to hold, once reported, so that each is counted as
     * lost once, and the transitions that later take their places are held to the history instead.
     */
    void forget(Collection<Change> lost) {
        for (Change change : lost) {
            if (changes.getOrDefault(change.id(), new HashMap<>()).remove(change.version(), change)) {
                size--;
            }
        }
    }

    /** The change known to have left the row at this version, or null. */
    Change at(long id, long version) {
        return changes.getOrDefault(id, Map.of()).get(version);
    }

    /** The changes known for the row, by version. */
    Map<Long, Change> of(long id) {
        return changes.getOrDefault(id, Map.of());
    }

    long size() {
        return size;
    }
}
