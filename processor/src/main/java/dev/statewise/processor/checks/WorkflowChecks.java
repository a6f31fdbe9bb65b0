package dev.statewise.processor.checks;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Location.Kind;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Edge;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Field.Presence;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.Guard;
import dev.statewise.processor.model.Parameter;
import dev.statewise.processor.model.RemovedState;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Transition;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules one workflow must follow: its states and graph, its fields and their SQL names, its
 * transitions' parameters and the requirement rule, its guards. Sees the model only.
 */
public final class WorkflowChecks {

    private static final String SYSTEM_COLUMNS_PURPOSE =
            "for id, version, timestamps, who created the row and transition metadata";
    private static final String RENAME_FIELD = "rename the field or set @Column(name = \"...\")";

    private final Workflow workflow;
    private final String name;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> stateNames;
    /** The columns the triggers keep from the state column, reserved in every workflow. */
    private final List<String> stateTimeColumns;
    /** States already reported as clashing with another, whose derived names would clash again. */
    private final Set<String> clashingStates = new HashSet<>();
    /** Fields already reported as sharing another's column, whose derived names would clash again. */
    private final Set<String> clashingFields = new HashSet<>();
    /**
     * Fields whose @RequiredIn, @OnlyIn or @AllowedIn names an unknown state or none (or, beside
     * @AllowedIn, a state it does not allow): what the rules would derive from such a list is a
     * guess, so only the list itself is reported.
     */
    private final Set<String> fieldsWithBadStates = new HashSet<>();
    /**
     * Per transition, the fields its misspelt parameters were meant to be (the "did you mean" of
     * UNKNOWN_PARAMETER): that the transition does not set them, that a transition after it finds
     * them unset, or that a guard's parameter of that name is not the transition's, is the same
     * mistake, already reported.
     */
    private final Map<String, Set<String>> misspeltParameters = new HashMap<>();

    private WorkflowChecks(Workflow workflow) {
        this.workflow = workflow;
        this.name = workflow.qualifiedName();
        this.stateNames = new HashSet<>(workflow.stateNames());
        // All four whether or not the workflow has timeouts or a feed, so adding one later renames no field.
        this.stateTimeColumns = List.of(Naming.stateSince(workflow), Naming.stateDeadline(workflow),
                Naming.stateRetryAt(workflow), Naming.stateFeedXid(workflow));
    }

    public static List<Problem> check(Workflow workflow) {
        WorkflowChecks checks = new WorkflowChecks(workflow);
        checks.run();
        return List.copyOf(checks.problems);
    }

    private void run() {
        findMisspeltParameters();
        checkStates();
        checkTable();
        workflow.fields().forEach(this::checkField);
        checkColumnClashes();
        boolean edgesKnown = true;
        for (Transition transition : workflow.transitions()) {
            edgesKnown &= checkTransition(transition);
        }
        if (edgesKnown && !workflow.initialStates().isEmpty()) {
            checkGraph();
        }
        workflow.guards().forEach(this::checkGuard);
        problems.addAll(TimeoutChecks.check(workflow, fieldsWithBadStates));
        problems.addAll(InvariantChecks.check(workflow, this::checkStateNames, fieldsWithBadStates));
        checkConstraintNames();
        checkIndexNames();
        checkValueMethodNames();
        checkEvolutionAnnotations();
    }

    /**
     * The value class has methods of its own beside the fields' accessors and the transitions:
     * {@code builder()}, {@code toBuilder()} and a {@code withX} for every field. A field or a
     * transition with one of those names would clash with it in the generated code.
     */
    private void checkValueMethodNames() {
        Map<String, String> owners = new HashMap<>();
        owners.put("builder", "the static method that starts a Builder");
        owners.put("toBuilder", "the method that copies a value into a Builder");
        workflow.fields().forEach(f -> owners.put(Naming.wither(f.name()),
                "the method that sets field " + f.name()));
        for (Field field : workflow.fields()) {
            if (owners.containsKey(field.name())) {
                add(Message.VALUE_METHOD_CLASH, at(Kind.FIELD, field.name()), "field " + field.name(),
                        Naming.valueClass(workflow), owners.get(field.name()), "rename the field, and keep its column"
                                + " with @Column(name = \"" + field.column() + "\")");
            }
        }
        for (Transition transition : workflow.transitions()) {
            if (owners.containsKey(transition.name())) {
                add(Message.VALUE_METHOD_CLASH, at(Kind.TRANSITION, transition.name()), "transition "
                        + transition.name(), Naming.valueClass(workflow), owners.get(transition.name()),
                        "rename the transition");
            }
        }
    }

