package dev.statewise.processor.model;

/**
 * One constant of the workflow's state enum.
 *
 * @param javadoc the constant's documentation, normalized; empty when none
 * @param renamedFrom the name the state had in the committed snapshot, from {@code @RenamedFrom};
 *     empty when none
 */
public record State(String name, boolean initial, boolean terminal, String javadoc, String renamedFrom) {}
