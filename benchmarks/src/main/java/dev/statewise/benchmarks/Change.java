package dev.statewise.benchmarks;

/**
 * A state change as a client made it: the row, the version the change left it at, and the edge.
 * Every change of a row bumps its version by one, so {@code version} is also the change's place in
 * the row's history.
 *
 * @param id the row's id
 * @param version the row's version after the change
 * @param transition the transition's name
 * @param from the state before
 * @param to the state after
 */
record Change(long id, long version, String transition, String from, String to) {

    @Override
    public String toString() {
        return "task " + id + " v" + version + " " + transition + " " + from + " -> " + to;
    }
}