    // Renames and removals, as far as they can be checked without the committed snapshot

    private void checkEvolutionAnnotations() {
        for (State state : workflow.states()) {
            if (!state.renamedFrom().isEmpty() && stateNames.contains(state.renamedFrom())) {
                add(Message.RENAMED_FROM_DECLARED, Location.of(name, Kind.STATE, state.name()).at("RenamedFrom", "value"),
                        state.renamedFrom(), "state " + state.name(), "state", "state");
            }
        }
        for (Field field : workflow.fields()) {
            if (!field.renamedFrom().isEmpty() && workflow.field(field.renamedFrom()).isPresent()) {
                add(Message.RENAMED_FROM_DECLARED, Location.of(name, Kind.FIELD, field.name()).at("RenamedFrom", "value"),
                        field.renamedFrom(), "field " + field.name(), "field", "field");
            }
        }
        for (RemovedState removed : workflow.removedStates()) {
            Location at = Location.of(name, Kind.STATE, removed.name());
            if (stateNames.contains(removed.name())) {
                add(Message.REMOVED_BUT_DECLARED, at.at("RemovedState", "value"),
                        "RemovedState", removed.name(), "state", "state");
            } else if (!stateNames.contains(removed.movedTo())) {
                add(Message.MOVED_TO_UNKNOWN, at.at("RemovedState", "movedTo"), removed.movedTo(),
                        Suggestions.hint(removed.movedTo(), workflow.stateNames(), "states", workflow.simpleName()));
            }
        }
        for (String removed : workflow.removedFields()) {
            if (workflow.field(removed).isPresent()) {
                add(Message.REMOVED_BUT_DECLARED, Location.of(name, Kind.FIELD, removed).at("RemovedField", "value"),
                        "RemovedField", removed, "field", "field");
            }
        }
    }

    private void add(Message message, Location location, Object... args) {
        problems.add(Problem.of(message, location, args));
    }

    private Location at(Kind kind, String member) {
        return Location.of(name, kind, member);
    }

    private Location stateEnum() {
        return at(Kind.ENUM, workflow.stateEnum());
    }

    // States

    private void checkStates() {
        if (workflow.initialStates().isEmpty()) {
            String example = workflow.states().isEmpty() ? "OPEN" : workflow.states().get(0).name();
            add(Message.NO_INITIAL_STATE, stateEnum(), workflow.simpleName(), example);
        }
        Map<String, String> folded = new HashMap<>();
        for (State state : workflow.states()) {
            if (state.initial() && state.terminal()) {
                add(Message.INITIAL_AND_TERMINAL, at(Kind.STATE, state.name()).at("Terminal", ""), state.name());
            }
            String other = folded.putIfAbsent(Naming.fold(state.name()), state.name());
            if (other != null) {
                clashingStates.add(state.name());
                add(Message.STATE_CLASH, at(Kind.STATE, state.name()), other, state.name());
            }
        }
    }

