package dev.statewise.processor.model;

/**
 * One constant of the workflow's state enum.
 *
 * @param javadoc the constant's documentation, normalized; empty when none
 */
public record State(String name, boolean initial, boolean terminal, String javadoc) {}
