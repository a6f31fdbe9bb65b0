package dev.statewise.processor.diagnostics;

/**
 * Where in a declaration a problem sits, by name only, so that checks over the model can point
 * at source without touching javac. The reader resolves it to the element, annotation and
 * annotation value; a part it cannot resolve falls back to the enclosing one.
 *
 * @param workflow the workflow's qualified name
 * @param kind what {@code member} names
 * @param member the state, field, transition or guard name, or a member type's simple name; for
 *     a parameter {@code method.parameter}; for an invariant its position, from 0; empty for the
 *     workflow itself
 * @param annotation the simple name of the annotation at fault, or empty
 * @param attribute the annotation attribute at fault, or empty
 * @param index the position in an array-valued attribute, or -1
 */
public record Location(
        String workflow, Kind kind, String member, String annotation, String attribute, int index) {

    /**
     * The kinds of declaration element a location can name: ENUM a nested enum read for states, TYPE
     * any member type, INVARIANT one {@code @Invariant} on the workflow, by its position among them
     * (which names only where to report, never a constraint).
     */
    public enum Kind { WORKFLOW, ENUM, TYPE, STATE, FIELD, TRANSITION, PARAMETER, GUARD, INVARIANT }

    public static Location of(String workflow) {
        return new Location(workflow, Kind.WORKFLOW, "", "", "", -1);
    }

    public static Location of(String workflow, Kind kind, String member) {
        return new Location(workflow, kind, member, "", "", -1);
    }

    public static Location parameter(String workflow, String method, String parameter) {
        return of(workflow, Kind.PARAMETER, method + "." + parameter);
    }

    /** This location narrowed to one attribute of one annotation on it. */
    public Location at(String annotation, String attribute) {
        return new Location(workflow, kind, member, annotation, attribute, -1);
    }

    /** This location narrowed to one value of an array-valued attribute. */
    public Location at(String annotation, String attribute, int index) {
        return new Location(workflow, kind, member, annotation, attribute, index);
    }

    /** The next less precise location: value, then attribute, then annotation, then element. */
    public Location widen() {
        if (index >= 0) {
            return at(annotation, attribute);
        }
        if (!attribute.isEmpty()) {
            return at(annotation, "");
        }
        if (!annotation.isEmpty()) {
            return of(workflow, kind, member);
        }
        if (kind == Kind.PARAMETER) {
            return of(workflow, Kind.TRANSITION, member.substring(0, member.indexOf('.')));
        }
        return of(workflow);
    }
}
