package dev.statewise.runtime;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a database error into the {@link StatewiseException} it means for a workflow, so that a
 * caller sees "a row in IN_PROGRESS breaks task_in_progress_check on assignee, ..." instead of an
 * SQLSTATE. Generated repositories call it around every write; applications writing plain SQL
 * may too.
 *
 * <pre>{@code
 * try {
 *     dsl.execute("UPDATE task SET status = 'DONE' WHERE id = ?", 42L);
 * } catch (DataAccessException e) {
 *     StatewiseException failure = Failures.translate(e, TaskWorkflow.DESCRIPTOR, 42L);
 *     throw failure != null ? failure : e;
 * }
 * }</pre>
 *
 * <p>What is translated: SQLSTATE 23514 (a CHECK: a state's rule, a rule between fields, or another
 * check such as an enum's constants), 23502 (a NOT NULL column), 23503 and 23505 when the constraint is a
 * {@code @References} field's foreign key or a {@code @Unique} field's index, 22001 and 22003 (a
 * value too large for a field's {@code varchar(n)} or {@code numeric(p, s)}, as {@code @Column}
 * sizes it) and {@value SqlStates#ILLEGAL_TRANSITION} (the transition trigger), each only when the database
 * reports it on the workflow's own table; for 22001 and 22003, which PostgreSQL reports on no
 * table, by the column type alone, so translate those only for statements on the workflow's table. Everything else, other unique and foreign-key violations
 * included, is left to the caller; a serialization failure can be recognised with
 * {@link #isSerializationFailure(RuntimeException)}.
 */
public final class Failures {


    // PostgreSQL names neither the column nor the value of these, only the type: "value too long
    // for type character varying(200)", and for a numeric "numeric field overflow" with the DETAIL
    // "A field with precision 10, scale 2 must round to an absolute value less than 10^8."
    private static final Pattern VARCHAR = Pattern.compile("\\bcharacter varying\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("\\bprecision (\\d+), scale (\\d+)\\b");

    // Databases whose functions predate decision 0019 report the row, the states and the
    // transition only in the message; later ones put them in the DETAIL, as JSON.
    // State and transition names are Java identifiers: enum constants and method names.
    private static final String IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    // The shapes of the transition trigger's messages, see docs/database.md: "Task 2: no
    // transition from A to B; ...", "Task 2: transition t does not lead from A to B; ..." and
    // "Task 2: several transitions lead from A to B; ...".
    private static final Pattern ROW_ID = Pattern.compile("^\\S+ (\\d+):");
    private static final Pattern NAMED_TRANSITION =
            Pattern.compile("\\btransition (" + IDENTIFIER + ") does not lead\\b");
    private static final Pattern FROM_TO =
            Pattern.compile("\\bfrom (" + IDENTIFIER + ") to (" + IDENTIFIER + ")");
    private static final String ERROR_PREFIX = "ERROR: ";

    private Failures() {}

    /**
     * Translates {@code e}, typically jOOQ's {@code DataAccessException}, by the first
     * {@link SQLException} in its causes. Whatever wraps that SQLException does not matter, so an
     * exception that an {@code ExecuteListener} put in the place of jOOQ's (Spring Boot's jOOQ
     * starter installs one that throws Spring's {@code DataAccessException}s) translates too.
     *
     * @param workflow the workflow whose table the failed statement wrote
     * @param id the row the statement wrote, or {@code null} for an insert
     * @return the failure, with {@code e} as its cause; {@code e} itself if it is already one; or
     *     {@code null} when {@code e} means nothing to the workflow and the caller should rethrow it
     */
    public static StatewiseException translate(RuntimeException e, WorkflowDescriptor workflow, Long id) {
        Objects.requireNonNull(e, "e");
        Objects.requireNonNull(workflow, "workflow");
        if (e instanceof StatewiseException failure) {
            return failure;
        }
        SQLException sql = sqlExceptionIn(e);
        return sql == null ? null : translate(sql, e, workflow, id);
    }

    /**
     * Translates an {@link SQLException} from plain JDBC, as {@link #translate(RuntimeException,
     * WorkflowDescriptor, Long)} does.
     *
     * <pre>{@code
     * try (PreparedStatement update = connection.prepareStatement(sql)) {
     *     update.executeUpdate();
     * } catch (SQLException e) {
     *     StatewiseException failure = Failures.translate(e, TaskWorkflow.DESCRIPTOR, 42L);
     *     if (failure != null) {
     *         throw failure;
     *     }
     *     throw e;
     * }
     * }</pre>
     *
     * @return the failure, with {@code e} as its cause, or {@code null} when {@code e} means nothing
     *     to the workflow
     */
    public static StatewiseException translate(SQLException e, WorkflowDescriptor workflow, Long id) {
        Objects.requireNonNull(e, "e");
        Objects.requireNonNull(workflow, "workflow");
        SQLException sql = sqlExceptionIn(e);
        return sql == null ? null : translate(sql, e, workflow, id);
    }

    /**
     * {@link #translate(RuntimeException, WorkflowDescriptor, Long)} for callers who prefer an
     * {@code Optional}.
     *
     * <pre>{@code
     * throw Failures.translateOptional(e, TaskWorkflow.DESCRIPTOR, id).orElseThrow(() -> e);
     * }</pre>
     */
    public static Optional<StatewiseException> translateOptional(
            RuntimeException e, WorkflowDescriptor workflow, Long id) {
        return Optional.ofNullable(translate(e, workflow, id));
    }

    /**
     * Whether {@code e} is a serialization failure (SQLSTATE 40001): under {@code REPEATABLE READ}
     * or {@code SERIALIZABLE}, the statement wrote a row that a concurrent transaction changed after
     * this one began. Generated repositories throw a {@link StaleException} for it, since only the
     * caller knows the state and version the row was read in.
     */
    public static boolean isSerializationFailure(RuntimeException e) {
        SQLException sql = sqlExceptionIn(Objects.requireNonNull(e, "e"));
        return sql != null && SqlStates.SERIALIZATION_FAILURE.equals(sql.getSQLState());
    }

    private static StatewiseException translate(
            SQLException sql, Throwable cause, WorkflowDescriptor workflow, Long id) {
        ServerErrorMessage server =
                sql instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String sqlState = sql.getSQLState();
        if (sqlState == null || !onTableOf(workflow, server)) {
            return null;
        }
        switch (sqlState) {
            case SqlStates.CHECK_VIOLATION:
                return checkViolation(workflow, server, cause);
            case SqlStates.NOT_NULL_VIOLATION:
                return notNullViolation(workflow, server, cause);
            case SqlStates.FOREIGN_KEY_VIOLATION:
            case SqlStates.UNIQUE_VIOLATION:
                return keyViolation(workflow, server, sqlState, cause);
            case SqlStates.STRING_DATA_RIGHT_TRUNCATION:
            case SqlStates.NUMERIC_VALUE_OUT_OF_RANGE:
                return valueTooLarge(workflow, primaryMessage(sql, server), server == null ? null : server.getDetail(),
                        sqlState, cause);
            case SqlStates.ILLEGAL_TRANSITION:
                return illegalTransition(workflow, id, primaryMessage(sql, server),
                        server == null ? null : server.getDetail(), cause);
            default:
                return null;
        }
    }

    private static ConstraintViolationException checkViolation(
            WorkflowDescriptor workflow, ServerErrorMessage server, Throwable cause) {
        String constraint = server == null ? null : server.getConstraint();
        Optional<RuleDescriptor> rule = workflow.ruleOfConstraint(constraint);
        if (rule.isPresent()) {
            // PostgreSQL does not say which state the row was in: the rule names the states it holds in.
            return ConstraintViolationException.brokenRule(workflow.name(), null, null, rule.get(), cause);
        }
        Optional<StateDescriptor> state = workflow.stateOfConstraint(constraint);
        if (state.isPresent()) {
            return new ConstraintViolationException(workflow.name(), state.get().name(),
                    ruleFields(workflow, state.get()), constraint, SqlStates.CHECK_VIOLATION, cause);
        }
        // The state column's own check is no field's: it names neither state nor field.
        Optional<FieldDescriptor> field = workflow.stateColumnCheck().equals(constraint)
                ? Optional.empty()
                : fieldOfColumn(workflow, server)
                        .or(() -> workflow.fieldOfConstraint(constraint))
                        .or(() -> fieldOfAddedCheck(workflow, constraint));
        return new ConstraintViolationException(workflow.name(), null, names(field), constraint,
                SqlStates.CHECK_VIOLATION, cause);
    }

    private static ConstraintViolationException notNullViolation(
            WorkflowDescriptor workflow, ServerErrorMessage server, Throwable cause) {
        // PostgreSQL 18 names NOT NULL constraints; earlier versions report only the column.
        String constraint = server == null ? null : server.getConstraint();
        return new ConstraintViolationException(workflow.name(), null,
                names(fieldOfColumn(workflow, server)), constraint, SqlStates.NOT_NULL_VIOLATION, cause);
    }

    /**
     * A {@code @References} field naming no row, or a {@code @Unique} field's value taken; null for
     * a key that is no field's, which the caller handles.
     */
    private static ConstraintViolationException keyViolation(
            WorkflowDescriptor workflow, ServerErrorMessage server, String sqlState, Throwable cause) {
        String constraint = server == null ? null : server.getConstraint();
        Optional<FieldDescriptor> field = workflow.fieldOfConstraint(constraint);
        if (field.isEmpty()) {
            return null;
        }
        FieldDescriptor f = field.get();
        String message;
        if (sqlState.equals(SqlStates.FOREIGN_KEY_VIOLATION) && f.reference() != null
                && f.reference().constraint().equals(constraint)) {
            message = workflow.name() + ": " + f.name() + " names no row of " + f.reference().workflow().name()
                    + " (" + constraint + ")";
        } else if (sqlState.equals(SqlStates.UNIQUE_VIOLATION) && f.unique() != null) {
            message = f.unique().states().isEmpty()
                    ? workflow.name() + ": another row has the same " + f.name() + ", which must be unique among all"
                            + " rows (" + constraint + ")"
                    : workflow.name() + ": another row in " + joined(f.unique().states()) + " has the same " + f.name()
                            + ", which must be unique there (" + constraint + ")";
        } else {
            return null;
        }
        return new ConstraintViolationException(workflow.name(), null, List.of(f.name()), constraint, sqlState,
                message, cause);
    }

    /**
     * A value its column's declared size cannot hold: a string longer than {@code varchar(n)}, a
     * number too large for {@code numeric(p, s)}. PostgreSQL names only the type, so the fields
     * are those whose column has that type; null when no field has it, such as an integer overflow
     * computed in SQL.
     */
    private static ConstraintViolationException valueTooLarge(
            WorkflowDescriptor workflow, String message, String detail, String sqlState, Throwable cause) {
        Matcher varchar = VARCHAR.matcher(message);
        Matcher numeric = NUMERIC.matcher(Objects.requireNonNullElse(detail, ""));
        String type = sqlState.equals(SqlStates.STRING_DATA_RIGHT_TRUNCATION) && varchar.find() ? "varchar(" + varchar.group(1) + ")"
                : sqlState.equals(SqlStates.NUMERIC_VALUE_OUT_OF_RANGE) && numeric.find()
                        ? "numeric(" + numeric.group(1) + ", " + numeric.group(2) + ")"
                        : null;
        List<String> fields = workflow.fields().stream()
                .filter(f -> type != null && type.equals(f.columnType()))
                .map(FieldDescriptor::name)
                .toList();
        if (fields.isEmpty()) {
            return null;
        }
        String which = fields.size() == 1
                ? fields.get(0) + " does not fit its column"
                : "the value of one of " + joined(fields) + " does not fit its column";
        String limit = sqlState.equals(SqlStates.STRING_DATA_RIGHT_TRUNCATION)
                ? "at most " + varchar.group(1) + " characters"
                : "values that round to less than 10^" + (Integer.parseInt(numeric.group(1))
                        - Integer.parseInt(numeric.group(2))) + " in absolute value";
        return new ConstraintViolationException(workflow.name(), null, fields, null, sqlState,
                workflow.name() + ": " + which + ", " + type + ", which holds " + limit + " (SQLSTATE " + sqlState
                        + ")", cause);
    }

    private static String joined(List<String> names) {
        return String.join(", ", names);
    }

    /**
     * Reads the row, states and transition from the error's DETAIL, JSON since decision 0019, or
     * from its message, which is all a database whose functions predate it reports.
     */
    private static IllegalTransitionException illegalTransition(
            WorkflowDescriptor workflow, Long id, String message, String detail, Throwable cause) {
        Map<?, ?> facts = detailObject(detail);
        Long rowId = id;
        String transition;
        String fromState;
        String toState;
        if (facts != null) {
            if (rowId == null && facts.get("id") instanceof Number number) {
                rowId = number.longValue();
            }
            transition = text(facts.get("transition"));
            fromState = text(facts.get("from"));
            toState = text(facts.get("to"));
        } else {
            Matcher rowIdMatch = ROW_ID.matcher(message);
            if (rowId == null && rowIdMatch.find()) {
                rowId = Long.valueOf(rowIdMatch.group(1));
            }
            Matcher named = NAMED_TRANSITION.matcher(message);
            transition = named.find() ? named.group(1) : null;
            Matcher fromTo = FROM_TO.matcher(message);
            boolean found = fromTo.find();
            fromState = found ? fromTo.group(1) : null;
            toState = found ? fromTo.group(2) : null;
        }
        List<String> allowedFrom = transition == null
                ? List.of()
                : workflow.edgesNamed(transition).stream().map(EdgeDescriptor::from).toList();
        return new IllegalTransitionException(workflow.name(), rowId, transition, fromState,
                toState, allowedFrom, message, cause);
    }

    /** The DETAIL as a JSON object, or null when it is absent or not one. */
    private static Map<?, ?> detailObject(String detail) {
        if (detail == null || !detail.startsWith("{")) {
            return null;
        }
        try {
            return new JSONParser().parse(detail) instanceof Map<?, ?> object ? object : null;
        } catch (ParseException e) {
            return null;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /**
     * The fields a state's CHECK is about. A field required in every state is a NOT NULL column,
     * which PostgreSQL checks before any CHECK, so it cannot be what broke the state's rule even if
     * the descriptor lists it among the state's required fields.
     */
    private static List<String> ruleFields(WorkflowDescriptor workflow, StateDescriptor state) {
        Set<String> requiredEverywhere = new LinkedHashSet<>(state.requiredFields());
        for (StateDescriptor other : workflow.states()) {
            requiredEverywhere.retainAll(other.requiredFields());
        }
        List<String> fields = new ArrayList<>(state.ruleFields());
        fields.removeAll(requiredEverywhere);
        return fields;
    }

    private static Optional<FieldDescriptor> fieldOfColumn(
            WorkflowDescriptor workflow, ServerErrorMessage server) {
        String column = server == null ? null : server.getColumn();
        return column == null ? Optional.empty() : workflow.fieldOfColumn(column);
    }

    /**
     * The field of a check that is not Statewise's but was added to the table, such as
     * {@code task_title_check}, named as PostgreSQL names a column's check when it picks the name
     * itself: {@code <table>_<column>_check}. PostgreSQL does not report the column of a CHECK.
     * Statewise's own checks are found by the names the descriptor carries, shortened or not.
     */
    private static Optional<FieldDescriptor> fieldOfAddedCheck(WorkflowDescriptor workflow, String constraint) {
        if (constraint == null) {
            return Optional.empty();
        }
        String prefix = unqualified(workflow.table()) + "_";
        String suffix = "_check";
        if (!constraint.startsWith(prefix) || !constraint.endsWith(suffix)
                || constraint.length() <= prefix.length() + suffix.length()) {
            return Optional.empty();
        }
        return workflow.fieldOfColumn(
                constraint.substring(prefix.length(), constraint.length() - suffix.length()));
    }

    /**
     * Whether the error concerns the workflow's table; a violation on another table, such as the
     * history, is not a rule of this workflow. An error that names no table is taken to be about
     * the statement the caller made, which wrote the workflow's table.
     */
    private static boolean onTableOf(WorkflowDescriptor workflow, ServerErrorMessage server) {
        String table = server == null ? null : server.getTable();
        return table == null || table.equals(unqualified(workflow.table()));
    }

    // PostgreSQL reports a table by its bare name: no schema, no quotes.
    private static String unqualified(String table) {
        String name = table.substring(table.lastIndexOf('.') + 1);
        return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
                : name;
    }

    private static String primaryMessage(SQLException sql, ServerErrorMessage server) {
        if (server != null && server.getMessage() != null) {
            return server.getMessage();
        }
        String message = Objects.requireNonNullElse(sql.getMessage(), "");
        int lineEnd = message.indexOf('\n');
        String firstLine = lineEnd < 0 ? message : message.substring(0, lineEnd);
        return firstLine.startsWith(ERROR_PREFIX)
                ? firstLine.substring(ERROR_PREFIX.length())
                : firstLine;
    }

    private static List<String> names(Optional<FieldDescriptor> field) {
        return field.map(f -> List.of(f.name())).orElse(List.of());
    }

    /**
     * The SQLException to read: the first in the causes of {@code e}, or among their next
     * exceptions (where a batch keeps the error of its failing statement) the first one that
     * carries the server's error fields.
     */
    private static SQLException sqlExceptionIn(Throwable e) {
        List<SQLException> candidates = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                candidates.add(sql);
                for (SQLException next = sql.getNextException();
                        next != null && seen.add(next);
                        next = next.getNextException()) {
                    candidates.add(next);
                }
            }
        }
        for (SQLException candidate : candidates) {
            if (candidate instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return candidate;
            }
        }
        return candidates.stream().filter(c -> c.getSQLState() != null).findFirst().orElse(null);
    }
}
