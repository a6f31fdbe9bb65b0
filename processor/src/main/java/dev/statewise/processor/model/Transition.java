package dev.statewise.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * A {@code @Transition} method: an edge from each of {@code from} to {@code to}, setting the
 * fields named by its parameters.
 */
public record Transition(
        String name, List<String> from, String to, List<Parameter> parameters, String javadoc) {

    public Transition {
        from = List.copyOf(from);
        parameters = List.copyOf(parameters);
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean sets(String field) {
        return parameter(field).isPresent();
    }

    /** Whether the transition clears the field: NULL in the target, perhaps set in a source. */
    public boolean clears(Field field) {
        return field.nullIn(to) && from.stream().anyMatch(s -> !field.nullIn(s));
    }
}
