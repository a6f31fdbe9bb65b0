package dev.statewise.processor.sql;

import dev.statewise.processor.checks.Suggestions;
import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Location.Kind;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.RemovedState;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.schema.SqlType;
import dev.statewise.processor.schema.WorkflowSchema;
import dev.statewise.processor.sql.Snapshot.Column;
import dev.statewise.processor.sql.Snapshot.EdgeRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first step of a change: the declaration matched with the committed snapshot. Which declared
 * state and field was which in the snapshot, where the rows of a removed state go, which columns
 * go, and the values rows need under the new rules; or the problems that stop the change.
 */
final class Match {

    private final Snapshot old;
    private final Workflow workflow;
    private final WorkflowSchema schema;
    private final String snapshotFile;
    private final List<Problem> problems = new ArrayList<>();

    /** Declared state -> its name in the snapshot, for states that existed there. */
    final Map<String, String> oldStateOf = new LinkedHashMap<>();
    /** Snapshot state removed -> the declared state its rows move to. */
    final Map<String, String> movedTo = new LinkedHashMap<>();
    /** Declared field -> its column in the snapshot, for fields that existed there. */
    final Map<String, Column> oldFieldOf = new LinkedHashMap<>();
    final List<Column> droppedFields = new ArrayList<>();
    /** For each snapshot state whose rows need new values, the fills that give them. */
    final Map<String, List<Fill>> fills;

    private Match(Snapshot old, Workflow workflow, WorkflowSchema schema, String snapshotFile) {
        this.old = old;
        this.workflow = workflow;
        this.schema = schema;
        this.snapshotFile = snapshotFile;
        matchStates();
        matchFields();
        fills = problems.isEmpty() ? fills() : Map.of();
    }

