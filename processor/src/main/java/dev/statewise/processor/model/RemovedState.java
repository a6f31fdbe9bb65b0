package dev.statewise.processor.model;

/**
 * A state of the committed snapshot that the declaration removes, from {@code @RemovedState}.
 *
 * @param name the removed state
 * @param movedTo the declared state its rows move to
 */
public record RemovedState(String name, String movedTo) {}
