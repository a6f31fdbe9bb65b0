package dev.statewise.processor.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Guard;
import dev.statewise.processor.model.Invariant;
import dev.statewise.processor.model.Parameter;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Transition;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The immutable value of a workflow, {@code TaskValue}: a record implementing the declared
 * interface. Its transition methods are the state machine in memory: they check the source state,
 * the requirements the compiler could not prove, and the user's guards, then return the next value.
 * No database is involved.
 *
 * <p>Every way of making a value ({@code create}, the transitions, {@code withX}, the builder)
 * checks the requirements of the state it ends in, with one rule for null (decision 0022): null for
 * a field that state requires is a {@code NullPointerException}, a value for a field it keeps NULL
 * an {@code IllegalArgumentException}, and a null transition argument for an optional field leaves
 * the field as it is. The canonical constructor checks only the state, because the repository reads
 * rows through it, and a row stored before a rule existed must stay readable.
 */
public final class ValueWriter {

    private static final String RUNTIME = "dev.statewise.runtime";

    private final Workflow workflow;
    private final ClassName value;
    private final ClassName states;
    private final String state;
    private final ClassName builder;
    /** The component that holds when the row entered its state: {@code statusSince}. */
    private final String since;

    private ValueWriter(Workflow workflow) {
        this.workflow = workflow;
        this.value = JavaTypes.value(workflow);
        this.builder = value.nestedClass("Builder");
        this.states = JavaTypes.states(workflow);
        this.state = Naming.stateAccessor(workflow);
        this.since = Naming.sinceAccessor(workflow);
    }

    public static JavaFile of(Workflow workflow) {
        return new ValueWriter(workflow).write();
    }

    private JavaFile write() {
        TypeSpec.Builder type = TypeSpec.recordBuilder(value)
                .addJavadoc("An immutable {@link $T}: a row of table {@code $L}, or a new one before it is stored.\n",
                        JavaTypes.workflow(workflow), workflow.table())
                .addJavadoc("\n<p>Its transition methods are the state machine in memory: each checks the current state\n")
                .addJavadoc("and the guards, then returns the next value; {@link $T} stores a transition in the\n",
                        JavaTypes.repository(workflow))
                .addJavadoc("database. A value made by {@code create}, a transition, a {@code with} method or the\n")
                .addJavadoc("{@link Builder} satisfies the requirements of its state: null for a field the state requires\n")
                .addJavadoc("is a {@link NullPointerException}, a value for a field it keeps NULL an\n")
                .addJavadoc("{@link IllegalArgumentException}. A null transition argument for a field the target leaves\n")
                .addJavadoc("optional keeps the field as it is.\n")
                .addJavadoc("\n<p>The canonical constructor checks only that there is a state: the repository reads rows\n")
                .addJavadoc("through it, and a row stored before a rule existed stays readable. It gains a parameter with\n")
                .addJavadoc("every field the workflow gains; {@link #builder()} and {@link #toBuilder()} do not.\n")
                .addJavadoc("\n@param id the row's id, or null before it is stored\n")
                .addJavadoc("@param $L the state\n", state)
                .addJavadoc("@param version the row's version when it was read, for optimistic locking\n")
                .addJavadoc("@param $L when the row entered its state, as the database keeps it; null before the value is\n", since)
                .addJavadoc("    stored, and after a transition to another state until the repository stores it\n")
                .addAnnotation(JavaTypes.generated())
                .addAnnotation(JavaTypes.suppressWarnings())
                .addModifiers(Modifier.PUBLIC)
                .addSuperinterface(JavaTypes.workflow(workflow))
                .alwaysQualify(workflow.memberTypes().toArray(String[]::new))
                .recordConstructor(MethodSpec.constructorBuilder()
                        .addParameter(ClassName.get(Long.class), "id")
                        .addParameter(states, state)
                        .addParameter(TypeName.LONG, "version")
                        .addParameter(Instant.class, since)
                        .addParameters(workflow.fields().stream()
                                .map(f -> ParameterSpec.builder(JavaTypes.of(f.type()), f.name()).build())
                                .toList())
                        .build())
                .addMethod(compactConstructor())
                .addMethod(constructorWithoutSince())
                .addMethods(factories());
        workflow.fields().forEach(f -> type.addMethod(wither(f)));
        workflow.transitions().forEach(t -> type.addMethod(transition(t)));
        type.addMethod(builderFactory());
        type.addMethod(toBuilder());
        if (workflow.fields().stream().anyMatch(ValueWriter::isArray)) {
            arrayMembers(type);
        }
        type.addMethod(checked());
        if (!workflow.invariants().isEmpty()) {
            type.addMethod(checkRules());
        }
        type.addMethod(requireSet());
        type.addMethod(requireNull());
        type.addType(builderType());
        return JavaTypes.file(workflow, type.build());
    }

