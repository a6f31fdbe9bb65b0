package dev.statewise.processor.reading;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Location.Kind;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Field.Presence;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.Guard;
import dev.statewise.processor.model.Invariant;
import dev.statewise.processor.model.Parameter;
import dev.statewise.processor.model.RemovedState;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Timeout;
import dev.statewise.processor.model.Transition;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.rules.RuleCheck;
import dev.statewise.processor.rules.RuleError;
import dev.statewise.processor.rules.RuleExpression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Workflow} interface into the model. It refuses only what the model cannot
 * represent (a class instead of an interface, a method that is neither field nor transition...);
 * every other rule is left to the checks, which see the model alone.
 */
public final class WorkflowReader {

    private static final String DSL = "dev.statewise.dsl.";

    private final Elements elements;
    private final Types types;

    public WorkflowReader(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * The result of reading one interface: the model unless reading failed, and where things are.
     *
     * @param unresolved whether javac could not resolve part of the declaration yet: another
     *     processor may still generate the missing type, or javac reports it at the end
     */
    public record Reading(Optional<Workflow> workflow, List<Problem> problems, Sources sources, boolean unresolved) {}

    public Reading read(TypeElement type) {
        return new Read(type).run();
    }

    /** The state of reading one interface. */
    private final class Read {
        private final TypeElement type;
        private final String name;
        private final Sources sources = new Sources();
        private final List<Problem> problems = new ArrayList<>();
        /** Whether javac has already reported an error in the declaration; see {@link #javacReported}. */
        private boolean erroneous;

        Read(TypeElement type) {
            this.type = type;
            this.name = type.getQualifiedName().toString();
        }

        Reading run() {
            Location here = Location.of(name);
            sources.put(here, type);
            annotation(type, "Workflow").ifPresent(a -> sources.put(here, type, a));
            erroneous = annotation(type, "Workflow").filter(WorkflowReader::hasErrorValue).isPresent();
            if (type.getKind() != ElementKind.INTERFACE) {
                problems.add(Problem.of(Message.NOT_AN_INTERFACE, here, type.getSimpleName(),
                        withArticle(type.getKind())));
                return done(null);
            }
            if (type.getNestingKind() != NestingKind.TOP_LEVEL || elements.getPackageOf(type).isUnnamed()) {
                problems.add(Problem.of(Message.NOT_TOP_LEVEL, here, type.getSimpleName()));
            } else if (!isPublic(type)) {
                problems.add(Problem.of(Message.NOT_PUBLIC, here, "workflow " + type.getSimpleName()));
            }
            checkInheritedMembers(here);
            checkMemberTypes();
            Optional<TypeElement> stateEnum = stateEnum(here);
            if (stateEnum.isEmpty()) {
                return done(null);
            }
            List<State> states = states(stateEnum.get());
            List<Field> fields = new ArrayList<>();
            List<Transition> transitions = new ArrayList<>();
            List<Guard> guards = new ArrayList<>();
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                readMember(method, fields, transitions, guards);
            }
            Optional<AnnotationMirror> declaration = annotation(type, "Workflow");
            String table = Naming.table(declaration.map(a -> stringValue(a, "table")).orElse(""),
                    type.getSimpleName().toString());
            Workflow.Events events = declaration.map(a -> value(a, "events"))
                    .filter(VariableElement.class::isInstance)
                    .map(constant -> Workflow.Events.valueOf(((VariableElement) constant).getSimpleName().toString()))
                    .orElse(Workflow.Events.NONE);
            String enumName = stateEnum.get().getSimpleName().toString();
            Workflow workflow = new Workflow(name, table, enumName, Naming.snakeCase(enumName),
                    states, fields, transitions, guards, Javadoc.of(elements, type),
                    removedStates(), removedFields(), memberTypes(), invariants(fields), events);
            return done(workflow);
        }

        private Reading done(Workflow workflow) {
            boolean failed = erroneous || problems.stream().anyMatch(Problem::isError);
            return new Reading(failed ? Optional.empty() : Optional.ofNullable(workflow),
                    List.copyOf(problems), sources, erroneous);
        }

        private void checkInheritedMembers(Location here) {
            for (TypeMirror superinterface : type.getInterfaces()) {
                TypeElement element = (TypeElement) types.asElement(superinterface);
                List<String> abstractMethods = ElementFilter.methodsIn(elements.getAllMembers(element))
                        .stream()
                        .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT)
                                && !m.getEnclosingElement().toString().equals("java.lang.Object"))
                        .map(m -> m.getSimpleName().toString())
                        .distinct()
                        .toList();
                if (!abstractMethods.isEmpty()) {
                    problems.add(Problem.of(Message.INHERITED_MEMBERS, here, type.getSimpleName(),
                            element.getSimpleName(), String.join(", ", abstractMethods)));
                }
            }
        }

        /**
         * The generated value class implements the workflow and so inherits its member types, declared
         * or inherited: one named like the value class would hide the class's own name inside it.
         */
        private void checkMemberTypes() {
            String valueClass = Naming.valueClass(type.getSimpleName().toString());
            for (TypeElement member : ElementFilter.typesIn(elements.getAllMembers(type))) {
                if (member.getSimpleName().contentEquals(valueClass)) {
                    Location at = Location.of(name, Kind.TYPE, valueClass);
                    if (member.getEnclosingElement().equals(type)) {
                        sources.put(at, member);
                    }
                    problems.add(Problem.of(Message.MEMBER_TYPE_CLASH, at, member.getQualifiedName(),
                            type.getSimpleName(), Naming.packageOf(name) + "." + valueClass, type.getSimpleName()));
                }
            }
        }

        /** The simple names of the interface's member types, declared or inherited, sorted. */
        private List<String> memberTypes() {
            return ElementFilter.typesIn(elements.getAllMembers(type)).stream()
                    .map(member -> member.getSimpleName().toString())
                    .distinct()
                    .sorted()
                    .toList();
        }

        /**
         * The nested enum of states: the one whose constants carry {@code @Initial} or
         * {@code @Terminal}, or the only nested enum.
         */
        private Optional<TypeElement> stateEnum(Location here) {
            List<TypeElement> enums = ElementFilter.typesIn(type.getEnclosedElements()).stream()
                    .filter(t -> t.getKind() == ElementKind.ENUM)
                    .toList();
            for (TypeElement nested : enums) {
                sources.put(Location.of(name, Kind.ENUM, nested.getSimpleName().toString()), nested);
            }
            List<TypeElement> marked = enums.stream().filter(this::marksStates).toList();
            if (marked.size() > 1) {
                TypeElement second = marked.get(1);
                problems.add(Problem.of(Message.SECOND_STATE_ENUM,
                        Location.of(name, Kind.ENUM, second.getSimpleName().toString()),
                        second.getSimpleName(), type.getSimpleName(), marked.get(0).getSimpleName()));
                return Optional.empty();
            }
            if (marked.size() == 1) {
                return Optional.of(marked.get(0));
            }
            if (enums.size() == 1) {
                return Optional.of(enums.get(0));
            }
            if (enums.isEmpty()) {
                problems.add(Problem.of(Message.NO_STATE_ENUM, here, type.getSimpleName()));
            } else {
                problems.add(Problem.of(Message.AMBIGUOUS_STATE_ENUM, here, type.getSimpleName(),
                        enums.stream().map(e -> e.getSimpleName().toString())
                                .collect(Collectors.joining(", "))));
            }
            return Optional.empty();
        }

        private boolean marksStates(TypeElement enumType) {
            return constants(enumType).stream().anyMatch(c -> annotation(c, "Initial").isPresent()
                    || annotation(c, "Terminal").isPresent() || annotation(c, "Timeout").isPresent());
        }

        private List<State> states(TypeElement enumType) {
            List<State> states = new ArrayList<>();
            for (VariableElement constant : constants(enumType)) {
                String state = constant.getSimpleName().toString();
                Location at = Location.of(name, Kind.STATE, state);
                sources.put(at, constant);
                Optional<AnnotationMirror> initial = annotation(constant, "Initial");
                Optional<AnnotationMirror> terminal = annotation(constant, "Terminal");
                initial.ifPresent(a -> sources.put(at, constant, a));
                terminal.ifPresent(a -> sources.put(at, constant, a));
                states.add(new State(state, initial.isPresent(), terminal.isPresent(),
                        Javadoc.of(elements, constant), renamedFrom(constant, at), timeout(constant, at)));
            }
            return states;
        }

        /**
         * The state's {@code @Timeout}. Only a delay that is not a positive duration is refused here,
         * since the model holds no other; whether one of {@code after} and {@code at} is given, and
         * what they name, the checks decide.
         */
        private Optional<Timeout> timeout(VariableElement constant, Location at) {
            Optional<AnnotationMirror> found = annotation(constant, "Timeout");
            if (found.isEmpty()) {
                return Optional.empty();
            }
            AnnotationMirror timeout = found.get();
            sources.put(at, constant, timeout);
            if (hasErrorValue(timeout)) {
                // javac reports the value that does not compile.
                erroneous = true;
                return Optional.empty();
            }
            String after = stringValue(timeout, "after");
            String field = stringValue(timeout, "at");
            Optional<Duration> delay = after.isEmpty() ? Optional.empty() : Delays.parse(after);
            if (!after.isEmpty() && delay.isEmpty()) {
                Delays.Refusal refusal = Delays.refusal(after);
                problems.add(Problem.of(Message.TIMEOUT_DURATION, at.at("Timeout", "after"), after,
                        constant.getSimpleName(), refusal.fault(), refusal.fix()));
            }
            return Optional.of(new Timeout(delay, field.isEmpty() ? Optional.empty() : Optional.of(field),
                    stringValue(timeout, "fire")));
        }

        private List<VariableElement> constants(TypeElement enumType) {
            return ElementFilter.fieldsIn(enumType.getEnclosedElements()).stream()
                    .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT)
                    .toList();
        }

        private void readMember(ExecutableElement method, List<Field> fields,
                List<Transition> transitions, List<Guard> guards) {
            if (isObjectMethod(method)) {
                return;
            }
            if (javacReported(method)) {
                // javac has reported the error; a Statewise message about the same code would repeat it.
                erroneous = true;
                return;
            }
            Set<Modifier> modifiers = method.getModifiers();
            String member = method.getSimpleName().toString();
            Optional<AnnotationMirror> transition = annotation(method, "Transition");
            Optional<AnnotationMirror> guard = annotation(method, "Guard");
            if (guard.isPresent()) {
                Location at = Location.of(name, Kind.GUARD, member);
                guards.add(guard(method, guard.get(), at));
                checkNoFieldAnnotations(method, at, "a guard");
            } else if (transition.isPresent()) {
                Location at = Location.of(name, Kind.TRANSITION, member);
                if (transitions.stream().anyMatch(t -> t.name().equals(member))) {
                    // Locations are by name, so report on the duplicate's element directly.
                    Location duplicate = Location.of(name, Kind.TRANSITION, member + "#duplicate");
                    sources.put(duplicate, method);
                    problems.add(Problem.of(Message.DUPLICATE_TRANSITION, duplicate, member));
                    return;
                }
                sources.put(at, method);
                sources.put(at, method, transition.get());
                transitions.add(transition(method, transition.get(), at));
                checkNoFieldAnnotations(method, at, "a transition");
            } else if (modifiers.contains(Modifier.ABSTRACT)) {
                Location at = Location.of(name, Kind.FIELD, member);
                sources.put(at, method);
                if (!method.getParameters().isEmpty() || method.getReturnType().getKind() == TypeKind.VOID) {
                    problems.add(Problem.of(Message.NOT_A_FIELD_OR_TRANSITION, at, member));
                    return;
                }
                fields.add(field(method, at));
            } else {
                // A method with a body that is neither transition nor guard is the user's own helper.
                checkNoFieldAnnotations(method, Location.of(name, Kind.FIELD, member),
                        "a method with a body");
            }
        }

        /** toString, equals and hashCode, which an interface may redeclare and every object implements. */
        private boolean isObjectMethod(ExecutableElement method) {
            TypeElement object = elements.getTypeElement("java.lang.Object");
            return ElementFilter.methodsIn(object.getEnclosedElements()).stream()
                    .anyMatch(m -> m.getModifiers().contains(Modifier.PUBLIC)
                            && elements.overrides(method, m, type));
        }

        /**
         * Whether javac reports an error in the method's signature or annotations: a type it cannot
         * resolve, or an annotation value that does not compile.
         */
        private boolean javacReported(ExecutableElement method) {
            boolean badType = isError(method.getReturnType())
                    || method.getParameters().stream().anyMatch(p -> isError(p.asType()));
            return badType || method.getAnnotationMirrors().stream().anyMatch(WorkflowReader::hasErrorValue);
        }

        /** @RequiredIn, @OnlyIn, @AllowedIn and @Column describe fields; on any other method they would be ignored. */
        private void checkNoFieldAnnotations(ExecutableElement method, Location at, String what) {
            for (String fieldAnnotation : List.of("RequiredIn", "OnlyIn", "AllowedIn", "Column", "References", "Unique")) {
                annotation(method, fieldAnnotation).ifPresent(a -> {
                    sources.put(at, method, a);
                    problems.add(Problem.of(Message.FIELD_ANNOTATION_ON_NON_FIELD, at.at(fieldAnnotation, ""),
                            fieldAnnotation, method.getSimpleName(), what));
                });
            }
        }

        private Field field(ExecutableElement method, Location at) {
            String member = method.getSimpleName().toString();
            Optional<AnnotationMirror> requiredIn = annotation(method, "RequiredIn");
            Optional<AnnotationMirror> onlyIn = annotation(method, "OnlyIn");
            Optional<AnnotationMirror> allowedIn = annotation(method, "AllowedIn");
            Optional<AnnotationMirror> column = annotation(method, "Column");
            Optional<AnnotationMirror> nullable = nullable(method);
            for (AnnotationMirror a : List.of(requiredIn, onlyIn, allowedIn, column, nullable).stream()
                    .flatMap(Optional::stream).toList()) {
                sources.put(at, method, a);
            }
            List<String> present = new ArrayList<>();
            nullable.ifPresent(a -> present.add("Nullable"));
            requiredIn.ifPresent(a -> present.add("RequiredIn"));
            onlyIn.ifPresent(a -> present.add("OnlyIn"));
            allowedIn.ifPresent(a -> present.add("AllowedIn"));
            contradictoryPair(present).ifPresent(pair -> problems.add(Problem.of(Message.CONTRADICTORY_ANNOTATIONS,
                    at.at(pair.get(1), ""), member, pair.get(0), pair.get(1), contradiction(pair))));
            Presence presence;
            List<String> states = List.of();
            List<String> requiredStates = List.of();
            if (allowedIn.isPresent()) {
                presence = Presence.ALLOWED_IN;
                states = stringValues(allowedIn.get(), "value");
                requiredStates = requiredIn.map(a -> stringValues(a, "value")).orElse(List.of());
                if (requiredIn.isPresent() && requiredStates.isEmpty()) {
                    // The model cannot tell an empty @RequiredIn beside @AllowedIn from none.
                    problems.add(Problem.of(Message.EMPTY_STATES, at.at("RequiredIn", "value"),
                            "@RequiredIn on " + member, "remove it, and the field is optional in every "
                                    + "state @AllowedIn names"));
                }
            } else if (requiredIn.isPresent()) {
                presence = Presence.REQUIRED_IN;
                states = stringValues(requiredIn.get(), "value");
            } else if (onlyIn.isPresent()) {
                presence = Presence.ONLY_IN;
                states = stringValues(onlyIn.get(), "value");
            } else {
                presence = nullable.isPresent() ? Presence.OPTIONAL : Presence.ALWAYS;
            }
            String columnName = column.map(c -> stringValue(c, "name")).filter(n -> !n.isEmpty())
                    .map(Naming::fold)
                    .orElseGet(() -> Naming.snakeCase(member));
            ColumnSize size = column.map(c -> new ColumnSize(intValue(c, "length"),
                    intValue(c, "precision"), intValue(c, "scale"))).orElse(ColumnSize.DEFAULT);
            if (method.getReturnType() instanceof DeclaredType declared
                    && declared.asElement().getKind() == ElementKind.ENUM
                    && !isPublic((TypeElement) declared.asElement())) {
                problems.add(Problem.of(Message.NOT_PUBLIC, at, "enum " + declared.asElement().getSimpleName()
                        + ", the type of field " + member + ","));
            }
            String backfill = annotation(method, "Backfill").map(a -> {
                sources.put(at, method, a);
                return stringValue(a, "value");
            }).orElse("");
            Optional<Field.Unique> unique = annotation(method, "Unique").map(a -> {
                sources.put(at, method, a);
                return new Field.Unique(stringValues(a, "value"));
            });
            return new Field(member, columnName, typeOf(method.getReturnType()), presence, states, requiredStates,
                    size, Javadoc.of(elements, method), renamedFrom(method, at), backfill,
                    reference(method, at), unique);
        }

        /** The workflow named by {@code @References}, read as a type mirror, never as a Class. */
        private Optional<Field.Reference> reference(ExecutableElement method, Location at) {
            Optional<AnnotationMirror> references = annotation(method, "References");
            if (references.isEmpty()) {
                return Optional.empty();
            }
            sources.put(at, method, references.get());
            Object value = value(references.get(), "value");
            if (value instanceof DeclaredType declared && declared.asElement() instanceof TypeElement target
                    && target.getKind() == ElementKind.INTERFACE) {
                Optional<AnnotationMirror> workflow = annotation(target, "Workflow");
                if (workflow.isPresent()) {
                    String table = Naming.table(stringValue(workflow.get(), "table"), target.getSimpleName().toString());
                    return Optional.of(new Field.Reference(target.getQualifiedName().toString(), table));
                }
            }
            String named = value instanceof DeclaredType declared
                    ? declared.asElement().getSimpleName().toString() : String.valueOf(value);
            problems.add(Problem.of(Message.REFERENCE_NOT_A_WORKFLOW, at.at("References", "value"),
                    method.getSimpleName(), named));
            return Optional.empty();
        }

        /** The old name from {@code @RenamedFrom}, or empty. */
        private String renamedFrom(Element element, Location at) {
            return annotation(element, "RenamedFrom").map(a -> {
                sources.put(at, element, a);
                return stringValue(a, "value");
            }).orElse("");
        }

        /** The {@code @RemovedState} annotations on the interface, each located as the state it removes. */
        private List<RemovedState> removedStates() {
            List<RemovedState> removed = new ArrayList<>();
            for (AnnotationMirror a : repeated(type, "RemovedState")) {
                String state = stringValue(a, "value");
                sources.put(Location.of(name, Kind.STATE, state), type, a);
                removed.add(new RemovedState(state, stringValue(a, "movedTo")));
            }
            return removed;
        }

        /**
         * The {@code @Invariant} annotations on the interface, each located by its position among
         * them. A rule whose text does not check against the fields is refused here, each error on
         * the rule with its column inside the text, since the model holds checked rules only.
         */
        private List<Invariant> invariants(List<Field> fields) {
            List<Invariant> invariants = new ArrayList<>();
            List<AnnotationMirror> declared = repeated(type, "Invariant");
            for (int i = 0; i < declared.size(); i++) {
                AnnotationMirror a = declared.get(i);
                Location at = Location.of(name, Kind.INVARIANT, Integer.toString(i));
                sources.put(at, type, a);
                if (hasErrorValue(a)) {
                    // javac reports the value that does not compile.
                    erroneous = true;
                    continue;
                }
                RuleCheck check = RuleExpression.check(stringValue(a, "value"), type.getSimpleName().toString(), fields);
                for (RuleError error : check.errors()) {
                    problems.add(new Problem(error.message(), at.at("Invariant", "value"), error.text()));
                }
                check.rule().ifPresent(rule -> invariants.add(new Invariant(stringValue(a, "name"),
                        stringValues(a, "in"), rule, stringValue(a, "message"))));
            }
            return invariants;
        }

        /** The {@code @RemovedField} annotations on the interface, each located as the field it removes. */
        private List<String> removedFields() {
            List<String> removed = new ArrayList<>();
            for (AnnotationMirror a : repeated(type, "RemovedField")) {
                String field = stringValue(a, "value");
                sources.put(Location.of(name, Kind.FIELD, field), type, a);
                removed.add(field);
            }
            return removed;
        }

        /**
         * The first two presence annotations that cannot go together, in the order given: any two,
         * except {@code @RequiredIn} beside {@code @AllowedIn}, which says where the field is NOT NULL.
         */
        private Optional<List<String>> contradictoryPair(List<String> present) {
            for (int i = 0; i < present.size(); i++) {
                for (int j = i + 1; j < present.size(); j++) {
                    List<String> pair = List.of(present.get(i), present.get(j));
                    if (!pair.equals(List.of("RequiredIn", "AllowedIn"))) {
                        return Optional.of(pair);
                    }
                }
            }
            return Optional.empty();
        }

        private String contradiction(List<String> pair) {
            if (pair.equals(List.of("Nullable", "AllowedIn"))) {
                return "@Nullable makes the field optional in every state while @AllowedIn makes it NULL "
                        + "outside its states; keep one";
            }
            if (pair.contains("Nullable")) {
                return "a field optional everywhere cannot also be required in some states; keep one";
            }
            if (pair.contains("AllowedIn")) {
                return "@OnlyIn already allows the field only in its states and requires it there; keep "
                        + "@OnlyIn, or replace it with @AllowedIn and a @RequiredIn naming where it is required";
            }
            return "@RequiredIn leaves the field optional elsewhere while @OnlyIn makes it NULL "
                    + "elsewhere; keep one";
        }

        /** Any annotation named {@code Nullable}, on the method or on its return type. */
        private Optional<AnnotationMirror> nullable(ExecutableElement method) {
            return java.util.stream.Stream.concat(
                            method.getAnnotationMirrors().stream(),
                            method.getReturnType().getAnnotationMirrors().stream())
                    .filter(a -> a.getAnnotationType().asElement().getSimpleName().contentEquals("Nullable"))
                    .map(a -> (AnnotationMirror) a)
                    .findFirst();
        }

        private Transition transition(ExecutableElement method, AnnotationMirror annotation, Location at) {
            String member = method.getSimpleName().toString();
            if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
                problems.add(Problem.of(Message.TRANSITION_NOT_ABSTRACT, at, member));
            }
            if (!types.isSameType(types.erasure(method.getReturnType()), types.erasure(type.asType()))) {
                problems.add(Problem.of(Message.TRANSITION_RETURN_TYPE, at, member,
                        method.getReturnType(), type.getSimpleName(), member));
            }
            return new Transition(member, stringValues(annotation, "from"), stringValue(annotation, "to"),
                    parameters(method), Javadoc.of(elements, method));
        }

        private Guard guard(ExecutableElement method, AnnotationMirror annotation, Location at) {
            String member = method.getSimpleName().toString();
            sources.put(at, method);
            sources.put(at, method, annotation);
            if (!method.getModifiers().contains(Modifier.DEFAULT)
                    || method.getReturnType().getKind() != TypeKind.BOOLEAN) {
                problems.add(Problem.of(Message.GUARD_SIGNATURE, at, member, member));
            }
            return new Guard(member, stringValues(annotation, "value"), parameters(method), Javadoc.of(elements, method));
        }

        private List<Parameter> parameters(ExecutableElement method) {
            List<Parameter> parameters = new ArrayList<>();
            for (VariableElement parameter : method.getParameters()) {
                String parameterName = parameter.getSimpleName().toString();
                sources.put(Location.parameter(name, method.getSimpleName().toString(), parameterName), parameter);
                parameters.add(new Parameter(parameterName, typeOf(parameter.asType())));
            }
            return parameters;
        }

        private FieldType typeOf(TypeMirror type) {
            switch (type.getKind()) {
                case BOOLEAN: return FieldType.of(FieldType.Kind.BOOLEAN, "boolean");
                case INT: return FieldType.of(FieldType.Kind.INTEGER, "int");
                case LONG: return FieldType.of(FieldType.Kind.LONG, "long");
                case ARRAY:
                    if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
                        return FieldType.of(FieldType.Kind.BYTES, "byte[]");
                    }
                    break;
                case DECLARED:
                    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
                    String qualified = element.getQualifiedName().toString();
                    if (element.getKind() == ElementKind.ENUM) {
                        return new FieldType(FieldType.Kind.ENUM, qualified, constants(element).stream()
                                .map(c -> c.getSimpleName().toString()).toList());
                    }
                    FieldType.Kind kind = DECLARED_KINDS.get(qualified);
                    if (kind != null) {
                        return FieldType.of(kind, qualified);
                    }
                    return FieldType.of(FieldType.Kind.UNSUPPORTED, qualified);
                default:
                    break;
            }
            return FieldType.of(FieldType.Kind.UNSUPPORTED, type.toString());
        }
    }

    private static final Map<String, FieldType.Kind> DECLARED_KINDS = Map.ofEntries(
            Map.entry("java.lang.String", FieldType.Kind.STRING),
            Map.entry("java.lang.Boolean", FieldType.Kind.BOOLEAN),
            Map.entry("java.lang.Integer", FieldType.Kind.INTEGER),
            Map.entry("java.lang.Long", FieldType.Kind.LONG),
            Map.entry("java.math.BigDecimal", FieldType.Kind.DECIMAL),
            Map.entry("java.util.UUID", FieldType.Kind.UUID),
            Map.entry("java.time.LocalDate", FieldType.Kind.LOCAL_DATE),
            Map.entry("java.time.LocalDateTime", FieldType.Kind.LOCAL_DATE_TIME),
            Map.entry("java.time.OffsetDateTime", FieldType.Kind.OFFSET_DATE_TIME),
            Map.entry("java.time.Instant", FieldType.Kind.INSTANT),
            Map.entry("org.jooq.JSONB", FieldType.Kind.JSON));

    /** "a class", "an enum", "a record": how a message names the kind of a type. */
    private static String withArticle(ElementKind kind) {
        String noun = kind.toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** Whether code in any package can use the type: it and every type enclosing it are public. */
    private static boolean isPublic(TypeElement type) {
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            boolean memberOfInterface = e.getEnclosingElement().getKind().isInterface();
            if (!e.getModifiers().contains(Modifier.PUBLIC) && !memberOfInterface) {
                return false;
            }
        }
        return true;
    }

    private static boolean isError(TypeMirror type) {
        return type.getKind() == TypeKind.ERROR
                || type.getKind() == TypeKind.ARRAY && isError(((ArrayType) type).getComponentType());
    }

    /**
     * Whether an attribute of the annotation failed to compile. javac gives such a value the text
     * {@code <error>}, unquoted, where a string constant, even that one, prints with its quotes.
     */
    private static boolean hasErrorValue(AnnotationMirror annotation) {
        return annotation.getElementValues().values().stream().anyMatch(WorkflowReader::isErrorValue);
    }

    private static boolean isErrorValue(AnnotationValue value) {
        if (value.getValue() instanceof List<?> values) {
            return values.stream().anyMatch(v -> isErrorValue((AnnotationValue) v));
        }
        return "<error>".equals(value.toString());
    }

    /** A Statewise annotation on the element, found by name: mirrors, never reflection. */
    private static Optional<AnnotationMirror> annotation(Element element, String simpleName) {
        String qualified = DSL + simpleName;
        return element.getAnnotationMirrors().stream()
                .filter(a -> ((TypeElement) a.getAnnotationType().asElement())
                        .getQualifiedName().contentEquals(qualified))
                .map(a -> (AnnotationMirror) a)
                .findFirst();
    }

    /** A repeatable annotation's occurrences, written once or gathered in its container. */
    private static List<AnnotationMirror> repeated(Element element, String simpleName) {
        List<AnnotationMirror> found = new ArrayList<>();
        annotation(element, simpleName).ifPresent(found::add);
        annotation(element, simpleName + ".List").ifPresent(container -> {
            if (value(container, "value") instanceof List<?> values) {
                values.forEach(v -> found.add((AnnotationMirror) ((AnnotationValue) v).getValue()));
            }
        });
        return found;
    }

    private static Object value(AnnotationMirror annotation, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                annotation.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(attribute)) {
                return entry.getValue().getValue();
            }
        }
        return null;
    }

    private static String stringValue(AnnotationMirror annotation, String attribute) {
        Object value = value(annotation, attribute);
        return value instanceof String s ? s : "";
    }

    private static int intValue(AnnotationMirror annotation, String attribute) {
        Object value = value(annotation, attribute);
        return value instanceof Integer i ? i : 0;
    }

    /** An array attribute's strings; a single value written without braces is a one-element list. */
    private static List<String> stringValues(AnnotationMirror annotation, String attribute) {
        Object value = value(annotation, attribute);
        if (value instanceof List<?> values) {
            return values.stream().map(v -> String.valueOf(((AnnotationValue) v).getValue())).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
