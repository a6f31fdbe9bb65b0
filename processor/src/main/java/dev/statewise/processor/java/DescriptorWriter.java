package dev.statewise.processor.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.statewise.processor.model.Edge;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Invariant;
import dev.statewise.processor.model.Parameter;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.rules.RuleProbes;
import dev.statewise.processor.schema.Grants;
import dev.statewise.processor.schema.WorkflowSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * The machine as data, {@code TaskWorkflow.DESCRIPTOR}: states, edges and the fields each state
 * requires or forbids, with the names of the tables and constraints that store and guard them, for
 * tools, tests (the conformance check drives the schema from it alone) and the mapping of database
 * errors. Every name comes from {@link Naming}, so that nothing reading the descriptor rebuilds one.
 */
public final class DescriptorWriter {

    private static final String RUNTIME = "dev.statewise.runtime";
    private static final ClassName LIST = ClassName.get(List.class);

    private DescriptorWriter() {}

    public static JavaFile of(Workflow workflow) {
        WorkflowSchema schema = WorkflowSchema.of(workflow, Grants.NONE);
        CodeBlock descriptor = CodeBlock.builder()
                .add("new $T(\n$>$>", ClassName.get(RUNTIME, "WorkflowDescriptor"))
                .add("$S,\n$S,\n$S,\n$S,\n", workflow.simpleName(), workflow.table(), workflow.stateColumn(),
                        Naming.stateValuesCheck(workflow))
                .add("$S,\n$S,\n$S,\n", Naming.transitionTable(workflow), Naming.historyTable(workflow),
                        Naming.historyEntityColumn(workflow))
                .add(list(workflow.states(), s -> state(workflow, s)))
                .add(",\n")
                .add(list(workflow.edges(), DescriptorWriter::edge))
                .add(",\n")
                .add(list(workflow.fields(), f -> field(workflow, schema, f)))
                .add(",\n$S", schema.times().since())
                .add(workflow.hasTimeouts() ? CodeBlock.of(",\n$S,\n$S", schema.times().deadline().orElseThrow(),
                        schema.times().retryAt().orElseThrow()) : CodeBlock.of(",\nnull,\nnull"))
                .add(rules(workflow))
                .add(feed(workflow))
                .add(")$<$<")
                .build();
        TypeSpec type = TypeSpec.classBuilder(Naming.descriptorClass(workflow))
                .addJavadoc("The states, transitions and requirements of {@link $T}, as data.\n",
                        JavaTypes.workflow(workflow))
                .addAnnotation(JavaTypes.generated())
                .addAnnotation(JavaTypes.suppressWarnings())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addField(FieldSpec.builder(ClassName.get(RUNTIME, "WorkflowDescriptor"), "DESCRIPTOR",
                                Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .initializer(descriptor)
                        .build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .build();
        return JavaTypes.file(workflow, type);
    }

    private static CodeBlock state(Workflow workflow, State state) {
        CodeBlock head = CodeBlock.of("new $T($S, $L, $L, $L, $L, $L", ClassName.get(RUNTIME, "StateDescriptor"),
                state.name(), state.initial(), state.terminal(),
                strings(workflow.fields().stream().filter(f -> f.requiredIn(state.name())).map(Field::name).toList()),
                strings(workflow.fields().stream().filter(f -> f.nullIn(state.name())).map(Field::name).toList()),
                workflow.hasRule(state.name()) ? CodeBlock.of("$S", Naming.stateCheck(workflow, state.name())) : "null");
        return state.timeout().map(t -> CodeBlock.of("$L,\n$>$>new $T($S, $L, $L))$<$<", head,
                        ClassName.get(RUNTIME, "TimeoutDescriptor"), t.fire(),
                        t.after().map(after -> CodeBlock.of("$T.parse($S)", Duration.class, after.toString()))
                                .orElse(CodeBlock.of("null")),
                        t.at().map(at -> CodeBlock.of("$S", at)).orElse(CodeBlock.of("null"))))
                .orElse(CodeBlock.of("$L)", head));
    }

    private static CodeBlock edge(Edge edge) {
        return CodeBlock.of("new $T($S, $S, $S, $L)", ClassName.get(RUNTIME, "EdgeDescriptor"),
                edge.name(), edge.from(), edge.to(),
                strings(edge.transition().parameters().stream().map(Parameter::name).toList()));
    }

    private static CodeBlock field(Workflow workflow, WorkflowSchema schema, Field field) {
        ClassName descriptor = ClassName.get(RUNTIME, "FieldDescriptor");
        String columnType = schema.table().column(field.column()).type().toString();
        CodeBlock check = field.type().kind().hasOwnCheck()
                ? CodeBlock.of("$S", Naming.fieldCheck(workflow, field)) : CodeBlock.of("null");
        CodeBlock head = CodeBlock.of("new $T($S, $S, $T.class, $S, $L", descriptor, field.name(), field.column(),
                JavaTypes.of(field.type()), columnType, check);
        if (field.reference().isEmpty() && field.unique().isEmpty()) {
            return CodeBlock.of("$L, null, null)", head);
        }
        CodeBlock reference = field.reference()
                .map(r -> CodeBlock.of("new $T($T.DESCRIPTOR, $S)", descriptor.nestedClass("Reference"),
                        JavaTypes.descriptor(r), Naming.foreignKey(workflow, field)))
                .orElse(CodeBlock.of("null"));
        CodeBlock unique = field.unique()
                .map(u -> CodeBlock.of("new $T($L, $S)", descriptor.nestedClass("Unique"), strings(u.states()),
                        Naming.uniqueIndex(workflow, field)))
                .orElse(CodeBlock.of("null"));
        return CodeBlock.of("$L,\n$>$>$L,\n$L)$<$<", head, reference, unique);
    }

    /**
     * The rules between fields, after the fields, with the values the conformance check writes to
     * keep and to break each; nothing for a workflow without rules, whose descriptor reads as before.
     */
    private static CodeBlock rules(Workflow workflow) {
        if (workflow.invariants().isEmpty()) {
            return CodeBlock.of("");
        }
        RuleProbes probes = RuleProbes.of(workflow.invariants().stream().map(Invariant::rule).toList());
        return CodeBlock.of(",\n$L", list(workflow.invariants(), i -> rule(workflow, i, probes)));
    }

    /** The event feed's names, after the rules; nothing for a workflow without a feed. */
    private static CodeBlock feed(Workflow workflow) {
        if (!workflow.feed()) {
            return CodeBlock.of("");
        }
        CodeBlock noRules = workflow.invariants().isEmpty() ? CodeBlock.of(",\n$T.of()", List.class) : CodeBlock.of("");
        CodeBlock channel = workflow.notifies() ? CodeBlock.of(", $S", Naming.feedChannel(workflow)) : CodeBlock.of("");
        return CodeBlock.of("$L,\nnew $T($S, $S$L)", noRules, ClassName.get(RUNTIME, "FeedDescriptor"),
                Naming.feedPositionTable(workflow), Naming.stateFeedXid(workflow), channel);
    }

    private static CodeBlock rule(Workflow workflow, Invariant invariant, RuleProbes probes) {
        Map<Field, Object> satisfying = new LinkedHashMap<>();
        for (Field field : invariant.rule().reads()) {
            if (probes.satisfying().containsKey(field)) {
                satisfying.put(field, probes.satisfying().get(field));
            }
        }
        return CodeBlock.of("new $T(\n$>$>$L,\n$S,\n$L,\n$S,\n$L,\n$L,\n$L,\n$L)$<$<", ClassName.get(RUNTIME, "RuleDescriptor"),
                invariant.name().isEmpty() ? "null" : CodeBlock.of("$S", invariant.name()),
                Naming.ruleCheck(workflow, invariant), strings(invariant.states()), invariant.rule().text(),
                invariant.message().isEmpty() ? "null" : CodeBlock.of("$S", invariant.message()),
                strings(invariant.rule().reads().stream().map(Field::name).toList()),
                values(satisfying),
                values(probes.breaking(invariant.rule())));
    }

    /** {@code Map.of("amount", "1", ...)}: each field by name, its value as text. */
    private static CodeBlock values(Map<Field, Object> values) {
        List<CodeBlock> entries = values.entrySet().stream()
                .map(e -> CodeBlock.of("$T.entry($S, $S)", Map.class, e.getKey().name(), RuleProbes.text(e.getValue())))
                .toList();
        return CodeBlock.of("$T.ofEntries($L)", Map.class, CodeBlock.join(entries, ", "));
    }

    private static CodeBlock strings(List<String> values) {
        return CodeBlock.of("$T.of($L)", LIST,
                CodeBlock.join(values.stream().map(v -> CodeBlock.of("$S", v)).toList(), ", "));
    }

    private static <T> CodeBlock list(List<T> items, Function<T, CodeBlock> element) {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.of(", LIST);
        if (!items.isEmpty()) {
            code.add("\n$>");
            for (int i = 0; i < items.size(); i++) {
                code.add(element.apply(items.get(i))).add(i + 1 < items.size() ? ",\n" : "");
            }
            code.add("$<");
        }
        return code.add(")").build();
    }
}