    /** The canonical constructor as it was before values held when the row entered its state. */
    private MethodSpec constructorWithoutSince() {
        List<CodeBlock> arguments = new ArrayList<>(List.of(CodeBlock.of("id"), CodeBlock.of("$N", state),
                CodeBlock.of("version"), CodeBlock.of("null")));
        workflow.fields().forEach(f -> arguments.add(CodeBlock.of("$N", f.name())));
        return MethodSpec.constructorBuilder()
                .addJavadoc("A value that does not say when the row entered its state, as values were made before they\n")
                .addJavadoc("held it; {@link #builder()} is the way that keeps compiling.\n")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(ClassName.get(Long.class), "id")
                .addParameter(states, state)
                .addParameter(TypeName.LONG, "version")
                .addParameters(workflow.fields().stream()
                        .map(f -> ParameterSpec.builder(JavaTypes.of(f.type()), f.name()).build())
                        .toList())
                .addStatement("this($L)", CodeBlock.join(arguments, ", "))
                .build();
    }

    private MethodSpec builderFactory() {
        return MethodSpec.methodBuilder("builder")
                .addJavadoc("A builder of a value in any state, for a test or a source other than the table. Code that\n")
                .addJavadoc("builds values this way keeps compiling when the workflow gains a field.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builder)
                .addStatement("return new $T()", builder)
                .build();
    }

    private MethodSpec toBuilder() {
        CodeBlock.Builder copy = CodeBlock.builder()
                .add("return new $T()$>$>\n.id(id)\n.$N($N)\n.version(version)\n.$N($N)", builder, state, state, since, since);
        workflow.fields().forEach(f -> copy.add("\n.$N($N)", f.name(), f.name()));
        return MethodSpec.methodBuilder("toBuilder")
                .addJavadoc("A builder that starts from this value: change some fields, then {@link Builder#build()}.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(builder)
                .addCode(copy.add(";\n$<$<").build())
                .build();
    }

    /**
     * Only the state is refused when missing: the repository reads every row through this
     * constructor, and a row that a newer rule would refuse must still read.
     */
    private MethodSpec compactConstructor() {
        CodeBlock.Builder body = CodeBlock.builder()
                .addStatement("$T.requireNonNull($N, $S)", Objects.class, state, state);
        for (Field field : workflow.fields()) {
            if (isArray(field)) {
                // A record shares its arrays; the value keeps its own copy, so it stays immutable.
                body.addStatement("$N = $N == null ? null : $N.clone()", field.name(), field.name(), field.name());
            }
        }
        return MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC).addCode(body.build()).build();
    }

    /** {@code create(...)} for a new value in the initial state: the fields that state requires. */
    private List<MethodSpec> factories() {
        List<State> initial = workflow.initialStates();
        List<MethodSpec> factories = new ArrayList<>();
        for (State s : initial) {
            String name = Naming.factory(workflow, s.name());
            List<Field> required = workflow.fields().stream().filter(f -> f.requiredIn(s.name())).toList();
            List<CodeBlock> arguments = new ArrayList<>();
            for (Field field : workflow.fields()) {
                arguments.add(required.contains(field) ? CodeBlock.of("$N", field.name()) : CodeBlock.of("null"));
            }
            MethodSpec.Builder factory = MethodSpec.methodBuilder(name)
                    .addJavadoc("A new {@code $L} in $L, not yet stored. Optional fields are set with their {@code with}\n",
                            workflow.simpleName(), s.name())
                    .addJavadoc("methods.\n");
            if (required.stream().anyMatch(f -> !f.type().primitive())) {
                factory.addJavadoc("\n@throws $T when an argument is null: $L requires them all\n",
                        NullPointerException.class, s.name());
            }
            if (!workflow.invariantsIn(s.name()).isEmpty()) {
                factory.addJavadoc("$L@throws $T when the arguments break a rule of $L\n",
                        required.stream().anyMatch(f -> !f.type().primitive()) ? "" : "\n",
                        ClassName.get(RUNTIME, "ConstraintViolationException"), s.name());
            }
            factories.add(factory
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(value)
                    .addParameters(required.stream()
                            .map(f -> ParameterSpec.builder(JavaTypes.of(f.type()), f.name()).build()).toList())
                    .addStatement("return $L.checked($S)", construct(CodeBlock.of("null"),
                            CodeBlock.of("$T.$L", states, s.name()), CodeBlock.of("0L"), CodeBlock.of("null"), arguments), name)
                    .build());
        }
        return factories;
    }

    /**
     * {@code withNotes(...)} for every field: whatever its annotations become, the method stays, and
     * the state the value is in decides what it accepts.
     */
    private MethodSpec wither(Field field) {
        String name = Naming.wither(field.name());
        List<CodeBlock> arguments = new ArrayList<>();
        for (Field f : workflow.fields()) {
            arguments.add(CodeBlock.of("$N", f.name()));
        }
        List<String> requiring = workflow.states().stream().map(State::name).filter(field::requiredIn).toList();
        List<String> nulling = workflow.states().stream().map(State::name).filter(field::nullIn).toList();
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addJavadoc("This value with {@code $L} replaced, in the same state", field.name());
        if (field.type().primitive()) {
            method.addJavadoc(".\n");
        } else if (requiring.size() == workflow.states().size()) {
            method.addJavadoc(".\n\n@throws $T when null: every state requires it\n", NullPointerException.class);
        } else {
            method.addJavadoc("; null clears it where\nthe state leaves it optional.\n");
            if (!requiring.isEmpty()) {
                method.addJavadoc("\n@throws $T when null in $L, which require$L it\n", NullPointerException.class,
                        String.join(", ", requiring), requiring.size() == 1 ? "s" : "");
            }
            if (!nulling.isEmpty()) {
                method.addJavadoc("$L@throws $T when set in $L, where it is NULL\n", requiring.isEmpty() ? "\n" : "",
                        IllegalArgumentException.class, String.join(", ", nulling));
            }
        }
        return method
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(JavaTypes.of(field.type()), field.name())
                .addStatement("return $L.checked($S)", construct(CodeBlock.of("id"), CodeBlock.of("$N", state),
                        CodeBlock.of("version"), CodeBlock.of("$N", since), arguments), name)
                .build();
    }

    private MethodSpec transition(Transition transition) {
        String name = transition.name();
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameters(transition.parameters().stream()
                        .map(p -> ParameterSpec.builder(JavaTypes.of(p.type()), p.name()).build()).toList());
        List<String> required = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Parameter parameter : transition.parameters()) {
            if (parameter.type().primitive()) {
                continue;
            }
            (requiredIn(transition.to(), parameter) ? required : kept).add(parameter.name());
        }
        if (!transition.javadoc().isEmpty()) {
            method.addJavadoc("$L\n\n", transition.javadoc());
        }
        if (!kept.isEmpty()) {
            method.addJavadoc("A null $L leaves the field as it is.\n\n", kept.stream()
                    .map(p -> "{@code " + p + "}").collect(Collectors.joining(" or ")));
        }
        method.addJavadoc("@throws $T unless this value is in $L\n", ClassName.get(RUNTIME, "IllegalTransitionException"),
                String.join(" or ", transition.from()));
        if (!required.isEmpty()) {
            method.addJavadoc("@throws $T when $L is null: $L requires $L\n", NullPointerException.class,
                    required.stream().map(p -> "{@code " + p + "}").collect(Collectors.joining(" or ")),
                    transition.to(), required.size() == 1 ? "it" : "them");
        }
        if (guarded(workflow, transition)) {
            method.addJavadoc("@throws $T when a guard refuses\n", ClassName.get(RUNTIME, "GuardRefusedException"));
        }
        List<Invariant> rules = workflow.invariantsIn(transition.to());
        if (!rules.isEmpty()) {
            method.addJavadoc("@throws $T when the value it leads to breaks a rule of $L: $L\n",
                    ClassName.get(RUNTIME, "ConstraintViolationException"), transition.to(),
                    rules.stream().map(r -> "<code>" + javadocSafe(r.rule().text()) + "</code>").collect(Collectors.joining(", ")));
        }

        CodeBlock sourceStates = CodeBlock.join(transition.from().stream()
                .map(s -> CodeBlock.of("$N != $T.$L", state, states, s)).toList(), " && ");
        method.beginControlFlow("if ($L)", sourceStates)
                .addStatement("throw new $T($S, id, $S, $N.name(), $T.of($L))",
                        ClassName.get(RUNTIME, "IllegalTransitionException"), workflow.simpleName(), name, state,
                        List.class, CodeBlock.join(transition.from().stream().map(s -> CodeBlock.of("$S", s)).toList(), ", "))
                .endControlFlow();
        for (String parameter : required) {
            method.addStatement("requireSet($N, $S, $S, $T.$L)", parameter, name, parameter, states, transition.to());
        }
        for (Field field : workflow.requiredAtRunTime(transition)) {
            method.beginControlFlow("if ($N == null)", field.name())
                    .addStatement("throw new $T($S, id, $S, $S, $S)", ClassName.get(RUNTIME, "GuardRefusedException"),
                            workflow.simpleName(), name, "requires " + field.name(),
                            field.name() + " must be set before " + name + " leads to " + transition.to())
                    .endControlFlow();
        }
        for (Guard guard : workflow.guards()) {
            if (!guard.transitions().contains(name)) {
                continue;
            }
            CodeBlock arguments = CodeBlock.join(guard.parameters().stream()
                    .map(p -> CodeBlock.of("$N", p.name())).toList(), ", ");
            String reason = guard.javadoc().isEmpty() ? guard.method() + " is false" : guard.javadoc();
            method.beginControlFlow("if (!$N($L))", guard.method(), arguments)
                    .addStatement("throw new $T($S, id, $S, $S, $S)", ClassName.get(RUNTIME, "GuardRefusedException"),
                            workflow.simpleName(), name, guard.method(), reason)
                    .endControlFlow();
        }
        List<CodeBlock> next = new ArrayList<>();
        for (Field field : workflow.fields()) {
            if (kept.contains(field.name())) {
                next.add(CodeBlock.of("$N != null ? $N : this.$N", field.name(), field.name(), field.name()));
            } else if (transition.sets(field.name())) {
                next.add(CodeBlock.of("$N", field.name()));
            } else if (transition.clears(field)) {
                next.add(CodeBlock.of("null"));
            } else {
                next.add(CodeBlock.of("$N", field.name()));
            }
        }
        // A self-transition keeps when the row entered its state; another one's moment is the database's to set.
        CodeBlock entered = transition.from().equals(List.of(transition.to())) ? CodeBlock.of("$N", since)
                : transition.from().contains(transition.to())
                        ? CodeBlock.of("$N == $T.$L ? $N : null", state, states, transition.to(), since)
                        : CodeBlock.of("null");
        return method.addStatement("return $L.checked($S)", construct(CodeBlock.of("id"),
                        CodeBlock.of("$T.$L", states, transition.to()), CodeBlock.of("version"), entered, next), name)
                .build();
    }