    /**
     * Checks a list of state names from an annotation attribute.
     *
     * @return whether every name is a declared state
     */
    private boolean checkStateNames(List<String> names, Location attribute, String description, String emptyFix) {
        if (names.isEmpty()) {
            add(Message.EMPTY_STATES, attribute, description, emptyFix);
            return false;
        }
        boolean known = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String state = names.get(i);
            Location value = attribute.at(attribute.annotation(), attribute.attribute(), i);
            if (!stateNames.contains(state)) {
                known = false;
                add(Message.UNKNOWN_STATE, value, description, state,
                        Suggestions.hint(state, workflow.stateNames(), "states", workflow.simpleName()));
            } else if (!seen.add(state)) {
                add(Message.DUPLICATE_STATE, value, description, state);
            }
        }
        return known;
    }

    // The table and its columns

    private void checkTable() {
        Location table = Location.of(name).at("Workflow", "table");
        checkIdentifier(workflow.table(), "table name", table, " with @Workflow(table = \"...\")");
        checkIdentifier(workflow.stateColumn(), "state column (from enum " + workflow.stateEnum() + ")",
                stateEnum(), " name for the state enum");
        if (Naming.SYSTEM_COLUMNS.contains(workflow.stateColumn())) {
            add(Message.SYSTEM_COLUMN, stateEnum(), "state enum " + workflow.stateEnum(),
                    workflow.stateColumn(), SYSTEM_COLUMNS_PURPOSE, "rename the enum");
        }
    }

    private void checkIdentifier(String identifier, String what, Location location, String fix) {
        if (!Naming.isPlainIdentifier(identifier)) {
            add(Message.INVALID_IDENTIFIER, location, what, identifier);
        } else if (Naming.byteLength(identifier) > Naming.MAX_IDENTIFIER_BYTES) {
            add(Message.IDENTIFIER_TOO_LONG, location, what, identifier, Naming.byteLength(identifier), fix);
        } else if (Naming.isReserved(identifier)) {
            add(Message.RESERVED_WORD, location, what, identifier, fix);
        }
    }

    private void checkField(Field field) {
        Location at = at(Kind.FIELD, field.name());
        FieldType type = field.type();
        if (type.kind() == FieldType.Kind.UNSUPPORTED) {
            add(Message.UNSUPPORTED_TYPE, at, "field " + field.name(), type.javaName());
        }
        if (type.kind() == FieldType.Kind.ENUM && type.enumConstants().isEmpty()) {
            add(Message.EMPTY_ENUM, at, field.name(), type.javaName());
        }
        boolean statesKnown = switch (field.presence()) {
            case REQUIRED_IN -> checkStateNames(field.states(), at.at("RequiredIn", "value"),
                    "@RequiredIn on " + field.name(), "for a field optional in every state use @Nullable");
            case ONLY_IN -> checkStateNames(field.states(), at.at("OnlyIn", "value"),
                    "@OnlyIn on " + field.name(), "name the states where the field is set");
            case ALLOWED_IN -> checkAllowedIn(field, at);
            case ALWAYS, OPTIONAL -> true;
        };
        if (!statesKnown) {
            fieldsWithBadStates.add(field.name());
        }
        if (type.primitive() && field.presence() != Presence.ALWAYS) {
            add(Message.PRIMITIVE_MAY_BE_NULL, at, field.name(), type.javaName(),
                    presenceAnnotation(field.presence()), type.boxedName());
        }
        field.reference().ifPresent(reference -> {
            if (type.kind() != FieldType.Kind.LONG) {
                add(Message.REFERENCE_TYPE, at.at("References", ""), field.name(), type.simpleName(),
                        reference.simpleName(), reference.simpleName());
            }
        });
        field.unique().filter(u -> !u.states().isEmpty()).ifPresent(unique ->
                checkStateNames(unique.states(), at.at("Unique", "value"), "@Unique on " + field.name(), ""));
        checkColumnSize(field, at);
        checkIdentifier(field.column(), "column name", at.at("Column", "name"),
                " with @Column(name = \"...\")");
        if (Naming.SYSTEM_COLUMNS.contains(field.column())) {
            add(Message.SYSTEM_COLUMN, at.at("Column", "name"), "field " + field.name(), field.column(),
                    SYSTEM_COLUMNS_PURPOSE, RENAME_FIELD);
        } else if (field.column().equals(workflow.stateColumn())) {
            add(Message.SYSTEM_COLUMN, at.at("Column", "name"), "field " + field.name(), field.column(),
                    "the state column, named after enum " + workflow.stateEnum(), RENAME_FIELD);
        } else if (stateTimeColumns.contains(field.column())) {
            add(Message.SYSTEM_COLUMN, at.at("Column", "name"), "field " + field.name(), field.column(),
                    "kept by the triggers beside the state column: when the row entered its state, for a "
                            + "@Timeout its deadline and when a failed one is retried, and for an event feed "
                            + "the key of the row's latest event; "
                            + String.join(", ", stateTimeColumns) + " are reserved in every workflow",
                    RENAME_FIELD);
        }
    }

    /**
     * Checks the states of {@code @AllowedIn} and of the {@code @RequiredIn} beside it, which must
     * all be allowed: a field cannot be NOT NULL where it is NULL.
     *
     * @return whether both lists name declared states only, and the required ones are allowed
     */
    private boolean checkAllowedIn(Field field, Location at) {
        boolean known = checkStateNames(field.states(), at.at("AllowedIn", "value"),
                "@AllowedIn on " + field.name(), "name the states where the field may be set");
        if (field.requiredStates().isEmpty()) {
            return known; // no @RequiredIn beside it; the reader reports an empty one
        }
        Location required = at.at("RequiredIn", "value");
        known &= checkStateNames(field.requiredStates(), required, "@RequiredIn on " + field.name(), "");
        for (int i = 0; i < field.requiredStates().size(); i++) {
            String state = field.requiredStates().get(i);
            if (stateNames.contains(state) && !field.states().contains(state)) {
                known = false;
                add(Message.REQUIRED_NOT_ALLOWED, required.at("RequiredIn", "value", i), field.name(), state,
                        String.join(", ", field.states()), state, state);
            }
        }
        return known;
    }

    private static String presenceAnnotation(Presence presence) {
        return switch (presence) {
            case OPTIONAL -> "@Nullable";
            case REQUIRED_IN -> "@RequiredIn";
            case ONLY_IN -> "@OnlyIn";
            case ALLOWED_IN -> "@AllowedIn";
            case ALWAYS -> "";
        };
    }

    private void checkColumnSize(Field field, Location at) {
        var size = field.size();
        FieldType.Kind kind = field.type().kind();
        if (size.length() != 0 && kind != FieldType.Kind.STRING) {
            add(Message.LENGTH_NOT_STRING, at.at("Column", "length"), field.name(), field.type().simpleName());
        } else if (size.length() < 0 || size.length() > 10_485_760) {
            add(Message.BAD_COLUMN_SIZE, at.at("Column", "length"), field.name(),
                    "length must be between 1 and 10485760 (PostgreSQL's limit for varchar)");
        }
        if ((size.precision() != 0 || size.scale() != 0) && kind != FieldType.Kind.DECIMAL) {
            add(Message.PRECISION_NOT_DECIMAL, at.at("Column", size.precision() != 0 ? "precision" : "scale"),
                    field.name(), field.type().simpleName());
        } else if (size.precision() < 0 || size.precision() > 1000) {
            add(Message.BAD_COLUMN_SIZE, at.at("Column", "precision"), field.name(),
                    "precision must be between 1 and 1000 (PostgreSQL's limit for numeric)");
        } else if (size.scale() < 0 || size.scale() > size.precision()) {
            add(Message.BAD_COLUMN_SIZE, at.at("Column", "scale"), field.name(),
                    "scale must be between 0 and the precision, and needs a precision");
        }
    }

    private void checkColumnClashes() {
        Map<String, Field> byColumn = new HashMap<>();
        for (Field field : workflow.fields()) {
            Field other = byColumn.putIfAbsent(field.column(), field);
            if (other != null) {
                add(Message.COLUMN_CLASH, at(Kind.FIELD, field.name()).at("Column", "name"),
                        other.name(), field.name(), field.column());
                clashingFields.add(field.name());
            }
        }
    }

    // Transitions

    /** @return whether the transition's states are all declared */
    private boolean checkTransition(Transition transition) {
        Location at = at(Kind.TRANSITION, transition.name());
        String description = "@Transition(from) of " + transition.name();
        boolean known = checkStateNames(transition.from(), at.at("Transition", "from"), description,
                "name the states it may be taken from");
        if (!stateNames.contains(transition.to())) {
            known = false;
            add(Message.UNKNOWN_STATE, at.at("Transition", "to"), "@Transition(to) of " + transition.name(),
                    transition.to(), Suggestions.hint(transition.to(), workflow.stateNames(), "states",
                            workflow.simpleName()));
        }
        checkParameters(transition, at);
        if (!known) {
            return false;
        }
        for (int i = 0; i < transition.from().size(); i++) {
            String from = transition.from().get(i);
            if (workflow.state(from).orElseThrow().terminal()) {
                add(Message.TERMINAL_WITH_EXIT, at.at("Transition", "from", i), transition.name(), from, from);
            }
        }
        checkRequirements(transition, at);
        return true;
    }

    private void checkParameters(Transition transition, Location at) {
        for (Parameter parameter : transition.parameters()) {
            Location location = Location.parameter(name, transition.name(), parameter.name());
            var field = workflow.field(parameter.name());
            if (field.isEmpty()) {
                List<String> fieldNames = workflow.fields().stream().map(Field::name).toList();
                add(Message.UNKNOWN_PARAMETER, location, parameter.name(), transition.name(),
                        workflow.simpleName(), Suggestions.hint(parameter.name(), fieldNames, "fields",
                                workflow.simpleName()));
                continue;
            }
            FieldType fieldType = field.get().type();
            if (fieldType.kind() == FieldType.Kind.UNSUPPORTED) {
                continue; // reported on the field; the parameter repeats its type
            }
            if (!fieldType.accepts(parameter.type())) {
                add(Message.PARAMETER_TYPE, location, parameter.name(), transition.name(),
                        parameter.type().simpleName(), field.get().name(), fieldType.simpleName(),
                        fieldType.simpleName(), parameter.name());
            } else if (stateNames.contains(transition.to()) && !fieldsWithBadStates.contains(parameter.name())
                    && field.get().nullIn(transition.to())) {
                String annotation = presenceAnnotation(field.get().presence());
                add(Message.PARAMETER_NULL_IN_TARGET, location, transition.name(), parameter.name(),
                        parameter.name(), annotation, String.join(", ", field.get().states()), transition.to(),
                        transition.to(), annotation);
            }
        }
    }

    /**
     * The requirement rule: each field the target requires is guaranteed by the source state, set
     * by the transition, or settable while in the source state (checked again at run time).
     */
    private void checkRequirements(Transition transition, Location at) {
        String to = transition.to();
        for (Field field : workflow.fields()) {
            if (!field.requiredIn(to) || transition.sets(field.name())
                    || fieldsWithBadStates.contains(field.name()) || meantToSet(transition, field.name())) {
                continue;
            }
            List<String> unmetFrom = new ArrayList<>();
            for (String from : transition.from()) {
                boolean guaranteed = field.requiredIn(from);
                boolean settable = !field.nullIn(from) && settableWhileIn(from, field);
                if (!guaranteed && !settable) {
                    unmetFrom.add(from);
                }
            }
            if (!unmetFrom.isEmpty()) {
                String from = String.join(", ", unmetFrom);
                String absence = unmetFrom.stream().allMatch(field::nullIn) ? "NULL" : "optional";
                add(Message.REQUIREMENT_UNMET, at, transition.name(), from, to, to, field.name(),
                        absence, from, field.type().simpleName(), field.name(), transition.name());
            }
        }
    }

    /** Found before any transition is checked: the requirement rule looks at every transition. */
    private void findMisspeltParameters() {
        List<String> fieldNames = workflow.fields().stream().map(Field::name).toList();
        for (Transition transition : workflow.transitions()) {
            for (Parameter parameter : transition.parameters()) {
                if (workflow.field(parameter.name()).isEmpty()) {
                    Suggestions.closest(parameter.name(), fieldNames).ifPresent(meant -> misspeltParameters
                            .computeIfAbsent(transition.name(), t -> new HashSet<>()).add(meant));
                }
            }
        }
    }

    /** Whether a misspelt parameter of the transition was meant to set the field. */
    private boolean meantToSet(Transition transition, String field) {
        return misspeltParameters.getOrDefault(transition.name(), Set.of()).contains(field);
    }

    /** Whether some transition into {@code state} (a self-transition included) sets the field. */
    private boolean settableWhileIn(String state, Field field) {
        return workflow.transitions().stream()
                .anyMatch(t -> t.to().equals(state) && (t.sets(field.name()) || meantToSet(t, field.name())));
    }

    // The graph

    private void checkGraph() {
        Map<String, List<String>> next = new LinkedHashMap<>();
        for (Edge edge : workflow.edges()) {
            next.computeIfAbsent(edge.from(), s -> new ArrayList<>()).add(edge.to());
        }
        Set<String> reached = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        workflow.initialStates().forEach(s -> queue.add(s.name()));
        while (!queue.isEmpty()) {
            String state = queue.poll();
            if (reached.add(state)) {
                queue.addAll(next.getOrDefault(state, List.of()));
            }
        }
        String initials = String.join(", ", workflow.initialStates().stream().map(State::name).toList());
        for (State state : workflow.states()) {
            Location at = at(Kind.STATE, state.name());
            if (!reached.contains(state.name())) {
                add(Message.UNREACHABLE_STATE, at, state.name(), initials);
            } else if (!state.terminal() && next.getOrDefault(state.name(), List.of()).stream()
                    .allMatch(state.name()::equals)) {
                add(Message.NO_WAY_OUT, at, state.name());
            }
        }
    }

    // Guards

    private void checkGuard(Guard guard) {
        Location at = at(Kind.GUARD, guard.method());
        List<String> transitionNames = workflow.transitions().stream().map(Transition::name).toList();
        if (guard.transitions().isEmpty()) {
            String example = transitionNames.isEmpty() ? "approve" : transitionNames.get(0);
            add(Message.EMPTY_GUARD, at.at("Guard", "value"), guard.method(), example);
        }
        List<Transition> guarded = new ArrayList<>();
        for (int i = 0; i < guard.transitions().size(); i++) {
            String transition = guard.transitions().get(i);
            var found = workflow.transitions().stream().filter(t -> t.name().equals(transition)).findFirst();
            if (found.isEmpty()) {
                add(Message.UNKNOWN_TRANSITION, at.at("Guard", "value", i), "@Guard on " + guard.method(),
                        transition, Suggestions.hint(transition, transitionNames, "transitions",
                                workflow.simpleName()));
            } else {
                guarded.add(found.get());
            }
        }
        for (Parameter parameter : guard.parameters()) {
            for (Transition transition : guarded) {
                boolean matches = transition.parameter(parameter.name())
                        .filter(p -> p.type().equals(parameter.type()) || p.type().accepts(parameter.type()))
                        .isPresent();
                if (!matches && !meantToSet(transition, parameter.name())) {
                    add(Message.GUARD_PARAMETER, Location.parameter(name, guard.method(), parameter.name()),
                            parameter.name(), guard.method(), transition.name(), transition.name()
                                    + " takes " + describe(transition.parameters()));
                    break;
                }
            }
        }
    }

    private static String describe(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            return "no parameters";
        }
        return String.join(", ", parameters.stream()
                .map(p -> p.type().simpleName() + " " + p.name()).toList());
    }

    // Names derived from states and fields

    /** Constraint names derived from state and field names must not collide on the table. */
    private void checkConstraintNames() {
        Map<String, String> owners = new HashMap<>();
        owners.put(Naming.primaryKey(workflow.table()), "the primary key");
        owners.put(Naming.stateValuesCheck(workflow), "the state column's check");
        for (Field field : workflow.fields()) {
            if (clashingFields.contains(field.name())) {
                continue;
            }
            if (field.type().kind().hasOwnCheck()) {
                claim(owners, Naming.fieldCheck(workflow, field), "field " + field.name(),
                        at(Kind.FIELD, field.name()));
            }
            if (field.reference().isPresent()) {
                claim(owners, Naming.foreignKey(workflow, field), "field " + field.name(),
                        at(Kind.FIELD, field.name()));
            }
        }
        for (State state : workflow.states()) {
            if (clashingStates.contains(state.name())) {
                continue;
            }
            claim(owners, Naming.stateCheck(workflow, state.name()), "state " + state.name(),
                    at(Kind.STATE, state.name()));
        }
    }

    /**
     * The indexes of {@code @References} and {@code @Unique} fields share PostgreSQL's namespace of
     * relations with the workflow's tables and other indexes: a field named {@code active} would
     * need the active-rows index's name.
     */
    private void checkIndexNames() {
        Map<String, String> owners = new HashMap<>();
        SchemaChecks.fixedRelations(workflow).forEach((name, role) -> owners.put(name, "the " + role));
        for (Field field : workflow.fields()) {
            if (field.needsReferenceIndex()) {
                claimIndex(owners, Naming.referenceIndex(workflow, field), field);
            }
            if (field.unique().isPresent()) {
                claimIndex(owners, Naming.uniqueIndex(workflow, field), field);
            }
        }
    }

    private void claimIndex(Map<String, String> owners, String index, Field field) {
        String previous = owners.putIfAbsent(index, "field " + field.name());
        if (previous != null) {
            add(Message.INDEX_CLASH, at(Kind.FIELD, field.name()), field.name(), index, previous);
        }
    }

    private void claim(Map<String, String> owners, String constraint, String owner, Location location) {
        String previous = owners.putIfAbsent(constraint, owner);
        if (previous != null) {
            add(Message.CONSTRAINT_CLASH, location, owner, constraint, previous);
        }
    }
}
