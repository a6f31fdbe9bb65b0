package dev.statewise.processor.checks;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Location.Kind;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Invariant;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.rules.Expression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code @Invariant} beyond its expression, which the reader has checked: states that
 * exist, a name that makes a plain SQL name, no two rules with one constraint, and a warning for a
 * field the rule reads that may be NULL where it holds, since a CHECK lets NULL through. Sees the
 * model only.
 */
final class InvariantChecks {

    /** How {@link WorkflowChecks} checks a list of states named by an annotation attribute. */
    interface StateList {
        /** Reports what is wrong with the names; whether every one is a declared state. */
        boolean check(List<String> names, Location attribute, String description, String emptyFix);
    }

    private final Workflow workflow;
    private final StateList stateList;
    /** Fields whose state lists are reported already, so where they are required is a guess. */
    private final Set<String> fieldsWithBadStates;
    private final List<Problem> problems = new ArrayList<>();

    private InvariantChecks(Workflow workflow, StateList stateList, Set<String> fieldsWithBadStates) {
        this.workflow = workflow;
        this.stateList = stateList;
        this.fieldsWithBadStates = fieldsWithBadStates;
    }

    /** The problems of the workflow's rules, beside those {@code stateList} reports itself. */
    static List<Problem> check(Workflow workflow, StateList stateList, Set<String> fieldsWithBadStates) {
        InvariantChecks checks = new InvariantChecks(workflow, stateList, fieldsWithBadStates);
        Map<String, Invariant> owners = new HashMap<>();
        List<Invariant> invariants = workflow.invariants();
        for (int i = 0; i < invariants.size(); i++) {
            checks.check(invariants.get(i), Location.of(workflow.qualifiedName(), Kind.INVARIANT, Integer.toString(i)),
                    owners);
        }
        return List.copyOf(checks.problems);
    }

    private void check(Invariant invariant, Location at, Map<String, Invariant> owners) {
        String text = invariant.rule().text();
        boolean statesKnown = stateList.check(invariant.states(), at.at("Invariant", "in"),
                "@Invariant(\"" + text + "\")", "name the states where the rule holds, e.g. in = {\""
                        + String.join("\", \"", workflow.stateNames()) + "\"}");
        boolean named = true;
        if (!invariant.name().isEmpty() && !Naming.isPlainIdentifier(invariant.name())) {
            named = false;
            add(Message.INVALID_IDENTIFIER, at.at("Invariant", "name"), "@Invariant(name)", invariant.name());
        }
        if (named) {
            String constraint = Naming.ruleCheck(workflow, invariant);
            Invariant previous = owners.putIfAbsent(constraint, invariant);
            if (previous != null) {
                boolean sameRule = previous.rule().text().equals(text) && previous.states().equals(invariant.states());
                add(Message.INVARIANT_DUPLICATE_NAME, at.at("Invariant", invariant.name().isEmpty() ? "value" : "name"),
                        text, constraint, previous.rule().text(), sameRule ? "remove one of them"
                                : "give " + (invariant.name().isEmpty() ? "one of them a name = \"...\""
                                        : "one of them another name"));
            }
        }
        if (statesKnown) {
            warnOfNulls(invariant, at);
        }
    }

    /**
     * A field the rule reads, in a state it holds in where the field may be NULL, lets every row
     * with it NULL through; unless the rule tests the field for NULL itself, which says it means to.
     */
    private void warnOfNulls(Invariant invariant, Location at) {
        List<Field> tested = nullTested(invariant.rule().expression(), new ArrayList<>());
        for (Field field : invariant.rule().reads()) {
            if (tested.contains(field) || fieldsWithBadStates.contains(field.name())) {
                continue;
            }
            List<String> isNull = invariant.states().stream().filter(field::nullIn).toList();
            List<String> mayBeNull = invariant.states().stream()
                    .filter(s -> !field.requiredIn(s) && !field.nullIn(s)).toList();
            List<String> where = new ArrayList<>();
            List<String> fixes = new ArrayList<>();
            if (!isNull.isEmpty()) {
                where.add("is NULL in " + String.join(", ", isNull));
                fixes.add("if the rule is not meant for rows in " + String.join(", ", isNull) + ", remove "
                        + (isNull.size() == 1 ? "that state" : "those states") + " from in");
            }
            if (!mayBeNull.isEmpty()) {
                where.add("may be NULL in " + String.join(", ", mayBeNull));
                fixes.add("require the field in " + String.join(", ", mayBeNull) + ", or say in the rule what "
                        + "NULL means, e.g. " + field.name() + " is not null and (" + invariant.rule().text() + ")");
            }
            if (!where.isEmpty()) {
                add(Message.INVARIANT_NULLABLE_FIELD, at.at("Invariant", "value"), invariant.rule().text(),
                        field.name(), String.join(" and ", where), String.join("; ", fixes));
            }
        }
    }

    /** The fields the expression tests with {@code is null} or {@code is not null}. */
    private static List<Field> nullTested(Expression expression, List<Field> found) {
        if (expression instanceof Expression.NullTest test) {
            if (test.operand() instanceof Expression.Read read) {
                found.add(read.field());
            }
            nullTested(test.operand(), found);
        } else if (expression instanceof Expression.Not not) {
            nullTested(not.operand(), found);
        } else if (expression instanceof Expression.Logical logical) {
            logical.operands().forEach(o -> nullTested(o, found));
        } else if (expression instanceof Expression.Comparison comparison) {
            nullTested(comparison.left(), found);
            nullTested(comparison.right(), found);
        }
        return found;
    }

    private void add(Message message, Location location, Object... args) {
        problems.add(Problem.of(message, location, args));
    }
}
