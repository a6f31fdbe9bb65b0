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
import dev.statewise.processor.model.Parameter;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Transition;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * The immutable value of a workflow, {@code TaskValue}: a record implementing the declared
 * interface. It cannot hold a state whose requirements it breaks, and its transition methods are
 * the state machine in memory: they check the source state, the requirements the compiler could
 * not prove, and the user's guards, then return the next value. No database is involved.
 */
public final class ValueWriter {

    private static final String RUNTIME = "dev.statewise.runtime";

    private final Workflow workflow;
    private final ClassName value;
    private final ClassName states;
    private final String state;

    private ValueWriter(Workflow workflow) {
        this.workflow = workflow;
        this.value = JavaTypes.value(workflow);
        this.states = JavaTypes.states(workflow);
        this.state = Naming.stateAccessor(workflow);
    }

    public static JavaFile of(Workflow workflow) {
        return new ValueWriter(workflow).write();
    }

    private JavaFile write() {
        TypeSpec.Builder type = TypeSpec.recordBuilder(value)
                .addJavadoc("An immutable {@link $T}: a row of table {@code $L}, or a new one before it is stored.\n",
                        JavaTypes.workflow(workflow), workflow.table())
                .addJavadoc("\n<p>A value always satisfies the requirements of its state. Its transition methods are the\n")
                .addJavadoc("state machine in memory: each checks the current state and the guards, then returns the\n")
                .addJavadoc("next value; {@link $T} stores a transition in the database.\n", JavaTypes.repository(workflow))
                .addJavadoc("\n@param id the row's id, or null before it is stored\n")
                .addJavadoc("@param $L the state\n", state)
                .addJavadoc("@param version the row's version when it was read, for optimistic locking\n")
                .addAnnotation(JavaTypes.generated())
                .addAnnotation(JavaTypes.suppressWarnings())
                .addModifiers(Modifier.PUBLIC)
                .addSuperinterface(JavaTypes.workflow(workflow))
                .alwaysQualify(workflow.memberTypes().toArray(String[]::new))
                .recordConstructor(MethodSpec.constructorBuilder()
                        .addParameter(ClassName.get(Long.class), "id")
                        .addParameter(states, state)
                        .addParameter(TypeName.LONG, "version")
                        .addParameters(workflow.fields().stream()
                                .map(f -> ParameterSpec.builder(JavaTypes.of(f.type()), f.name()).build())
                                .toList())
                        .build())
                .addMethod(compactConstructor())
                .addMethods(factories());
        workflow.fields().stream()
                .filter(f -> f.presence() == Field.Presence.OPTIONAL)
                .forEach(f -> type.addMethod(wither(f)));
        workflow.transitions().forEach(t -> type.addMethod(transition(t)));
        if (workflow.fields().stream().anyMatch(ValueWriter::isArray)) {
            arrayMembers(type);
        }
        type.addMethod(require());
        return JavaTypes.file(workflow, type.build());
    }

