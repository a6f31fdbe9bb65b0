package dev.statewise.processor.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Transition;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.runtime.Columns.History;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * The repository of a workflow, {@code TaskRepository}, over a jOOQ {@code DSLContext}: create,
 * find, query and count by any condition, history, one method per transition, and the mapping from
 * a row to the value for the caller's own queries. A transition runs the
 * value's checks in memory, then one compare-and-set UPDATE on id, state and version that carries
 * the transition's name, actor and reason, from which the table's trigger writes the history row.
 */
public final class RepositoryWriter {

    private static final String RUNTIME = "dev.statewise.runtime";
    private static final ClassName DSL_CONTEXT = ClassName.get("org.jooq", "DSLContext");
    private static final ClassName DSL = ClassName.get("org.jooq.impl", "DSL");
    private static final ClassName SORT_FIELD = ClassName.get("org.jooq", "SortField");
    private static final ClassName CONDITION = ClassName.get("org.jooq", "Condition");
    private static final ClassName FIELD = ClassName.get("org.jooq", "Field");
    private static final ClassName JOOQ_RECORD = ClassName.get("org.jooq", "Record");
    private static final TypeName ANY_SORT_FIELD = ParameterizedTypeName.get(SORT_FIELD,
            WildcardTypeName.subtypeOf(Object.class));
    private static final ClassName UPDATE_STEP = ClassName.get("org.jooq", "UpdateSetMoreStep");
    private static final ClassName AUDIT = ClassName.get(RUNTIME, "Audit");
    private static final ClassName HISTORY_ENTRY = ClassName.get(RUNTIME, "HistoryEntry");
    private static final ClassName TIMEOUTS = ClassName.get(RUNTIME, "Timeouts");
    private static final ClassName FIRED_TIMEOUTS = ClassName.get(RUNTIME, "FiredTimeouts");

    private final Workflow workflow;
    private final ClassName value;
    private final ClassName states;
    private final ClassName tables;
    private final ClassName record;
    private final String table;
    private final String history;
    private final String state;

    private RepositoryWriter(Workflow workflow, String jooqPackage) {
        this.workflow = workflow;
        this.value = JavaTypes.value(workflow);
        this.states = JavaTypes.states(workflow);
        this.tables = JavaTypes.named(Naming.jooqTables(jooqPackage));
        this.record = JavaTypes.named(Naming.jooqRecordClass(jooqPackage, workflow.table()));
        this.table = Naming.jooqConstant(workflow.table());
        this.history = Naming.jooqConstant(Naming.historyTable(workflow));
        this.state = Naming.stateAccessor(workflow);
    }

    public static JavaFile of(Workflow workflow, String jooqPackage) {
        return new RepositoryWriter(workflow, jooqPackage).write();
    }

    /** {@code Tables.TASK.START_DATE}. */
    private CodeBlock column(String column) {
        return CodeBlock.of("$T.$L.$L", tables, table, Naming.jooqColumnConstant(workflow.table(), column));
    }

    private CodeBlock historyColumn(String column) {
        return CodeBlock.of("$T.$L.$L", tables, history,
                Naming.jooqColumnConstant(Naming.historyTable(workflow), column));
    }

    private JavaFile write() {
        TypeSpec.Builder type = TypeSpec.classBuilder(JavaTypes.repository(workflow))
                .addJavadoc("Stores {@link $T} in table {@code $L} through jOOQ.\n", JavaTypes.workflow(workflow),
                        workflow.table())
                .addJavadoc("\n<p>Each transition is one statement: an UPDATE that compares id, state and version,\n")
                .addJavadoc("and whose trigger writes the history row. Transactions are the caller's: the repository\n")
                .addJavadoc("never commits, so it works inside {@code dsl.transaction(...)} as with connections a\n")
                .addJavadoc("framework manages. On failure it throws a {@link $T} and writes nothing.\n",
                        ClassName.get(RUNTIME, "StatewiseException"))
                .addAnnotation(JavaTypes.generated())
                .addAnnotation(JavaTypes.suppressWarnings())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addField(FieldSpec.builder(DSL_CONTEXT, "dsl", Modifier.PRIVATE, Modifier.FINAL).build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(DSL_CONTEXT, "dsl")
                        .addStatement("this.dsl = $T.requireNonNull(dsl, $S)", Objects.class, "dsl")
                        .build());
        creates().forEach(type::addMethod);
        type.addMethod(createDraftWithoutAudit());
        type.addMethod(createDraft());
        type.addMethod(find());
        type.addMethod(get());
        type.addMethod(findAll());
        type.addMethod(findPage());
        type.addMethod(findAfter());
        type.addMethod(findByState());
        type.addMethod(count());
        type.addMethod(countBy());
        type.addMethod(countByState());
        type.addMethod(history());
        type.addMethod(valueOf());
        for (Transition transition : workflow.transitions()) {
            type.addMethod(transitionWithoutAudit(transition));
            type.addMethod(transition(transition));
        }
        if (workflow.hasTimeouts()) {
            type.addSuperinterface(TIMEOUTS);
            type.addMethod(workflowName());
            type.addMethod(fireDueTimeouts());
        }
        type.addMethod(store());
        type.addMethod(missingOrStale());
        type.addMethod(translated());
        type.addMethod(transitionFailure());
        type.addMethod(ordered());
        type.addMethod(key());
        return JavaTypes.file(workflow, type.build());
    }