    /**
     * Matches the declaration with the snapshot; the checks have seen the annotations.
     *
     * @param snapshotFile the snapshot's file name, for messages
     */
    static Match of(Snapshot old, Workflow workflow, WorkflowSchema schema, String snapshotFile) {
        return new Match(old, workflow, schema, snapshotFile);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Snapshot state -> the declared state its rows move to: renamed and removed states. */
    Map<String, String> moves() {
        Map<String, String> moves = new LinkedHashMap<>();
        oldStateOf.forEach((now, before) -> {
            if (!now.equals(before)) {
                moves.put(before, now);
            }
        });
        moves.putAll(movedTo);
        return moves;
    }

    private void matchStates() {
        for (State state : workflow.states()) {
            if (old.state(state.name()).isPresent()) {
                oldStateOf.put(state.name(), state.name());
            } else if (!state.renamedFrom().isEmpty()) {
                if (old.state(state.renamedFrom()).isPresent()) {
                    oldStateOf.put(state.name(), state.renamedFrom());
                } else {
                    problems.add(Problem.of(Message.RENAMED_FROM_UNKNOWN,
                            Location.of(workflow.qualifiedName(), Kind.STATE, state.name()).at("RenamedFrom", "value"),
                            state.renamedFrom(), "state " + state.name(), "state", snapshotFile,
                            Suggestions.hint(state.renamedFrom(), oldStateNames(), "states", snapshotFile)));
                }
            }
        }
        for (RemovedState removed : workflow.removedStates()) {
            if (old.state(removed.name()).isPresent() && !oldStateOf.containsValue(removed.name())) {
                movedTo.put(removed.name(), removed.movedTo());
            }
        }
        for (Snapshot.State state : old.states()) {
            if (!oldStateOf.containsValue(state.name()) && !movedTo.containsKey(state.name())) {
                problems.add(Problem.of(Message.STATE_DROPPED,
                        Location.of(workflow.qualifiedName(), Kind.ENUM, workflow.stateEnum()),
                        state.name(), snapshotFile, state.name(), state.name(), workflow.simpleName()));
            }
        }
    }

    private void matchFields() {
        for (Field field : workflow.fields()) {
            Location at = Location.of(workflow.qualifiedName(), Kind.FIELD, field.name());
            Optional<Column> same = old.field(field.name());
            if (same.isPresent()) {
                oldFieldOf.put(field.name(), same.get());
            } else if (!field.renamedFrom().isEmpty()) {
                Optional<Column> before = old.field(field.renamedFrom());
                if (before.isPresent()) {
                    oldFieldOf.put(field.name(), before.get());
                } else {
                    problems.add(Problem.of(Message.RENAMED_FROM_UNKNOWN, at.at("RenamedFrom", "value"),
                            field.renamedFrom(), "field " + field.name(), "field", snapshotFile,
                            Suggestions.hint(field.renamedFrom(), oldFieldNames(), "fields", snapshotFile)));
                }
            }
            Column before = oldFieldOf.get(field.name());
            if (before != null && !SqlType.parse(before.type()).castsTo(type(field))) {
                problems.add(Problem.of(Message.TYPE_CHANGE_UNSAFE, at, field.name(), before.type(), type(field)));
            }
        }
        for (Column column : old.fields()) {
            if (oldFieldOf.containsValue(column)) {
                continue;
            }
            if (workflow.removedFields().contains(column.name())) {
                droppedFields.add(column);
            } else {
                problems.add(Problem.of(Message.FIELD_DROPPED, Location.of(workflow.qualifiedName()),
                        column.name(), snapshotFile, column.name(), column.name(), workflow.simpleName()));
            }
        }
    }

    private List<String> oldStateNames() {
        return old.states().stream().map(Snapshot.State::name).toList();
    }

    private List<String> oldFieldNames() {
        return old.fields().stream().map(Column::name).toList();
    }

    /** The snapshot's states whose rows end up in a declared state: its own, and those moved to it. */
    private List<String> sources(String state) {
        List<String> sources = new ArrayList<>();
        Optional.ofNullable(oldStateOf.get(state)).ifPresent(sources::add);
        movedTo.forEach((removed, target) -> {
            if (target.equals(state)) {
                sources.add(removed);
            }
        });
        return sources;
    }

    /**
     * A value rows need under the new rules: a field's {@code @Backfill} where it is NULL, or NULL
     * for a field the new state forbids.
     *
     * @param backfill the SQL expression; {@code null} to clear the column
     */
    record Fill(String column, String backfill) {

        boolean clears() {
            return backfill == null;
        }
    }

    /**
     * For each snapshot state whose rows may need new values, the fills that give them: a field the
     * declared state requires and the old one did not gets its {@code @Backfill}, a field the
     * declared state forbids and the old one allowed is cleared.
     */
    private Map<String, List<Fill>> fills() {
        Map<String, List<Fill>> fills = new LinkedHashMap<>();
        Map<Field, List<String>> missing = new LinkedHashMap<>();
        Map<Field, List<String>> movedIn = new LinkedHashMap<>();
        Map<Field, List<String>> movedFrom = new LinkedHashMap<>();
        for (State state : workflow.states()) {
            for (String source : sources(state.name())) {
                List<Fill> needed = new ArrayList<>();
                for (Field field : workflow.fields()) {
                    Column before = oldFieldOf.get(field.name());
                    boolean hadIt = before != null && before.requiredIn(source);
                    boolean wasNull = before == null || before.nullIn(source);
                    if (field.requiredIn(state.name()) && !hadIt) {
                        if (field.backfill().isEmpty()) {
                            // Required there already: the rows @RemovedState moves in are what lack it.
                            boolean already = before != null && Optional.ofNullable(oldStateOf.get(state.name()))
                                    .filter(before::requiredIn).isPresent();
                            addOnce((already ? movedIn : missing).computeIfAbsent(field, f -> new ArrayList<>()),
                                    state.name());
                            if (already) {
                                addOnce(movedFrom.computeIfAbsent(field, f -> new ArrayList<>()), source);
                            }
                        }
                        needed.add(new Fill(field.column(), field.backfill()));
                    } else if (field.nullIn(state.name()) && !wasNull) {
                        needed.add(new Fill(field.column(), null));
                    }
                }
                if (!needed.isEmpty()) {
                    fills.put(source, needed);
                }
            }
        }
        missing.forEach((field, states) -> problems.add(Problem.of(Message.NEEDS_BACKFILL,
                Location.of(workflow.qualifiedName(), Kind.FIELD, field.name()), field.name(),
                "becomes required in " + String.join(", ", states) + ", where rows of the committed schema",
                example(field), "keep the field optional there")));
        movedIn.forEach((field, states) -> {
            if (!missing.containsKey(field)) {
                problems.add(Problem.of(Message.NEEDS_BACKFILL,
                        Location.of(workflow.qualifiedName(), Kind.FIELD, field.name()), field.name(),
                        "is required in " + String.join(", ", states) + " already, but the rows that @RemovedState "
                                + "moves there from " + String.join(", ", movedFrom.get(field)),
                        example(field), "move those rows to a state where the field is optional"));
            }
        });
        return fills;
    }

    private static void addOnce(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }

    private static String example(Field field) {
        if (field.reference().isPresent()) {
            return "(SELECT min(id) FROM " + field.reference().get().table() + ")";
        }
        return switch (field.type().kind()) {
            case STRING -> "'unknown'";
            case BOOLEAN -> "false";
            case INTEGER, LONG, DECIMAL -> "0";
            case LOCAL_DATE -> "created_at::date";
            case LOCAL_DATE_TIME, OFFSET_DATE_TIME, INSTANT -> "created_at";
            case ENUM -> "'" + field.type().enumConstants().get(0) + "'";
            case UUID -> "gen_random_uuid()";
            case BYTES -> "''::bytea";
            case JSON -> "'{}'::jsonb";
            case UNSUPPORTED -> "...";
        };
    }

    /** Edges that changed only because a state they join was renamed or removed, which that change names. */
    boolean touchesRenamedState(List<EdgeRow> edges) {
        return edges.stream().anyMatch(e -> movedTo.containsKey(e.from()) || movedTo.containsKey(e.to())
                || renamedAway(e.from()) || renamedAway(e.to()));
    }

    private boolean renamedAway(String oldState) {
        return oldStateOf.entrySet().stream().anyMatch(e -> e.getValue().equals(oldState) && !e.getKey().equals(oldState));
    }

    private SqlType type(Field field) {
        return schema.table().column(field.column()).type();
    }
}
