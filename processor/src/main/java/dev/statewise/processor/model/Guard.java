package dev.statewise.processor.model;

import java.util.List;

/**
 * A {@code @Guard} method: a predicate that must hold before each of the named transitions.
 *
 * @param method the method's name
 * @param transitions the transitions it protects
 * @param parameters the transition arguments it takes, by name
 * @param javadoc the method's documentation, normalized; the reason given when it refuses
 */
public record Guard(String method, List<String> transitions, List<Parameter> parameters, String javadoc) {

    public Guard {
        transitions = List.copyOf(transitions);
        parameters = List.copyOf(parameters);
    }
}
