package dev.statewise.processor.checks;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Location.Kind;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Timeout;
import dev.statewise.processor.model.Transition;
import dev.statewise.processor.model.Workflow;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of {@code @Timeout}: a delay or a field, never both; a state that can be left; a
 * transition that leaves the state and needs no arguments; a field that holds an instant whenever
 * a row is in the state. Sees the model only. (A delay that is no positive duration the reader
 * refuses, having its text.)
 */
public final class TimeoutChecks {

    /**
     * The kinds whose column is a {@code timestamptz}, an instant; a {@code LocalDateTime} is a
     * {@code timestamp}, which means a different instant in every time zone.
     */
    private static final Set<FieldType.Kind> INSTANTS =
            EnumSet.of(FieldType.Kind.OFFSET_DATE_TIME, FieldType.Kind.INSTANT);

    private final Workflow workflow;
    /** Fields whose state lists are reported already, so where they are required is a guess. */
    private final Set<String> fieldsWithBadStates;
    private final List<Problem> problems = new ArrayList<>();

    private TimeoutChecks(Workflow workflow, Set<String> fieldsWithBadStates) {
        this.workflow = workflow;
        this.fieldsWithBadStates = fieldsWithBadStates;
    }

    static List<Problem> check(Workflow workflow, Set<String> fieldsWithBadStates) {
        TimeoutChecks checks = new TimeoutChecks(workflow, fieldsWithBadStates);
        workflow.timedStates().forEach(checks::check);
        return List.copyOf(checks.problems);
    }

    /** Whether a field of this type holds an instant, which a deadline is. */
    public static boolean holdsAnInstant(FieldType type) {
        return INSTANTS.contains(type.kind());
    }

    private void check(State state) {
        Timeout timeout = state.timeout().orElseThrow();
        Location at = Location.of(workflow.qualifiedName(), Kind.STATE, state.name());
        if (state.terminal()) {
            // Whatever it fires could only leave the terminal state: one error, on the contradiction.
            add(Message.TIMEOUT_ON_TERMINAL, at.at("Timeout", ""), state.name());
            return;
        }
        if (timeout.after().isPresent() == timeout.at().isPresent()) {
            add(Message.TIMEOUT_AFTER_OR_AT, at.at("Timeout", ""), state.name(),
                    timeout.after().isPresent() ? "both after and at" : "neither after nor at");
        }
        timeout.at().ifPresent(field -> checkField(state, field, at.at("Timeout", "at")));
        checkFire(state, timeout.fire(), at.at("Timeout", "fire"));
    }

    private void checkFire(State state, String fire, Location at) {
        List<String> names = workflow.transitions().stream().map(Transition::name).toList();
        Optional<Transition> found = workflow.transitions().stream().filter(t -> t.name().equals(fire)).findFirst();
        if (found.isEmpty()) {
            add(Message.UNKNOWN_TRANSITION, at, "@Timeout(fire) on state " + state.name(), fire,
                    Suggestions.hint(fire, names, "transitions", workflow.simpleName()));
            return;
        }
        Transition transition = found.get();
        List<String> stateNames = workflow.stateNames();
        if (!stateNames.containsAll(transition.from()) || !stateNames.contains(transition.to())) {
            return; // its unknown state is reported on the transition; where it leads is a guess
        }
        if (!transition.from().contains(state.name())) {
            add(Message.TIMEOUT_FIRE_NOT_LEAVING, at, state.name(), fire,
                    "which is taken from " + String.join(", ", transition.from()) + " only", state.name());
        } else if (transition.to().equals(state.name())) {
            add(Message.TIMEOUT_FIRE_NOT_LEAVING, at, state.name(), fire, "a self-transition, which would "
                    + "keep the row in " + state.name() + " and due again at once", state.name());
        } else if (!transition.parameters().isEmpty()) {
            add(Message.TIMEOUT_FIRE_PARAMETERS, at, state.name(), fire, String.join(", ",
                    transition.parameters().stream().map(p -> p.type().simpleName() + " " + p.name()).toList()));
        }
    }

    private void checkField(State state, String name, Location at) {
        Optional<Field> found = workflow.field(name);
        if (found.isEmpty()) {
            List<String> fieldNames = workflow.fields().stream().map(Field::name).toList();
            add(Message.UNKNOWN_FIELD, at, "@Timeout(at) on state " + state.name(), name,
                    Suggestions.hint(name, fieldNames, "fields", workflow.simpleName()));
            return;
        }
        Field field = found.get();
        FieldType type = field.type();
        if (type.kind() != FieldType.Kind.UNSUPPORTED && !holdsAnInstant(type)) {
            add(Message.TIMEOUT_FIELD_TYPE, at, state.name(), name, type.simpleName());
        }
        if (!fieldsWithBadStates.contains(name) && !field.requiredIn(state.name())) {
            add(Message.TIMEOUT_FIELD_NOT_REQUIRED, at, state.name(), name,
                    field.nullIn(state.name()) ? "NULL" : "optional", requireIn(field, state.name()));
        }
    }

    /** How to make the field required in the state, given how its presence is declared. */
    private static String requireIn(Field field, String state) {
        return switch (field.presence()) {
            case OPTIONAL -> "replace @Nullable with @RequiredIn(\"" + state + "\")";
            case REQUIRED_IN -> "add " + state + " to its @RequiredIn";
            case ONLY_IN -> "add " + state + " to its @OnlyIn";
            case ALLOWED_IN -> field.states().contains(state)
                    ? "name " + state + " in a @RequiredIn beside its @AllowedIn"
                    : "name " + state + " in its @AllowedIn and in a @RequiredIn beside it";
            case ALWAYS -> ""; // required in every state
        };
    }

    private void add(Message message, Location location, Object... args) {
        problems.add(Problem.of(message, location, args));
    }
}
