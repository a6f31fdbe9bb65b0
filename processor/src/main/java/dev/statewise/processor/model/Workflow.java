package dev.statewise.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * A workflow as declared: the states, fields, transitions and guards of one {@code @Workflow}
 * interface, with the table and state column it maps to. Built by the reader; it may still break a
 * rule until the checks have passed over it.
 *
 * @param qualifiedName the interface's canonical name, e.g. {@code com.example.Task}
 * @param table the table name, folded to lower case
 * @param stateEnum the simple name of the nested enum holding the states
 * @param stateColumn the state column's name
 * @param javadoc the interface's documentation, normalized to one paragraph; empty when none
 * @param removedStates states of the committed snapshot declared removed, from {@code @RemovedState}
 * @param removedFields fields of the committed snapshot declared removed, from {@code @RemovedField}
 * @param memberTypes the simple names of the interface's member types, declared or inherited: the
 *     value class implements the interface, so inside it these names mean the member types
 * @param invariants the rules between fields, from {@code @Invariant}, in declaration order
 * @param events whether the workflow's state changes are read as an event feed, and notified,
 *     from {@code @Workflow(events = ...)}
 */
public record Workflow(
        String qualifiedName,
        String table,
        String stateEnum,
        String stateColumn,
        List<State> states,
        List<Field> fields,
        List<Transition> transitions,
        List<Guard> guards,
        String javadoc,
        List<RemovedState> removedStates,
        List<String> removedFields,
        List<String> memberTypes,
        List<Invariant> invariants,
        Events events) {

    public Workflow {
        states = List.copyOf(states);
        fields = List.copyOf(fields);
        transitions = List.copyOf(transitions);
        guards = List.copyOf(guards);
        removedStates = List.copyOf(removedStates);
        removedFields = List.copyOf(removedFields);
        memberTypes = List.copyOf(memberTypes);
        invariants = List.copyOf(invariants);
    }

    /** A workflow without an event feed. */
    public Workflow(String qualifiedName, String table, String stateEnum, String stateColumn, List<State> states,
            List<Field> fields, List<Transition> transitions, List<Guard> guards, String javadoc,
            List<RemovedState> removedStates, List<String> removedFields, List<String> memberTypes,
            List<Invariant> invariants) {
        this(qualifiedName, table, stateEnum, stateColumn, states, fields, transitions, guards, javadoc, removedStates,
                removedFields, memberTypes, invariants, Events.NONE);
    }

    /** A workflow without rules between fields. */
    public Workflow(String qualifiedName, String table, String stateEnum, String stateColumn, List<State> states,
            List<Field> fields, List<Transition> transitions, List<Guard> guards, String javadoc,
            List<RemovedState> removedStates, List<String> removedFields, List<String> memberTypes) {
        this(qualifiedName, table, stateEnum, stateColumn, states, fields, transitions, guards, javadoc, removedStates,
                removedFields, memberTypes, List.of());
    }

    /** {@code @Workflow(events)}: as the DSL's {@code Events}, which the processor does not load. */
    public enum Events { NONE, FEED, FEED_WITH_NOTIFY }

    /** Whether the workflow's state changes are read as an event feed. */
    public boolean feed() {
        return events != Events.NONE;
    }

    /** Whether each transaction that changes a row's state also notifies the feed's listeners. */
    public boolean notifies() {
        return events == Events.FEED_WITH_NOTIFY;
    }

    /** The rules that hold in a row in {@code state}, in declaration order. */
    public List<Invariant> invariantsIn(String state) {
        return invariants.stream().filter(i -> i.holdsIn(state)).toList();
    }

    /** The interface's simple name, as users read it in messages: {@code Task}. */
    public String simpleName() {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }

    public Optional<State> state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public List<String> stateNames() {
        return states.stream().map(State::name).toList();
    }

    public List<State> initialStates() {
        return states.stream().filter(State::initial).toList();
    }

    /** The states with a {@code @Timeout}, in declaration order. */
    public List<State> timedStates() {
        return states.stream().filter(s -> s.timeout().isPresent()).toList();
    }

    public boolean hasTimeouts() {
        return states.stream().anyMatch(s -> s.timeout().isPresent());
    }

    public List<State> terminalStates() {
        return states.stream().filter(State::terminal).toList();
    }

    /**
     * Whether a state has a rule beyond NOT NULL columns: a field it alone requires, or an
     * {@code @OnlyIn} or {@code @AllowedIn} field it forbids, or, in a workflow with timeouts, its
     * deadline or the lack of one. Such a state gets a CHECK constraint of its own.
     */
    public boolean hasRule(String state) {
        return hasTimeouts() || fields.stream().anyMatch(f -> f.presence() != Field.Presence.ALWAYS && f.requiredIn(state)
                || f.nullIn(state));
    }

    /**
     * The fields a transition's generated guard {@code requires <field>} checks before it runs: those
     * its target requires that it does not set and that some source state does not guarantee, which
     * the requirement rule lets a transition into that source state set (its third case).
     */
    public List<Field> requiredAtRunTime(Transition transition) {
        return fields.stream()
                .filter(f -> f.requiredIn(transition.to()) && !transition.sets(f.name()))
                .filter(f -> transition.from().stream().anyMatch(s -> !f.requiredIn(s)))
                .toList();
    }

    /** Every edge, one per transition and source state, in declaration order. */
    public List<Edge> edges() {
        return transitions.stream()
                .flatMap(t -> t.from().stream().map(from -> new Edge(t, from)))
                .toList();
    }
}