    /** A rule's text as HTML in Javadoc, where {@code <}, an at sign or a comment's end would mean more. */
    private static String javadocSafe(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
                .replace("*/", "*&#47;");
    }

    private boolean requiredIn(String state, Parameter parameter) {
        return workflow.field(parameter.name()).map(f -> f.requiredIn(state)).orElse(false);
    }

    /** {@code new TaskValue(id, state, version, since, fields...)}. */
    private CodeBlock construct(CodeBlock id, CodeBlock stateValue, CodeBlock version, CodeBlock entered,
            List<CodeBlock> fields) {
        List<CodeBlock> arguments = new ArrayList<>(List.of(id, stateValue, version, entered));
        arguments.addAll(fields);
        return CodeBlock.of("new $T($L)", value, CodeBlock.join(arguments, ", "));
    }

    /** Whether anything can refuse the transition besides its source state. */
    static boolean guarded(Workflow workflow, Transition transition) {
        return !workflow.requiredAtRunTime(transition).isEmpty()
                || workflow.guards().stream().anyMatch(g -> g.transitions().contains(transition.name()));
    }

    private static boolean isArray(Field field) {
        return field.type().javaName().endsWith("[]");
    }

    /** Accessors that copy, and equality, hash and text by the arrays' contents, as for any other field. */
    private void arrayMembers(TypeSpec.Builder type) {
        List<CodeBlock> equal = new ArrayList<>(List.of(
                CodeBlock.of("$T.equals(id, that.id)", Objects.class),
                CodeBlock.of("$N == that.$N", state, state),
                CodeBlock.of("version == that.version"),
                CodeBlock.of("$T.equals($N, that.$N)", Objects.class, since, since)));
        List<CodeBlock> hashed = new ArrayList<>(List.of(CodeBlock.of("id"), CodeBlock.of("$N", state),
                CodeBlock.of("version"), CodeBlock.of("$N", since)));
        List<CodeBlock> shown = new ArrayList<>(List.of(CodeBlock.of("$S + id", "id="),
                CodeBlock.of("$S + $N", ", " + state + "=", state), CodeBlock.of("$S + version", ", version="),
                CodeBlock.of("$S + $N", ", " + since + "=", since)));
        for (Field field : workflow.fields()) {
            String name = field.name();
            if (isArray(field)) {
                type.addMethod(MethodSpec.methodBuilder(name)
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(JavaTypes.of(field.type()))
                        .addStatement("return $N == null ? null : $N.clone()", name, name)
                        .build());
                equal.add(CodeBlock.of("$T.equals($N, that.$N)", java.util.Arrays.class, name, name));
                hashed.add(CodeBlock.of("$T.hashCode($N)", java.util.Arrays.class, name));
                shown.add(CodeBlock.of("$S + $T.toString($N)", ", " + name + "=", java.util.Arrays.class, name));
            } else {
                equal.add(field.type().primitive() ? CodeBlock.of("$N == that.$N", name, name)
                        : CodeBlock.of("$T.equals($N, that.$N)", Objects.class, name, name));
                hashed.add(CodeBlock.of("$N", name));
                shown.add(CodeBlock.of("$S + $N", ", " + name + "=", name));
            }
        }
        type.addMethod(MethodSpec.methodBuilder("equals")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(Object.class, "other")
                .addStatement("return other instanceof $T that\n&& $L", value, CodeBlock.join(equal, "\n&& "))
                .build());
        type.addMethod(MethodSpec.methodBuilder("hashCode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT)
                .addStatement("return $T.hash($L)", Objects.class, CodeBlock.join(hashed, ", "))
                .build());
        type.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S\n+ $L\n+ $S", value.simpleName() + "[",
                        CodeBlock.join(shown, "\n+ "), "]")
                .build());
    }