    /** Refuses a value whose fields break its state's requirements. */
    private MethodSpec compactConstructor() {
        CodeBlock.Builder body = CodeBlock.builder()
                .addStatement("$T.requireNonNull($N, $S)", Objects.class, state, state);
        for (Field field : workflow.fields()) {
            if (field.presence() == Field.Presence.ALWAYS && !field.type().primitive()) {
                body.addStatement("require($N != null, $N, $S, $S)", field.name(), state, field.name(), "set");
            }
        }
        for (Field field : workflow.fields()) {
            if (isArray(field)) {
                // A record shares its arrays; the value keeps its own copy, so it stays immutable.
                body.addStatement("$N = $N == null ? null : $N.clone()", field.name(), field.name(), field.name());
            }
        }
        body.beginControlFlow("switch ($N)", state);
        for (State s : workflow.states()) {
            List<CodeBlock> rules = new ArrayList<>();
            for (Field field : workflow.fields()) {
                if (field.presence() != Field.Presence.ALWAYS && field.requiredIn(s.name())) {
                    rules.add(CodeBlock.of("require($N != null, $N, $S, $S);\n", field.name(), state, field.name(), "set"));
                } else if (field.nullIn(s.name())) {
                    rules.add(CodeBlock.of("require($N == null, $N, $S, $S);\n", field.name(), state, field.name(), "NULL"));
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
            factories.add(MethodSpec.methodBuilder(name)
                    .addJavadoc("A new {@code $L} in $L, not yet stored. Optional fields are set with their {@code with}\n",
                            workflow.simpleName(), s.name())
                    .addJavadoc("methods.\n")
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(value)
                    .addParameters(required.stream()
                            .map(f -> ParameterSpec.builder(JavaTypes.of(f.type()), f.name()).build()).toList())
                    .addStatement("return $L", construct(CodeBlock.of("null"), CodeBlock.of("$T.$L", states, s.name()),
                            CodeBlock.of("0L"), arguments))
                    .build());
        }
        return factories;
    }

    /** {@code withNotes(...)} for a field optional in every state: editable whatever the state. */
    private MethodSpec wither(Field field) {
        List<CodeBlock> arguments = new ArrayList<>();
        for (Field f : workflow.fields()) {
            arguments.add(CodeBlock.of("$N", f.name()));
        }
        return MethodSpec.methodBuilder("with" + Character.toUpperCase(field.name().charAt(0)) + field.name().substring(1))
                .addJavadoc("This value with {@code $L} replaced; optional in every state.\n", field.name())
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(JavaTypes.of(field.type()), field.name())
                .addStatement("return $L", construct(CodeBlock.of("id"), CodeBlock.of("$N", state), CodeBlock.of("version"),
                        arguments))
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
        if (!transition.javadoc().isEmpty()) {
            method.addJavadoc("$L\n\n", transition.javadoc());
        }
        method.addJavadoc("@throws $T unless this value is in $L\n", ClassName.get(RUNTIME, "IllegalTransitionException"),
                String.join(" or ", transition.from()));
        if (guarded(workflow, transition)) {
            method.addJavadoc("@throws $T when a guard refuses\n", ClassName.get(RUNTIME, "GuardRefusedException"));
        }

        CodeBlock sourceStates = CodeBlock.join(transition.from().stream()
                .map(s -> CodeBlock.of("$N != $T.$L", state, states, s)).toList(), " && ");
        method.beginControlFlow("if ($L)", sourceStates)
                .addStatement("throw new $T($S, id, $S, $N.name(), $T.of($L))",
                        ClassName.get(RUNTIME, "IllegalTransitionException"), workflow.simpleName(), name, state,
                        List.class, CodeBlock.join(transition.from().stream().map(s -> CodeBlock.of("$S", s)).toList(), ", "))
                .endControlFlow();
        for (Parameter parameter : transition.parameters()) {
            boolean required = workflow.field(parameter.name()).map(f -> f.requiredIn(transition.to())).orElse(false);
            if (required && !parameter.type().primitive()) {
                method.addStatement("$T.requireNonNull($N, $S)", Objects.class, parameter.name(), parameter.name());
            }
        }
        for (Field field : checkedAtRunTime(workflow, transition)) {
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
            if (transition.sets(field.name())) {
                next.add(CodeBlock.of("$N", field.name()));
            } else if (transition.clears(field)) {
                next.add(CodeBlock.of("null"));
            } else {
                next.add(CodeBlock.of("$N", field.name()));
            }
        }
        return method.addStatement("return $L", construct(CodeBlock.of("id"),
                        CodeBlock.of("$T.$L", states, transition.to()), CodeBlock.of("version"), next))
                .build();
    }

    /** {@code new TaskValue(id, state, version, fields...)}. */
    private CodeBlock construct(CodeBlock id, CodeBlock stateValue, CodeBlock version, List<CodeBlock> fields) {
        List<CodeBlock> arguments = new ArrayList<>(List.of(id, stateValue, version));
        arguments.addAll(fields);
        return CodeBlock.of("new $T($L)", value, CodeBlock.join(arguments, ", "));
    }

    /**
     * The target's required fields that the transition does not set and some source state does not
     * guarantee: the compiler let them through because they can be set while in the source state
     * (the requirement rule's third case), so whether they were is checked here.
     */
    /** Whether anything can refuse the transition besides its source state. */
    static boolean guarded(Workflow workflow, Transition transition) {
        return !checkedAtRunTime(workflow, transition).isEmpty()
                || workflow.guards().stream().anyMatch(g -> g.transitions().contains(transition.name()));
    }

    private static List<Field> checkedAtRunTime(Workflow workflow, Transition transition) {
        return workflow.fields().stream()
                .filter(f -> f.requiredIn(transition.to()) && !transition.sets(f.name()))
                .filter(f -> transition.from().stream().anyMatch(s -> !f.requiredIn(s)))
                .toList();
    }

    private static boolean isArray(Field field) {
        return field.type().javaName().endsWith("[]");
    }

    /** Accessors that copy, and equality, hash and text by the arrays' contents, as for any other field. */
    private void arrayMembers(TypeSpec.Builder type) {
        List<CodeBlock> equal = new ArrayList<>(List.of(
                CodeBlock.of("$T.equals(id, that.id)", Objects.class),
                CodeBlock.of("$N == that.$N", state, state),
                CodeBlock.of("version == that.version")));
        List<CodeBlock> hashed = new ArrayList<>(List.of(CodeBlock.of("id"), CodeBlock.of("$N", state),
                CodeBlock.of("version")));
        List<CodeBlock> shown = new ArrayList<>(List.of(CodeBlock.of("$S + id", "id="),
                CodeBlock.of("$S + $N", ", " + state + "=", state), CodeBlock.of("$S + version", ", version=")));
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

    private MethodSpec require() {
        return MethodSpec.methodBuilder("require")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(TypeName.BOOLEAN, "holds")
                .addParameter(states, state)
                .addParameter(String.class, "field")
                .addParameter(String.class, "rule")
                .beginControlFlow("if (!holds)")
                .addStatement("throw new $T($S + $N + $S + field + $S + rule)", IllegalArgumentException.class,
                        workflow.simpleName() + " in ", state, " needs ", " ")
                .endControlFlow()
                .build();
    }
}