    private List<MethodSpec> creates() {
        List<MethodSpec> creates = new ArrayList<>();
        List<State> initial = workflow.initialStates();
        for (State s : initial) {
            String factory = Naming.factory(workflow, s.name());
            List<Field> required = workflow.fields().stream().filter(f -> f.requiredIn(s.name())).toList();
            creates.add(MethodSpec.methodBuilder(factory)
                    .addJavadoc("Stores a new {@code $L} in $L and returns it with its id and version.\n",
                            workflow.simpleName(), s.name())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(value)
                    .addParameters(parameters(required))
                    .addStatement("return create($T.$L($L))", value, factory,
                            CodeBlock.join(required.stream().map(f -> CodeBlock.of("$N", f.name())).toList(), ", "))
                    .build());
        }
        return creates;
    }

    private MethodSpec createDraftWithoutAudit() {
        return MethodSpec.methodBuilder("create")
                .addJavadoc("Stores a new value with no actor or reason recorded; see the overload with an {@link $T}.\n",
                        AUDIT)
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(value, "draft")
                .addStatement("return create(draft, $T.NONE)", AUDIT)
                .build();
    }

    private MethodSpec createDraft() {
        CodeBlock.Builder insert = CodeBlock.builder()
                .add("$T row = dsl.insertInto($T.$L)\n$>$>", record, tables, table)
                .add(".set($L, draft.$N())\n", column(workflow.stateColumn()), state);
        for (Field field : workflow.fields()) {
            insert.add(".set($L, draft.$N())\n", column(field.column()), field.name());
        }
        insert.add(".set($L, audit.actor())\n", column(Naming.TRANSITION_ACTOR))
                .add(".set($L, audit.reason())\n", column(Naming.TRANSITION_REASON))
                .add(".returning()\n.fetchOne();\n$<$<");
        return MethodSpec.methodBuilder("create")
                .addJavadoc("Stores a new value, made with {@link $T#$L}, and returns it with its id and version.\n",
                        value, Naming.factory(workflow, workflow.initialStates().get(0).name()))
                .addJavadoc("\n@param audit who creates it and why, recorded by the database in $L and $L\n",
                        Naming.CREATED_BY, Naming.CREATED_REASON)
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(value, "draft")
                .addParameter(AUDIT, "audit")
                .addStatement("$T.requireNonNull(audit, $S)", Objects.class, "audit")
                .beginControlFlow("if (draft.id() != null)")
                .addStatement("throw new $T($S + draft.id() + $S)", IllegalArgumentException.class,
                        workflow.simpleName() + " ", " is stored already")
                .endControlFlow()
                .addCode(draftRules())
                .addStatement("draft.checked($S)", "create")
                .beginControlFlow("try")
                .addCode(insert.build())
                .addStatement("return value(row)")
                .nextControlFlow("catch ($T e)", RuntimeException.class)
                .addStatement("throw translated(e, null)")
                .endControlFlow()
                .build();
    }