    /**
     * The requirements of the value's state, checked by every method that makes a value; the
     * repository calls it on a draft it is given.
     */
    private MethodSpec checked() {
        // The parameter must not hide a field of the same name.
        String operation = "operation";
        while (workflow.field(operation).isPresent()) {
            operation = operation + "_";
        }
        CodeBlock.Builder body = CodeBlock.builder();
        for (Field field : workflow.fields()) {
            if (field.presence() == Field.Presence.ALWAYS && !field.type().primitive()) {
                body.addStatement("requireSet($N, $N, $S, $N)", field.name(), operation, field.name(), state);
            }
        }
        body.beginControlFlow("switch ($N)", state);
        for (State s : workflow.states()) {
            List<CodeBlock> rules = new ArrayList<>();
            for (Field field : workflow.fields()) {
                if (field.presence() != Field.Presence.ALWAYS && field.requiredIn(s.name())) {
                    rules.add(CodeBlock.of("requireSet($N, $N, $S, $N);\n", field.name(), operation, field.name(),
                            state));
                } else if (field.nullIn(s.name())) {
                    rules.add(CodeBlock.of("requireNull($N, $N, $S, $N);\n", field.name(), operation, field.name(),
                            state));
                }
            }
            if (!rules.isEmpty()) {
                body.add("case $L -> {\n$>", s.name());
                rules.forEach(body::add);
                body.add("$<}\n");
            }
        }
        body.add("default -> { }\n");
        body.endControlFlow();
        if (!workflow.invariants().isEmpty()) {
            body.addStatement("checkRules($N)", operation);
        }
        return MethodSpec.methodBuilder("checked")
                .addJavadoc("This value, once it is known to meet the requirements of its state.\n")
                .returns(value)
                .addParameter(String.class, operation)
                .addCode(body.build())
                .addStatement("return this")
                .build();
    }

