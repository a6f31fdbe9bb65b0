package dev.statewise.processor.model;

/** One row of a workflow's transition table: a transition taken from one of its source states. */
public record Edge(Transition transition, String from) {

    public String name() {
        return transition.name();
    }

    public String to() {
        return transition.to();
    }

    public boolean isSelfTransition() {
        return from.equals(transition.to());
    }
}
