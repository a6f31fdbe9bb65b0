package dev.statewise.processor.checks;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules across workflows compiled together: the tables and indexes of all of them share one
 * schema, so no two may need the same name; and their references may not form a cycle, since each
 * table must be created after the tables it references.
 */
public final class SchemaChecks {

    private SchemaChecks() {}

    /** Problems for workflows whose relation names are taken by one earlier in the list. */
    public static List<Problem> check(List<Workflow> workflows) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Owner> owners = new HashMap<>();
        for (Workflow workflow : workflows) {
            for (Map.Entry<String, String> relation : relations(workflow).entrySet()) {
                Owner previous = owners.putIfAbsent(relation.getKey(), new Owner(workflow, relation.getValue()));
                if (previous != null) {
                    // Same-named workflows in two packages are the likeliest clash; name them apart.
                    boolean sameSimpleName = workflow.simpleName().equals(previous.workflow().simpleName());
                    problems.add(Problem.of(Message.RELATION_CLASH,
                            Location.of(workflow.qualifiedName()).at("Workflow", "table"),
                            sameSimpleName ? workflow.qualifiedName() : workflow.simpleName(),
                            relation.getKey(), relation.getValue(),
                            sameSimpleName ? previous.workflow().qualifiedName()
                                    : previous.workflow().simpleName(),
                            previous.role()));
                    break;
                }
            }
        }
        problems.addAll(cycles(workflows));
        return problems;
    }

    /** A problem on each {@code @References} field that a chain of references leads back to its own workflow. */
    private static List<Problem> cycles(List<Workflow> workflows) {
        Map<String, Workflow> byName = new HashMap<>();
        workflows.forEach(w -> byName.put(w.qualifiedName(), w));
        List<Problem> problems = new ArrayList<>();
        for (Workflow workflow : workflows) {
            for (Field field : workflow.fields()) {
                if (field.reference().isEmpty()) {
                    continue;
                }
                List<String> path = pathBack(field.reference().get().workflow(), workflow.qualifiedName(), byName,
                        new ArrayList<>());
                if (path != null) {
                    List<String> cycle = new ArrayList<>();
                    cycle.add(workflow.simpleName());
                    path.forEach(name -> cycle.add(byName.get(name).simpleName()));
                    problems.add(Problem.of(Message.REFERENCE_CYCLE,
                            Location.of(workflow.qualifiedName(), Location.Kind.FIELD, field.name())
                                    .at("References", "value"),
                            field.name(), workflow.simpleName(), field.reference().get().simpleName(),
                            String.join(" -> ", cycle)));
                }
            }
        }
        return problems;
    }

    /** The workflows from {@code from} along references to {@code to}, both included; null when none leads there. */
    private static List<String> pathBack(String from, String to, Map<String, Workflow> byName, List<String> seen) {
        if (from.equals(to)) {
            return new ArrayList<>(List.of(to));
        }
        Workflow next = byName.get(from);
        if (next == null || seen.contains(from)) {
            return null;
        }
        seen.add(from);
        for (Field field : next.fields()) {
            if (field.reference().isPresent()) {
                List<String> rest = pathBack(field.reference().get().workflow(), to, byName, seen);
                if (rest != null) {
                    rest.add(0, from);
                    return rest;
                }
            }
        }
        return null;
    }

    private record Owner(Workflow workflow, String role) {}

    /** The tables and indexes a workflow creates, by name, with what each is for. */
    static Map<String, String> relations(Workflow workflow) {
        Map<String, String> relations = fixedRelations(workflow);
        for (Field field : workflow.fields()) {
            if (field.needsReferenceIndex()) {
                relations.put(Naming.referenceIndex(workflow, field), "index on " + field.name());
            }
            if (field.unique().isPresent()) {
                relations.put(Naming.uniqueIndex(workflow, field), "unique index on " + field.name());
            }
        }
        return relations;
    }

    /** The tables and indexes every workflow has, whatever its fields. */
    static Map<String, String> fixedRelations(Workflow workflow) {
        Map<String, String> relations = new LinkedHashMap<>();
        relations.put(workflow.table(), "table");
        relations.put(Naming.primaryKey(workflow.table()), "primary key");
        relations.put(Naming.transitionTable(workflow), "transition table");
        relations.put(Naming.primaryKey(Naming.transitionTable(workflow)), "transition table's primary key");
        relations.put(Naming.historyTable(workflow), "history table");
        relations.put(Naming.primaryKey(Naming.historyTable(workflow)), "history table's primary key");
        relations.put(Naming.stateIndex(workflow), "state index");
        relations.put(Naming.activeStateIndex(workflow), "active state index");
        relations.put(Naming.historyIndex(workflow), "history index");
        return relations;
    }
}
