package dev.statewise.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The order of the competitors in one round: rotated each round, so none always runs first or last. */
final class Rotation {

    private Rotation() {}

    static <T> List<T> of(List<T> items, int round) {
        List<T> rotated = new ArrayList<>(items);
        Collections.rotate(rotated, -(round % items.size()));
        return rotated;
    }
}
