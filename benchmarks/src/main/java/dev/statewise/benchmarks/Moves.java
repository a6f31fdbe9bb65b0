package dev.statewise.benchmarks;

import dev.statewise.runtime.Columns;
import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.FieldDescriptor;
import dev.statewise.runtime.SqlStates;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every write the writers make, derived from the workflow's descriptor: for each state, the
 * transitions a row may take from it, and the forbidden writes the schema must refuse.
 *
 * <p>Each write is one raw-SQL compare-and-set, the form a second service or a script would use:
 * {@code UPDATE task SET status = ?, <fields> = ?, transition = ?, transition_actor = ? WHERE id = ?
 * AND status = ? AND version = ?}. A transition sets the fields its edge sets and clears the fields
 * its target state needs NULL (raw SQL clears nothing, decision 0004). Edges into a terminal state
 * are left out of the walk, so that rows keep moving for the whole run.
 */
final class Moves {

    /**
     * One statement and what the schema should make of it.
     *
     * @param transition the transition's name, or null for a state change that names none
     * @param from the state the row must be in
     * @param to the state it moves to
     * @param sql the UPDATE; its parameters are the target state, the {@code values}, the
     *     transition, the actor, then the id, the source state and the version
     * @param values the field values it sets, in the order of the SET list
     * @param refusedWith the SQLSTATE the schema must refuse it with, or null for a legal transition
     * @param label what it tries, for the report
     */
    record Move(String transition, String from, String to, String sql, List<Object> values, String refusedWith,
            String label) {

        boolean forbidden() {
            return refusedWith != null;
        }
    }

    static final String CHECK_VIOLATION = "23514";

    private final WorkflowDescriptor workflow;
    private final Map<String, List<Move>> walk = new LinkedHashMap<>();
    private final Map<String, List<Move>> forbidden = new LinkedHashMap<>();

    Moves(WorkflowDescriptor workflow) {
        this.workflow = workflow;
        Set<String> requiredEverywhere = workflow.states().stream()
                .map(StateDescriptor::requiredFields)
                .reduce((a, b) -> a.stream().filter(b::contains).toList())
                .map(Set::copyOf)
                .orElse(Set.of());
        for (StateDescriptor state : workflow.states()) {
            if (state.terminal()) {
                continue;
            }
            List<Move> legal = new ArrayList<>();
            List<Move> refused = new ArrayList<>();
            for (EdgeDescriptor edge : workflow.edgesFrom(state.name())) {
                StateDescriptor target = state(edge.to());
                if (!target.terminal()) {
                    legal.add(move(edge.transition(), edge.from(), target, edge.sets(), List.of(), null,
                            edge.transition()));
                }
                // A declared edge that leaves a field its target requires NULL: the target's CHECK refuses it.
                for (String field : target.requiredFields()) {
                    if (!requiredEverywhere.contains(field)) {
                        refused.add(move(edge.transition(), edge.from(), target, edge.sets(), List.of(field),
                                CHECK_VIOLATION, edge.transition() + " with " + column(field) + " NULL"));
                    }
                }
            }
            // A state change along no declared edge, with every field its target requires: the trigger refuses it.
            Set<String> reachable = workflow.edgesFrom(state.name()).stream()
                    .map(EdgeDescriptor::to)
                    .collect(Collectors.toSet());
            for (StateDescriptor target : workflow.states()) {
                if (!target.name().equals(state.name()) && !reachable.contains(target.name())) {
                    List<String> sets = target.requiredFields().stream()
                            .filter(field -> !requiredEverywhere.contains(field))
                            .toList();
                    refused.add(move(null, state.name(), target, sets, List.of(), SqlStates.ILLEGAL_TRANSITION,
                            state.name() + " -> " + target.name()));
                }
            }
            if (legal.isEmpty()) {
                throw new IllegalStateException("State " + state.name() + " has no edge into a non-terminal state: "
                        + "a row there would stop moving");
            }
            walk.put(state.name(), List.copyOf(legal));
            forbidden.put(state.name(), List.copyOf(refused));
        }
    }

    /** The transitions a row in this state may take, at least one. */
    List<Move> from(String state) {
        List<Move> moves = walk.get(state);
        if (moves == null) {
            throw new IllegalStateException("A row is in state " + state + ", which the walk never enters");
        }
        return moves;
    }

    /** The forbidden writes that start from this state; may be empty. */
    List<Move> forbiddenFrom(String state) {
        return forbidden.getOrDefault(state, List.of());
    }

    /** Every statement text, so that each writer prepares them once. */
    List<String> statements() {
        return Stream.of(walk, forbidden)
                .flatMap(m -> m.values().stream())
                .flatMap(List::stream)
                .map(Move::sql)
                .distinct()
                .toList();
    }

    /**
     * An UPDATE to {@code target} that sets {@code sets} (except {@code nulled}, set NULL instead)
     * and clears what the target needs NULL.
     */
    private Move move(String transition, String from, StateDescriptor target, List<String> sets, List<String> nulled,
            String refusedWith, String label) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(workflow.table())
                .append(" SET ").append(workflow.stateColumn()).append(" = ?");
        List<Object> values = new ArrayList<>();
        for (String field : sets) {
            if (!nulled.contains(field)) {
                sql.append(", ").append(column(field)).append(" = ?");
                values.add(value(workflow.field(field).orElseThrow()));
            }
        }
        for (String field : nulled) {
            sql.append(", ").append(column(field)).append(" = NULL");
        }
        for (String field : target.nullFields()) {
            if (!sets.contains(field)) {
                sql.append(", ").append(column(field)).append(" = NULL");
            }
        }
        sql.append(", ").append(Columns.TRANSITION).append(" = ?, ")
                .append(Columns.TRANSITION_ACTOR).append(" = ?")
                .append(" WHERE ").append(Columns.ID).append(" = ? AND ")
                .append(workflow.stateColumn()).append(" = ? AND ")
                .append(Columns.VERSION).append(" = ?");
        return new Move(transition, from, target.name(), sql.toString(), List.copyOf(values), refusedWith, label);
    }

    private StateDescriptor state(String name) {
        return workflow.state(name).orElseThrow();
    }

    private String column(String field) {
        return workflow.field(field).orElseThrow().column();
    }

    /** A value of the field's type; the writers need no more than a plausible one. */
    private static Object value(FieldDescriptor field) {
        Class<?> type = field.javaType();
        if (type == String.class) {
            return "durability";
        }
        if (type == LocalDate.class) {
            return LocalDate.of(2026, 1, 5);
        }
        if (type == OffsetDateTime.class) {
            return OffsetDateTime.of(2026, 1, 9, 12, 0, 0, 0, ZoneOffset.UTC);
        }
        throw new IllegalStateException("No value for field " + field.name() + " of type " + type.getName()
                + ": teach Moves.value the type");
    }
}