    /**
     * The rules between fields of the value's state (decision 0027), after its requirements: the
     * verdict PostgreSQL's CHECK would reach, refused as the database's refusal is mapped.
     */
    private MethodSpec checkRules() {
        String operation = "operation";
        while (workflow.field(operation).isPresent()) {
            operation = operation + "_";
        }
        CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch ($N)", state);
        for (State s : workflow.states()) {
            List<Invariant> rules = workflow.invariantsIn(s.name());
            if (rules.isEmpty()) {
                continue;
            }
            body.add("case $L -> {\n$>", s.name());
            for (Invariant rule : rules) {
                body.addStatement("$T.require($L,\n$T.DESCRIPTOR, $S, $S, $N)", ClassName.get(RUNTIME, "Rules"),
                        rule.rule().java(CodeBlock.of("this")), JavaTypes.descriptor(workflow),
                        Naming.ruleCheck(workflow, rule), s.name(), operation);
            }
            body.add("$<}\n");
        }
        body.add("default -> { }\n");
        body.endControlFlow();
        return MethodSpec.methodBuilder("checkRules")
                .addJavadoc("Refuses a value that breaks a rule of its state, as the database would.\n")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(String.class, operation)
                .addCode(body.build())
                .build();
    }

    /** Null for a field the state requires: the same exception wherever the null comes in. */
    private MethodSpec requireSet() {
        return MethodSpec.methodBuilder("requireSet")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(Object.class, "value")
                .addParameter(String.class, "operation")
                .addParameter(String.class, "field")
                .addParameter(states, state)
                .beginControlFlow("if (value == null)")
                .addStatement("throw new $T($S + operation + $S + field + $S + $N + $S)", NullPointerException.class,
                        workflow.simpleName() + ".", ": ", " is null, but ", state, " requires it")
                .endControlFlow()
                .build();
    }

