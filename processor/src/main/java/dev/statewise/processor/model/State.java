package dev.statewise.processor.model;

import java.util.Optional;

/**
 * One constant of the workflow's state enum.
 *
 * @param javadoc the constant's documentation, normalized; empty when none
 * @param renamedFrom the name the state had in the committed snapshot, from {@code @RenamedFrom};
 *     empty when none
 * @param timeout the state's {@code @Timeout}, if it has one
 */
public record State(String name, boolean initial, boolean terminal, String javadoc, String renamedFrom,
        Optional<Timeout> timeout) {

    public State(String name, boolean initial, boolean terminal, String javadoc, String renamedFrom) {
        this(name, initial, terminal, javadoc, renamedFrom, Optional.empty());
    }
}
