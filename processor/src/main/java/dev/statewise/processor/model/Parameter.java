package dev.statewise.processor.model;

/** A parameter of a transition or guard, matched to a field by name. */
public record Parameter(String name, FieldType type) {}