    /**
     * A new row starts in an initial state with the fields that state requires, plus the optional
     * ones: nothing that a transition is meant to set.
     */
    private CodeBlock draftRules() {
        List<String> initial = workflow.initialStates().stream().map(State::name).toList();
        CodeBlock.Builder rules = CodeBlock.builder();
        CodeBlock notInitial = CodeBlock.join(initial.stream()
                .map(s -> CodeBlock.of("draft.$N() != $T.$L", state, states, s)).toList(), " && ");
        rules.beginControlFlow("if ($L)", notInitial)
                .addStatement("throw new $T($S + draft.$N())", IllegalArgumentException.class,
                        "a new " + workflow.simpleName() + " starts in " + String.join(" or ", initial) + ", not in ",
                        state)
                .endControlFlow();
        for (Field field : workflow.fields()) {
            if (field.presence() == Field.Presence.OPTIONAL || field.type().primitive()
                    || initial.stream().allMatch(field::requiredIn)) {
                continue;
            }
            CodeBlock setInvalidly = initial.stream().anyMatch(field::requiredIn)
                    ? CodeBlock.of("draft.$N() != null && $L", field.name(), CodeBlock.join(initial.stream()
                            .filter(field::requiredIn).map(s -> CodeBlock.of("draft.$N() != $T.$L", state, states, s))
                            .toList(), " && "))
                    : CodeBlock.of("draft.$N() != null", field.name());
            rules.beginControlFlow("if ($L)", setInvalidly)
                    .addStatement("throw new $T($S)", IllegalArgumentException.class,
                            "a new " + workflow.simpleName() + " cannot have " + field.name()
                                    + ": a transition sets it")
                    .endControlFlow();
        }
        return rules.build();
    }

