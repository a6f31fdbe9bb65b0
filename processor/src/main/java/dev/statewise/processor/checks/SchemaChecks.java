package dev.statewise.processor.checks;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules across workflows compiled together: the tables and indexes of all of them share one
 * schema, so no two may need the same name.
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
        return problems;
    }

    private record Owner(Workflow workflow, String role) {}

    /** The tables and indexes a workflow creates, by name, with what each is for. */
    static Map<String, String> relations(Workflow workflow) {
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