    /** A value for a field the state keeps NULL. */
    private MethodSpec requireNull() {
        return MethodSpec.methodBuilder("requireNull")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(Object.class, "value")
                .addParameter(String.class, "operation")
                .addParameter(String.class, "field")
                .addParameter(states, state)
                .beginControlFlow("if (value != null)")
                .addStatement("throw new $T($S + operation + $S + field + $S + $N)", IllegalArgumentException.class,
                        workflow.simpleName() + ".", ": ", " must be NULL in ", state)
                .endControlFlow()
                .build();
    }

    /** {@code TaskValue.Builder}: one setter per component, so that a new field breaks no caller. */
    private TypeSpec builderType() {
        TypeSpec.Builder type = TypeSpec.classBuilder(builder)
                .addJavadoc("Builds a {@link $T} one component at a time; {@link #build()} checks the requirements of\n",
                        value)
                .addJavadoc("its state, as {@code create} and the transitions do.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);
        List<ParameterSpec> components = new ArrayList<>(List.of(
                ParameterSpec.builder(ClassName.get(Long.class), "id").build(),
                ParameterSpec.builder(states, state).build(),
                ParameterSpec.builder(TypeName.LONG, "version").build(),
                ParameterSpec.builder(Instant.class, since).build()));
        workflow.fields().forEach(f -> components.add(ParameterSpec.builder(JavaTypes.of(f.type()), f.name()).build()));
        for (ParameterSpec component : components) {
            type.addField(component.type(), component.name(), Modifier.PRIVATE);
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (ParameterSpec component : components) {
            type.addMethod(MethodSpec.methodBuilder(component.name())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builder)
                    .addParameter(component)
                    .addStatement("this.$N = $N", component.name(), component.name())
                    .addStatement("return this")
                    .build());
        }
        List<CodeBlock> fields = workflow.fields().stream().map(f -> CodeBlock.of("$N", f.name())).toList();
        return type.addMethod(MethodSpec.methodBuilder("build")
                        .addJavadoc("The value, once it meets the requirements of its state.\n")
                        .addJavadoc("\n@throws $T when the state, or a field it requires, is null\n",
                                NullPointerException.class)
                        .addJavadoc("@throws $T when a field is set that the state keeps NULL\n",
                                IllegalArgumentException.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(value)
                        .addStatement("return $L.checked($S)", construct(CodeBlock.of("id"), CodeBlock.of("$N", state),
                                CodeBlock.of("version"), CodeBlock.of("$N", since), fields), "build")
                        .build())
                .build();
    }
}