    private MethodSpec find() {
        return MethodSpec.methodBuilder("find")
                .addJavadoc("The row with this id, if there is one.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(Optional.class), value))
                .addParameter(TypeName.LONG, "id")
                .addStatement("return dsl.selectFrom($T.$L).where($L.eq(id)).fetchOptional().map(this::value)",
                        tables, table, column(Naming.ID))
                .build();
    }

    private MethodSpec get() {
        return MethodSpec.methodBuilder("get")
                .addJavadoc("The row with this id.\n\n@throws $T when there is no such row\n",
                        ClassName.get(RUNTIME, "NotFoundException"))
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(TypeName.LONG, "id")
                .addStatement("return find(id).orElseThrow(() -> new $T($S, id))",
                        ClassName.get(RUNTIME, "NotFoundException"), workflow.simpleName())
                .build();
    }

    private MethodSpec findByState() {
        return MethodSpec.methodBuilder("findByState")
                .addJavadoc("One page of the rows in a state, in the given order, then by id.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), value))
                .addParameter(states, state)
                .addParameter(TypeName.INT, "offset")
                .addParameter(TypeName.INT, "limit")
                .addParameter(ArrayTypeName.of(ANY_SORT_FIELD), "orderBy")
                .varargs()
                .addStatement("return find($L.eq($N), offset, limit, orderBy)", column(workflow.stateColumn()), state)
                .build();
    }

    private MethodSpec findAll() {
        return MethodSpec.methodBuilder("find")
                .addJavadoc("Every row that meets the condition, in the given order, then by id. For a queue or a\n")
                .addJavadoc("report whose size is known; page a longer one with {@link #findAfter}.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), value))
                .addParameter(CONDITION, "condition")
                .addParameter(ArrayTypeName.of(ANY_SORT_FIELD), "orderBy")
                .varargs()
                .addStatement("return dsl.selectFrom($T.$L)\n.where(condition)\n.orderBy(ordered(orderBy))\n"
                                + ".fetch(this::value)", tables, table)
                .build();
    }

    private MethodSpec findPage() {
        return MethodSpec.methodBuilder("find")
                .addJavadoc("One page of the rows that meet the condition, in the given order, then by id, skipping\n")
                .addJavadoc("{@code offset} rows. The database still reads the rows it skips, so a deep page costs more\n")
                .addJavadoc("than the first; {@link #findAfter} does not.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), value))
                .addParameter(CONDITION, "condition")
                .addParameter(TypeName.INT, "offset")
                .addParameter(TypeName.INT, "limit")
                .addParameter(ArrayTypeName.of(ANY_SORT_FIELD), "orderBy")
                .varargs()
                .addStatement("return dsl.selectFrom($T.$L)\n.where(condition)\n.orderBy(ordered(orderBy))\n"
                                + ".offset(offset)\n.limit(limit)\n.fetch(this::value)", tables, table)
                .build();
    }

    private MethodSpec findAfter() {
        return MethodSpec.methodBuilder("findAfter")
                .addJavadoc("The page that follows {@code last}, the last value of the previous page, in the same\n")
                .addJavadoc("order (keyset paging, jOOQ's {@code seek}): the rows that meet the condition and sort after\n")
                .addJavadoc("it, then by id, at most {@code limit} of them. A page costs the same however deep it is, and\n")
                .addJavadoc("starts where the previous one ended, whatever was added before it meanwhile. Start with\n")
                .addJavadoc("{@code find(condition, 0, limit, orderBy)}.\n")
                .addJavadoc("\n<p>The order may use the columns no row leaves NULL: the id, the state, the version and the\n")
                .addJavadoc("fields every state requires. PostgreSQL compares nothing with a NULL, so a seek by a column\n")
                .addJavadoc("that may hold one would skip the rows that do. For another order, such as a field some state\n")
                .addJavadoc("leaves NULL or {@code updated_at}, page with jOOQ's own {@code seek} and map the rows with\n")
                .addJavadoc("{@link #value}.\n")
                .addJavadoc("\n@throws $T when the order uses another column, or {@code last} was never stored\n",
                        IllegalArgumentException.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), value))
                .addParameter(value, "last")
                .addParameter(CONDITION, "condition")
                .addParameter(TypeName.INT, "limit")
                .addParameter(ArrayTypeName.of(ANY_SORT_FIELD), "orderBy")
                .varargs()
                .addStatement("$T<$T> order = ordered(orderBy)", List.class, ANY_SORT_FIELD)
                .addStatement("$T[] keys = new $T[order.size()]", Object.class, Object.class)
                .beginControlFlow("for (int i = 0; i < keys.length; i++)")
                .addStatement("keys[i] = key(last, order.get(i).$$field())")
                .endControlFlow()
                .addStatement("return dsl.selectFrom($T.$L)\n.where(condition)\n.orderBy(order)\n.seek(keys)\n"
                                + ".limit(limit)\n.fetch(this::value)", tables, table)
                .build();
    }

    private MethodSpec count() {
        return MethodSpec.methodBuilder("count")
                .addJavadoc("How many rows meet the condition.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.LONG)
                .addParameter(CONDITION, "condition")
                .addStatement("return dsl.select($T.count()).from($T.$L).where(condition).fetchSingle().value1().longValue()",
                        DSL, tables, table)
                .build();
    }

    private MethodSpec countBy() {
        TypeVariableName t = TypeVariableName.get("T");
        return MethodSpec.methodBuilder("countBy")
                .addJavadoc("How many rows meet the condition, for each value of a column or expression, in its order;\n")
                .addJavadoc("values no row has are left out, and rows where it is NULL count under a null key.\n")
                .addModifiers(Modifier.PUBLIC)
                .addTypeVariable(t)
                .returns(ParameterizedTypeName.get(ClassName.get(Map.class), t, ClassName.get(Long.class)))
                .addParameter(ParameterizedTypeName.get(FIELD, t), "group")
                .addParameter(CONDITION, "condition")
                .addStatement("$T<$T, $T> counts = new $T<>()", Map.class, t, Long.class, LinkedHashMap.class)
                .addStatement("dsl.select(group, $T.count()).from($T.$L).where(condition).groupBy(group).orderBy(group)\n"
                                + ".forEach(r -> counts.put(r.value1(), r.value2().longValue()))",
                        DSL, tables, table)
                .addStatement("return counts")
                .build();
    }

    private MethodSpec countByState() {
        return MethodSpec.methodBuilder("countByState")
                .addJavadoc("How many rows are in each state, every state included.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(Map.class), states, ClassName.get(Long.class)))
                .addStatement("$T<$T, $T> counts = new $T<>($T.class)", Map.class, states, Long.class,
                        EnumMap.class, states)
                .beginControlFlow("for ($T s : $T.values())", states, states)
                .addStatement("counts.put(s, 0L)")
                .endControlFlow()
                .addStatement("dsl.select($L, $T.count()).from($T.$L).groupBy($L)\n"
                                + ".forEach(r -> counts.put(r.value1(), r.value2().longValue()))",
                        column(workflow.stateColumn()), DSL, tables, table, column(workflow.stateColumn()))
                .addStatement("return counts")
                .build();
    }

    private MethodSpec history() {
        String entity = Naming.historyEntityColumn(workflow);
        return MethodSpec.methodBuilder("history")
                .addJavadoc("The state changes of a row, oldest first.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), HISTORY_ENTRY))
                .addParameter(TypeName.LONG, "id")
                .addStatement("return dsl.selectFrom($T.$L)\n.where($L.eq(id))\n.orderBy($L)\n"
                                + ".fetch(r -> new $T(\n$>r.get($L),\nr.get($L),\nr.get($L),\nr.get($L).name(),\n"
                                + "r.get($L).name(),\nr.get($L),\nr.get($L),\nr.get($L),\nr.get($L)))$<",
                        tables, history, historyColumn(entity), historyColumn(Naming.ID), HISTORY_ENTRY,
                        historyColumn(Naming.ID), historyColumn(entity), historyColumn(History.TRANSITION),
                        historyColumn(History.FROM_STATE), historyColumn(History.TO_STATE),
                        historyColumn(History.ACTOR), historyColumn(History.REASON),
                        historyColumn(History.LOGIN_ROLE), historyColumn(History.OCCURRED_AT))
                .build();
    }

    private List<ParameterSpec> parameters(List<Field> fields) {
        return fields.stream().map(f -> ParameterSpec.builder(JavaTypes.of(f.type()), f.name()).build()).toList();
    }

    private List<ParameterSpec> parametersOf(Transition transition) {
        return transition.parameters().stream()
                .map(p -> ParameterSpec.builder(JavaTypes.of(p.type()), p.name()).build()).toList();
    }

    private CodeBlock argumentsOf(Transition transition) {
        return CodeBlock.join(transition.parameters().stream().map(p -> CodeBlock.of("$N", p.name())).toList(), ", ");
    }

    /** A name for a generated parameter or local that no parameter of the transition takes. */
    private static String free(String name, Transition transition) {
        String free = name;
        while (transition.sets(free)) {
            free = free + "_";
        }
        return free;
    }

    private MethodSpec transitionWithoutAudit(Transition transition) {
        String current = free("current", transition);
        CodeBlock arguments = argumentsOf(transition);
        return MethodSpec.methodBuilder(transition.name())
                .addJavadoc("Takes {@code $L} with no actor or reason recorded; see the overload with an {@link $T}.\n",
                        transition.name(), AUDIT)
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(value, current)
                .addParameters(parametersOf(transition))
                .addStatement("return $N($N$L$L, $T.NONE)", transition.name(), current,
                        arguments.isEmpty() ? "" : ", ", arguments, AUDIT)
                .build();
    }

    private MethodSpec transition(Transition transition) {
        String current = free("current", transition);
        String audit = free("audit", transition);
        String next = free("next", transition);
        CodeBlock.Builder update = CodeBlock.builder()
                .add("this.dsl.update($T.$L)\n.set($L, $N.$N())", tables, table, column(workflow.stateColumn()), next,
                        state);
        for (Field field : workflow.fields()) {
            update.add("\n.set($L, $N.$N())", column(field.column()), next, field.name());
        }
        CodeBlock arguments = argumentsOf(transition);
        MethodSpec.Builder method = MethodSpec.methodBuilder(transition.name())
                .addJavadoc("Takes {@code $L} ($L -> $L) from the current value and stores the value it leads to,\n",
                        transition.name(), String.join(", ", transition.from()), transition.to())
                .addJavadoc("in one statement.\n")
                .addJavadoc("\n@param $N the value as read; the row must still be in that state and version\n", current)
                .addJavadoc("@param $N who takes the transition and why, recorded in the history\n", audit)
                .addJavadoc("@return the stored value, with its new version\n")
                .addJavadoc("@throws $T from the wrong state\n", ClassName.get(RUNTIME, "IllegalTransitionException"));
        if (ValueWriter.guarded(workflow, transition)) {
            method.addJavadoc("@throws $T when a guard refuses\n", ClassName.get(RUNTIME, "GuardRefusedException"));
        }
        return method
                .addJavadoc("@throws $T when the row moved or changed since it was read\n",
                        ClassName.get(RUNTIME, "StaleException"))
                .addJavadoc("@throws $T when the row is gone\n", ClassName.get(RUNTIME, "NotFoundException"))
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(value, current)
                .addParameters(parametersOf(transition))
                .addParameter(AUDIT, audit)
                .addStatement("$T $N = $N.$N($L)", value, next, current, transition.name(), arguments)
                .addStatement("return store($N, $S, $N, $L)", current, transition.name(), audit, update.build())
                .build();
    }

    private MethodSpec store() {
        TypeName update = ParameterizedTypeName.get(UPDATE_STEP, record);
        return MethodSpec.methodBuilder("store")
                .addModifiers(Modifier.PRIVATE)
                .returns(value)
                .addParameter(value, "current")
                .addParameter(String.class, "transition")
                .addParameter(AUDIT, "audit")
                .addParameter(update, "update")
                .beginControlFlow("if (current.id() == null)")
                .addStatement("throw new $T($S + transition + $S)", IllegalArgumentException.class,
                        "a " + workflow.simpleName() + " must be stored before it takes ", ", see create")
                .endControlFlow()
                .beginControlFlow("try")
                .addStatement("$T row = update\n.set($L, transition)\n.set($L, audit.actor())\n"
                                + ".set($L, audit.reason())\n.where($L.eq(current.id()), $L.eq(current.$N()), "
                                + "$L.eq(current.version()))\n.returning()\n.fetchOne()",
                        record, column(Naming.TRANSITION), column(Naming.TRANSITION_ACTOR),
                        column(Naming.TRANSITION_REASON), column(Naming.ID), column(workflow.stateColumn()), state,
                        column(Naming.VERSION))
                .beginControlFlow("if (row == null)")
                .addStatement("throw missingOrStale(current)")
                .endControlFlow()
                .addStatement("return value(row)")
                .nextControlFlow("catch ($T e)", RuntimeException.class)
                .addStatement("throw transitionFailure(e, current)")
                .endControlFlow()
                .build();
    }

    /** Only when the compare-and-set matched no row: a second look tells gone from moved. */
    private MethodSpec missingOrStale() {
        return MethodSpec.methodBuilder("missingOrStale")
                .addModifiers(Modifier.PRIVATE)
                .returns(ClassName.get(RUNTIME, "StatewiseException"))
                .addParameter(value, "current")
                .addStatement("var actual = dsl.select($L, $L).from($T.$L).where($L.eq(current.id())).fetchOne()",
                        column(workflow.stateColumn()), column(Naming.VERSION), tables, table, column(Naming.ID))
                .beginControlFlow("if (actual == null)")
                .addStatement("return new $T($S, current.id())", ClassName.get(RUNTIME, "NotFoundException"),
                        workflow.simpleName())
                .endControlFlow()
                .addStatement("return new $T($S, current.id(), current.$N().name(), current.version(),\n"
                                + "actual.value1().name(), actual.value2())",
                        ClassName.get(RUNTIME, "StaleException"), workflow.simpleName(), state)
                .build();
    }

    private MethodSpec translated() {
        return MethodSpec.methodBuilder("translated")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(RuntimeException.class)
                .addParameter(RuntimeException.class, "e")
                .addParameter(ClassName.get(Long.class), "id")
                .addStatement("$T translated = $T.translate(e, $T.DESCRIPTOR, id)",
                        ClassName.get(RUNTIME, "StatewiseException"), ClassName.get(RUNTIME, "Failures"),
                        JavaTypes.descriptor(workflow))
                .addStatement("return translated != null ? translated : e")
                .build();
    }

    /**
     * A transition's failure. A serialization failure is the compare-and-set's own failure under
     * {@code REPEATABLE READ}: the row is stale, and only here is known what it was read as.
     */
    private MethodSpec transitionFailure() {
        return MethodSpec.methodBuilder("transitionFailure")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(RuntimeException.class)
                .addParameter(RuntimeException.class, "e")
                .addParameter(value, "current")
                .beginControlFlow("if ($T.isSerializationFailure(e))", ClassName.get(RUNTIME, "Failures"))
                .addStatement("return new $T($S, current.id(), current.$N().name(), current.version(), e)",
                        ClassName.get(RUNTIME, "StaleException"), workflow.simpleName(), state)
                .endControlFlow()
                .addStatement("return translated(e, current.id())")
                .build();
    }

    /**
     * {@code value(Record)}: the {@code RecordMapper} of the workflow's rows. It takes any record
     * that holds the table's columns, a join's included, and never refuses what the row holds.
     */
    private MethodSpec valueOf() {
        List<CodeBlock> arguments = new ArrayList<>();
        arguments.add(CodeBlock.of("row.get($L)", column(Naming.ID)));
        arguments.add(CodeBlock.of("row.get($L)", column(workflow.stateColumn())));
        arguments.add(CodeBlock.of("row.get($L)", column(Naming.VERSION)));
        arguments.add(CodeBlock.of("row.get($L)", column(Naming.stateSince(workflow))));
        for (Field field : workflow.fields()) {
            arguments.add(CodeBlock.of("row.get($L)", column(field.column())));
        }
        return MethodSpec.methodBuilder("value")
                .addJavadoc("The value a row of {@code $L} holds, for a query of your own: a jOOQ {@code RecordMapper}.\n",
                        workflow.table())
                .addJavadoc("\n<pre>{@code\n")
                .addJavadoc("List<$T> values = dsl.selectFrom($T.$L).where(...).fetch($L::value);\n", value,
                        tables, table, variable())
                .addJavadoc("}</pre>\n")
                .addJavadoc("\n<p>The record may come from a join, as long as it has the columns of {@code $L}\n",
                        workflow.table())
                .addJavadoc("({@code select($T.$L.fields())}). The value is what the row holds: a row stored before a\n",
                        tables, table)
                .addJavadoc("rule of the workflow existed reads as it is, and a transition from it checks the rule.\n")
                .addJavadoc("\n@throws $T when the record lacks one of the table's columns\n",
                        IllegalArgumentException.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(value)
                .addParameter(JOOQ_RECORD, "row")
                .addStatement("return new $T(\n$L)", value, CodeBlock.join(arguments, ",\n"))
                .build();
    }

    private MethodSpec workflowName() {
        return MethodSpec.methodBuilder("workflow")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S", workflow.simpleName())
                .build();
    }

    /**
     * Claims the due rows, oldest deadline first, and fires each behind a savepoint: a firing that
     * fails is undone alone, and its row is tried again after as long as it has been overdue, at
     * least a minute and at most an hour, so that a row that keeps failing costs a query an hour.
     */
    private MethodSpec fireDueTimeouts() {
        String deadline = Naming.stateDeadline(workflow);
        String retryAt = Naming.stateRetryAt(workflow);
        CodeBlock.Builder transitions = CodeBlock.builder().beginControlFlow("switch (current.$N())", state);
        for (State s : workflow.timedStates()) {
            transitions.addStatement("case $L -> next = $N(current, audit)", s.name(), s.timeout().orElseThrow().fire());
        }
        transitions.addStatement("default -> throw new $T($S + current.$N())", IllegalStateException.class,
                workflow.simpleName() + " has no timeout in ", state).endControlFlow();
        CodeBlock fires = CodeBlock.builder()
                .add("$T.of(", Map.class)
                .add(CodeBlock.join(workflow.timedStates().stream().map(s -> CodeBlock.of("$T.$L, $S", states, s.name(),
                        s.timeout().orElseThrow().fire())).toList(), ", "))
                .add(")")
                .build();
        return MethodSpec.methodBuilder("fireDueTimeouts")
                .addJavadoc("Fires up to {@code limit} due timeouts in the caller's transaction, oldest deadline first:\n")
                .addJavadoc("$L.\n", String.join("; ", workflow.timedStates().stream()
                        .map(s -> s.name() + " fires " + s.timeout().orElseThrow().fire()).toList()))
                .addJavadoc("\n<p>Each takes its transition with its guards, recorded in the history with the actor\n")
                .addJavadoc("{@value $T#ACTOR}. Due rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of\n",
                        TIMEOUTS)
                .addJavadoc("workers may call this at once. A firing that fails is undone alone, behind a savepoint, and\n")
                .addJavadoc("its row is due again after as long as it has been overdue: at least a minute, at most an hour.\n")
                .addJavadoc("\n@throws $T outside a transaction, or if {@code limit} is less than 1\n",
                        IllegalStateException.class)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(FIRED_TIMEOUTS)
                .addParameter(TypeName.INT, "limit")
                .beginControlFlow("if (limit < 1)")
                .addStatement("throw new $T($S + limit)", IllegalArgumentException.class,
                        "fireDueTimeouts fires at least 1 timeout, not ")
                .endControlFlow()
                .beginControlFlow("if (dsl.connectionResult(c -> c.getAutoCommit()))")
                .addStatement("throw new $T($S)", IllegalStateException.class, "fireDueTimeouts runs in the caller's "
                        + "transaction, which holds the rows it claims: call it inside dsl.transaction(...)")
                .endControlFlow()
                .addStatement("$T<$T, String> fires = $L", Map.class, states, fires)
                .addStatement("$T<$T> due = dsl.selectFrom($T.$L)\n.where($L.le($T.currentInstant()))"
                                + "\n.and($L.isNull().or($L.le($T.currentInstant())))"
                                + "\n.orderBy($L, $L)\n.limit(limit)\n.forUpdate()\n.skipLocked()\n.fetch()",
                        List.class, record, tables, table, column(deadline), DSL, column(retryAt), column(retryAt), DSL,
                        column(deadline), column(Naming.ID))
                .addStatement("$T<$T.Fired> fired = new $T<>()", List.class, FIRED_TIMEOUTS, ArrayList.class)
                .addStatement("$T<$T.Failed> failed = new $T<>()", List.class, FIRED_TIMEOUTS, ArrayList.class)
                .beginControlFlow("for ($T row : due)", record)
                .addStatement("$T current = value(row)", value)
                .addStatement("$T audit = $T.by($T.ACTOR).because($S + row.get($L) + $S)", AUDIT, AUDIT, TIMEOUTS,
                        "deadline ", column(deadline), " passed")
                .addStatement("dsl.execute($S)", "SAVEPOINT statewise_timeout")
                .beginControlFlow("try")
                .addStatement("$T next", value)
                .addCode(transitions.build())
                .addStatement("dsl.execute($S)", "RELEASE SAVEPOINT statewise_timeout")
                .addStatement("fired.add(new $T.Fired(current.id(), fires.get(current.$N()), current.$N().name(), "
                        + "next.$N().name(), next.version()))", FIRED_TIMEOUTS, state, state, state)
                .nextControlFlow("catch ($T e)", RuntimeException.class)
                .addStatement("dsl.execute($S)", "ROLLBACK TO SAVEPOINT statewise_timeout")
                .addStatement("$T retryAt = dsl.update($T.$L)\n.set($L, $T.field($S, $T.class, $L))"
                                + "\n.where($L.eq(current.id()))\n.returning($L)\n.fetchOne($L)",
                        java.time.Instant.class, tables, table, column(retryAt), DSL,
                        "now() + least(greatest(now() - {0}, interval '1 minute'), interval '1 hour')",
                        java.time.Instant.class, column(deadline), column(Naming.ID), column(retryAt), column(retryAt))
                .addStatement("failed.add(new $T.Failed(current.id(), fires.get(current.$N()), current.$N().name(), e, "
                        + "retryAt))", FIRED_TIMEOUTS, state, state)
                .endControlFlow()
                .endControlFlow()
                .addStatement("return new $T($S, fired, failed)", FIRED_TIMEOUTS, workflow.simpleName())
                .build();
    }

    /** The caller's order, then the id, so that every row has one place in it. */
    private MethodSpec ordered() {
        return MethodSpec.methodBuilder("ordered")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), ANY_SORT_FIELD))
                .addParameter(ArrayTypeName.of(ANY_SORT_FIELD), "orderBy")
                .addStatement("$T<$T> order = new $T<>($T.asList(orderBy))", List.class, ANY_SORT_FIELD,
                        ArrayList.class, Arrays.class)
                .beginControlFlow("if (order.stream().noneMatch(s -> s.$$field().equals($L)))", column(Naming.ID))
                .addStatement("order.add($L.asc())", column(Naming.ID))
                .endControlFlow()
                .addStatement("return order")
                .build();
    }

    /** A key of the keyset: the value's own component for a column of the table it holds. */
    private MethodSpec key() {
        CodeBlock.Builder body = CodeBlock.builder();
        List<String[]> components = new ArrayList<>();
        components.add(new String[] {Naming.ID, "id"});
        components.add(new String[] {workflow.stateColumn(), state});
        components.add(new String[] {Naming.VERSION, "version"});
        // Only columns no row leaves NULL: PostgreSQL compares nothing with a NULL, so a seek past
        // a key would skip every row that has none.
        for (Field field : workflow.fields()) {
            if (field.presence() == Field.Presence.ALWAYS) {
                components.add(new String[] {field.column(), field.name()});
            }
        }
        body.addStatement("$T key = null", Object.class);
        for (int i = 0; i < components.size(); i++) {
            String[] component = components.get(i);
            if (i == 0) {
                body.beginControlFlow("if (column.equals($L))", column(component[0]));
            } else {
                body.nextControlFlow("else if (column.equals($L))", column(component[0]));
            }
            body.addStatement("key = value.$N()", component[1]);
        }
        body.nextControlFlow("else")
                .addStatement("throw new $T($S + column + $S)", IllegalArgumentException.class,
                        "findAfter seeks only by columns no row leaves NULL (the id, the state, the version and"
                                + " the fields every state requires), not by ",
                        ": a row with NULL there would be skipped; page with jOOQ's seek and map the rows with"
                                + " value(Record)")
                .endControlFlow()
                .beginControlFlow("if (key == null)")
                .addStatement("throw new $T($S + column + $S)", IllegalArgumentException.class,
                        "findAfter goes on from a value read from the database, whose ", " is not NULL")
                .endControlFlow()
                .addStatement("return key");
        return MethodSpec.methodBuilder("key")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(Object.class)
                .addParameter(value, "value")
                .addParameter(ParameterizedTypeName.get(FIELD, WildcardTypeName.subtypeOf(Object.class)), "column")
                .addCode(body.build())
                .build();
    }

    /** How the docs name the repository in an example: {@code tasks} for {@code TaskRepository}. */
    private String variable() {
        String name = workflow.simpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1) + "s";
    }
}
