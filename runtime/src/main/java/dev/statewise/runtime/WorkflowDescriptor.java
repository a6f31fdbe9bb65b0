package dev.statewise.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A workflow's state machine as data: its states and their rules, its edges and its fields, with
 * the SQL names that store them. Generated code holds one per workflow, for tools, tests and
 * {@link Failures}, which maps a database error back to the state and fields it concerns.
 *
 * <pre>{@code
 * WorkflowDescriptor task = TaskWorkflow.DESCRIPTOR;
 * List<String> next = task.edgesFrom("IN_REVIEW").stream().map(EdgeDescriptor::to).toList();
 * // [IN_PROGRESS, DONE, BLOCKED]
 * String history = task.historyTable();   // task_history, whose task_id names the row
 * }</pre>
 *
 * <p>Besides its fields and state column, every workflow table has the columns of
 * {@link Columns#ALL}, and its history table has those of {@link Columns.History} besides its
 * {@link #historyEntityColumn()} (see {@code docs/database.md}).
 *
 * <p>The names of constraints travel here as the schema has them, shortened where a name would
 * pass PostgreSQL's 63 bytes: {@link #stateColumnCheck()}, each state's
 * {@link StateDescriptor#constraint()}, each field's {@link FieldDescriptor#check()},
 * foreign key and unique index, and each rule's {@link RuleDescriptor#constraint()}. Nothing that
 * reads a descriptor derives a name of its own.
 *
 * <p>The constructor refuses a descriptor its lookups could not answer consistently: duplicate
 * states, fields or columns, an edge or rule naming an undeclared state or field, or two edges
 * of one transition from the same state.
 *
 * @param name the workflow's simple name, e.g. {@code Task}; failures use it in their messages
 * @param table the workflow's table, e.g. {@code task}
 * @param stateColumn the column holding the state, e.g. {@code status}
 * @param stateColumnCheck the CHECK that keeps the state column to the declared states, e.g.
 *     {@code task_status_check}
 * @param transitionTable the table with one row per declared edge, e.g. {@code task_transition}
 * @param historyTable the append-only table with one row per state change, e.g.
 *     {@code task_history}
 * @param historyEntityColumn the history table's column naming the row that changed, e.g.
 *     {@code task_id}
 * @param states the states, in declaration order
 * @param edges the edges, one per transition and {@code from} state, in declaration order
 * @param fields the fields, in declaration order
 * @param sinceColumn the column that holds when the row entered its state, e.g. {@code status_since}
 * @param deadlineColumn the column that holds the row's deadline, e.g. {@code status_deadline};
 *     {@code null} in a workflow without timeouts
 * @param retryAtColumn the column that holds when a failed timeout is tried again, e.g.
 *     {@code status_retry_at}; {@code null} in a workflow without timeouts
 * @param rules the rules between fields, from {@code @Invariant}, in declaration order
 * @param feed the names of the workflow's event feed; {@code null} in a workflow without one
 */
public record WorkflowDescriptor(
        String name,
        String table,
        String stateColumn,
        String stateColumnCheck,
        String transitionTable,
        String historyTable,
        String historyEntityColumn,
        List<StateDescriptor> states,
        List<EdgeDescriptor> edges,
        List<FieldDescriptor> fields,
        String sinceColumn,
        String deadlineColumn,
        String retryAtColumn,
        List<RuleDescriptor> rules,
        FeedDescriptor feed) {

    /** {@link Columns#ID}. */
    @Deprecated
    public static final String ID_COLUMN = Columns.ID;

    /** {@link Columns#VERSION}. */
    @Deprecated
    public static final String VERSION_COLUMN = Columns.VERSION;

    /** {@link Columns#TRANSITION}. */
    @Deprecated
    public static final String TRANSITION_COLUMN = Columns.TRANSITION;

    /** {@link Columns#TRANSITION_ACTOR}. */
    @Deprecated
    public static final String TRANSITION_ACTOR_COLUMN = Columns.TRANSITION_ACTOR;

    /** {@link Columns#TRANSITION_REASON}. */
    @Deprecated
    public static final String TRANSITION_REASON_COLUMN = Columns.TRANSITION_REASON;

    /** Checks the descriptor for consistency and copies the lists. */
    public WorkflowDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(stateColumn, "stateColumn");
        Objects.requireNonNull(stateColumnCheck, "stateColumnCheck");
        Objects.requireNonNull(transitionTable, "transitionTable");
        Objects.requireNonNull(historyTable, "historyTable");
        Objects.requireNonNull(historyEntityColumn, "historyEntityColumn");
        Objects.requireNonNull(sinceColumn, "sinceColumn");
        states = List.copyOf(states);
        edges = List.copyOf(edges);
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
        validate(name, stateColumnCheck, states, edges, fields, rules);
        boolean timed = states.stream().anyMatch(s -> s.timeout() != null);
        require(timed == (deadlineColumn != null) && timed == (retryAtColumn != null), name,
                timed ? "has timeouts and needs its deadline and retry columns" : "has no timeout to keep a deadline for");
    }

    /** A workflow without an event feed, as descriptors were before {@code @Workflow(events)}. */
    public WorkflowDescriptor(
            String name,
            String table,
            String stateColumn,
            String stateColumnCheck,
            String transitionTable,
            String historyTable,
            String historyEntityColumn,
            List<StateDescriptor> states,
            List<EdgeDescriptor> edges,
            List<FieldDescriptor> fields,
            String sinceColumn,
            String deadlineColumn,
            String retryAtColumn,
            List<RuleDescriptor> rules) {
        this(name, table, stateColumn, stateColumnCheck, transitionTable, historyTable, historyEntityColumn, states,
                edges, fields, sinceColumn, deadlineColumn, retryAtColumn, rules, null);
    }

    /** A workflow without rules between fields, as descriptors were before {@code @Invariant}. */
    public WorkflowDescriptor(
            String name,
            String table,
            String stateColumn,
            String stateColumnCheck,
            String transitionTable,
            String historyTable,
            String historyEntityColumn,
            List<StateDescriptor> states,
            List<EdgeDescriptor> edges,
            List<FieldDescriptor> fields,
            String sinceColumn,
            String deadlineColumn,
            String retryAtColumn) {
        this(name, table, stateColumn, stateColumnCheck, transitionTable, historyTable, historyEntityColumn, states,
                edges, fields, sinceColumn, deadlineColumn, retryAtColumn, List.of());
    }

    /**
     * A descriptor without timeouts, whose column of when a row entered its state takes
     * Statewise's name: {@code <stateColumn>_since}.
     */
    public WorkflowDescriptor(
            String name,
            String table,
            String stateColumn,
            String stateColumnCheck,
            String transitionTable,
            String historyTable,
            String historyEntityColumn,
            List<StateDescriptor> states,
            List<EdgeDescriptor> edges,
            List<FieldDescriptor> fields) {
        this(name, table, stateColumn, stateColumnCheck, transitionTable, historyTable, historyEntityColumn, states,
                edges, fields, Objects.requireNonNull(stateColumn, "stateColumn") + Columns.SINCE_SUFFIX, null, null);
    }

    /**
     * A descriptor written by hand, whose state column's check, transition and history tables take
     * Statewise's names: {@code <table>_<stateColumn>_check}, {@code <table>_transition},
     * {@code <table>_history} and {@code <table>_id}. Generated descriptors name them explicitly,
     * since Statewise shortens a name that would pass 63 bytes.
     *
     * <pre>{@code
     * new WorkflowDescriptor("Ticket", "ticket", "status", states, edges, fields);
     * }</pre>
     */
    public WorkflowDescriptor(
            String name,
            String table,
            String stateColumn,
            List<StateDescriptor> states,
            List<EdgeDescriptor> edges,
            List<FieldDescriptor> fields) {
        this(name, table, stateColumn,
                Objects.requireNonNull(table, "table") + "_" + Objects.requireNonNull(stateColumn, "stateColumn")
                        + "_check",
                table + "_transition", table + "_history", table + "_id", states, edges, fields);
    }

    /** The state with this name, if the workflow declares one. */
    public Optional<StateDescriptor> state(String name) {
        return states.stream().filter(state -> state.name().equals(name)).findFirst();
    }

    /** The edges taken from this state, in declaration order; empty for a terminal state. */
    public List<EdgeDescriptor> edgesFrom(String state) {
        return edges.stream().filter(edge -> edge.from().equals(state)).toList();
    }

    /** The edges of one transition, one per state it may be taken from, in declaration order. */
    public List<EdgeDescriptor> edgesNamed(String transition) {
        return edges.stream().filter(edge -> edge.transition().equals(transition)).toList();
    }

    /** The edge that this transition takes from this state, if it may be taken from there. */
    public Optional<EdgeDescriptor> edge(String transition, String from) {
        return edges.stream()
                .filter(edge -> edge.transition().equals(transition) && edge.from().equals(from))
                .findFirst();
    }

    /** The states with a timeout, in declaration order. */
    public List<StateDescriptor> timedStates() {
        return states.stream().filter(state -> state.timeout() != null).toList();
    }

    /** The states a new row may start in, in declaration order. */
    public List<StateDescriptor> initialStates() {
        return states.stream().filter(StateDescriptor::initial).toList();
    }

    /**
     * The state whose CHECK constraint has this name, e.g. {@code IN_PROGRESS} for
     * {@code task_in_progress_check}; empty for any other constraint.
     */
    public Optional<StateDescriptor> stateOfConstraint(String constraintName) {
        return states.stream()
                .filter(state -> state.constraint() != null
                        && state.constraint().equals(constraintName))
                .findFirst();
    }

    /**
     * The field whose own check, foreign key or unique index has this name, e.g. {@code priority}
     * for {@code task_priority_check}, {@code orderId} for {@code payment_order_id_fkey}; empty for
     * any other constraint.
     */
    public Optional<FieldDescriptor> fieldOfConstraint(String constraintName) {
        return constraintName == null
                ? Optional.empty()
                : fields.stream().filter(field -> field.constraints().contains(constraintName)).findFirst();
    }

    /**
     * The rule whose CHECK constraint has this name, e.g. the rule {@code fundedAmount <= amount}
     * for {@code loan_application_funded_amount_le_amount_rule}; empty for any other constraint.
     */
    public Optional<RuleDescriptor> ruleOfConstraint(String constraintName) {
        return rules.stream().filter(rule -> rule.constraint().equals(constraintName)).findFirst();
    }

    /** The rules a row in this state keeps, in declaration order. */
    public List<RuleDescriptor> rulesIn(String state) {
        return rules.stream().filter(rule -> rule.holdsIn(state)).toList();
    }

    /** The field with this Java name, if the workflow declares one. */
    public Optional<FieldDescriptor> field(String name) {
        return fields.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /**
     * The field stored in this column; empty for the columns that are no field (the id, the state,
     * the version, the timestamps and the transition columns).
     */
    public Optional<FieldDescriptor> fieldOfColumn(String column) {
        return fields.stream().filter(field -> field.column().equals(column)).findFirst();
    }

    private static void validate(
            String workflow,
            String stateColumnCheck,
            List<StateDescriptor> states,
            List<EdgeDescriptor> edges,
            List<FieldDescriptor> fields,
            List<RuleDescriptor> rules) {
        Set<String> fieldNames = new HashSet<>();
        Set<String> columns = new HashSet<>();
        for (FieldDescriptor field : fields) {
            require(fieldNames.add(field.name()), workflow, "declares field " + field.name() + " twice");
            require(columns.add(field.column()), workflow,
                    "stores two fields in column " + field.column());
        }
        Set<String> stateNames = new HashSet<>();
        Set<String> constraints = new HashSet<>();
        constraints.add(stateColumnCheck);
        for (StateDescriptor state : states) {
            require(stateNames.add(state.name()), workflow, "declares state " + state.name() + " twice");
            require(state.constraint() == null || constraints.add(state.constraint()), workflow,
                    "gives two states constraint " + state.constraint());
            for (String field : state.ruleFields()) {
                require(fieldNames.contains(field), workflow,
                        "state " + state.name() + " names undeclared field " + field);
            }
            TimeoutDescriptor timeout = state.timeout();
            if (timeout != null) {
                require(edges.stream().anyMatch(e -> e.transition().equals(timeout.fire()) && e.from().equals(state.name())),
                        workflow, "state " + state.name() + " fires " + timeout.fire() + ", which does not leave it");
                require(timeout.atField() == null || fieldNames.contains(timeout.atField()), workflow,
                        "state " + state.name() + " times out at undeclared field " + timeout.atField());
            }
        }
        for (FieldDescriptor field : fields) {
            for (String constraint : field.constraints()) {
                require(constraints.add(constraint), workflow,
                        "gives field " + field.name() + " constraint " + constraint + ", which is taken");
            }
            if (field.unique() != null) {
                for (String state : field.unique().states()) {
                    require(stateNames.contains(state), workflow,
                            "makes field " + field.name() + " unique in undeclared state " + state);
                }
            }
        }
        for (RuleDescriptor rule : rules) {
            require(constraints.add(rule.constraint()), workflow,
                    "gives rule " + rule.text() + " constraint " + rule.constraint() + ", which is taken");
            for (String state : rule.states()) {
                require(stateNames.contains(state), workflow,
                        "holds rule " + rule.text() + " in undeclared state " + state);
            }
            for (String field : rule.fields()) {
                require(fieldNames.contains(field), workflow, "has rule " + rule.text() + " read undeclared field " + field);
            }
        }
        Set<String> transitionsFrom = new HashSet<>();
        for (EdgeDescriptor edge : edges) {
            String label = "edge " + edge.transition() + " " + edge.from() + " -> " + edge.to();
            require(stateNames.contains(edge.from()), workflow,
                    label + " starts in undeclared state " + edge.from());
            require(stateNames.contains(edge.to()), workflow,
                    label + " leads to undeclared state " + edge.to());
            require(transitionsFrom.add(edge.transition() + '\0' + edge.from()), workflow,
                    "transition " + edge.transition() + " has two edges from " + edge.from());
            for (String field : edge.sets()) {
                require(fieldNames.contains(field), workflow,
                        label + " sets undeclared field " + field);
            }
        }
    }

    private static void require(boolean condition, String workflow, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("Workflow " + workflow + " " + problem);
        }
    }
}
