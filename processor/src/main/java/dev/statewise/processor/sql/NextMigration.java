package dev.statewise.processor.sql;

import dev.statewise.processor.checks.Suggestions;
import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Location.Kind;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.RemovedState;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.sql.Snapshot.Column;
import dev.statewise.processor.sql.Snapshot.EdgeRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The next migration of a workflow: the SQL that takes the schema of its committed snapshot to the
 * schema of its declaration, keeping every row and leaving each valid under the new rules.
 *
 * <p>Constraints that change are dropped first and added back {@code NOT VALID} at the end, so the
 * table is locked only briefly; a second migration validates them, in a transaction of its own.
 * Rows move out of a renamed or removed state with the trigger off, since no edge leads there,
 * and take the values the new state needs on the way.
 */
public final class NextMigration {

    /** One change, in words for messages and as a part of the file name. */
    public record Change(String words, String slug) {}

    /**
     * The migration, and the validation to run after it in a transaction of its own.
     *
     * @param validation the second migration's statements; empty when nothing needs validating
     * @param snapshot the snapshot of the declaration, without the new migrations
     */
    public record Plan(List<Change> changes, String migration, String validation, Snapshot snapshot) {

        /** The file name's description: the table and the first change, with how many more. */
        public String description(String table) {
            String first = changes.get(0).slug();
            String rest = switch (changes.size()) {
                case 1 -> "";
                case 2 -> "_and_" + changes.get(1).slug();
                default -> "_and_" + (changes.size() - 1) + "_more_changes";
            };
            return table + "_" + first + rest;
        }

        public String words() {
            return changes.stream().map(Change::words).collect(Collectors.joining(", "));
        }
    }

    /** The plan when the declaration changed and can be migrated, the problems when it cannot. */
    public record Result(Optional<Plan> plan, List<Problem> problems) {}

    /** The lock timeout at the top of each migration: a migration waits no longer for a lock. */
    static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s';";

    /**
     * Indexes are rebuilt inside the migration's transaction, which blocks writes to the table
     * meanwhile: {@code CONCURRENTLY} cannot run in a transaction. A documented limit, said where
     * it happens and to squawk.
     */
    private static final String INDEX_IN_TRANSACTION =
            "-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.";

    private final Snapshot old;
    private final Workflow workflow;
    private final Snapshot next;
    private final SchemaObjects objects;
    private final String snapshotFile;
    private final String table;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();

    /** Declared state -> its name in the snapshot, for states that existed there. */
    private final Map<String, String> oldStateOf = new LinkedHashMap<>();
    /** Snapshot state removed -> the declared state its rows move to. */
    private final Map<String, String> movedTo = new LinkedHashMap<>();
    /** Declared field -> its column in the snapshot, for fields that existed there. */
    private final Map<String, Column> oldFieldOf = new LinkedHashMap<>();
    private final List<Column> droppedFields = new ArrayList<>();

    private final Grants grants;

    private NextMigration(Snapshot old, Workflow workflow, Grants grants, String snapshotFile) {
        this.old = old;
        this.workflow = workflow;
        this.grants = grants;
        this.next = Snapshot.of(workflow, grants, old.migrations());
        this.objects = CreateWorkflowSql.objects(workflow);
        this.snapshotFile = snapshotFile;
        this.table = workflow.table();
    }

    /**
     * Compares the declaration with the committed snapshot.
     *
     * @param snapshotFile the snapshot's file name, for messages
     */
    public static Result plan(Snapshot old, Workflow workflow, String snapshotFile) {
        return plan(old, workflow, Grants.NONE, snapshotFile);
    }

    /**
     * Compares the declaration, and the roles the options name, with the committed snapshot.
     *
     * @param snapshotFile the snapshot's file name, for messages
     */
    public static Result plan(Snapshot old, Workflow workflow, Grants grants, String snapshotFile) {
        return new NextMigration(old, workflow, grants, snapshotFile).plan();
    }

    private Result plan() {
        if (old.sameSchema(next)) {
            return new Result(Optional.empty(), List.of());
        }
        matchStates();
        matchFields();
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(problems));
        }
        Map<String, List<Fill>> fills = fills();
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(problems));
        }
        describeChanges();
        Map<String, String> checksToAdd = changed(old.constraints(), next.constraints());
        List<Field> becomingNotNull = workflow.fields().stream()
                .filter(f -> f.presence() == Field.Presence.ALWAYS)
                .filter(f -> oldFieldOf.get(f.name()) == null
                        || oldFieldOf.get(f.name()).presence() != Field.Presence.ALWAYS)
                .toList();
        String migration = migration(fills, checksToAdd, becomingNotNull);
        String validation = validation(checksToAdd, becomingNotNull,
                before0019() ? CreateWorkflowSql.historyChecks(workflow).keySet() : Set.of());
        return new Result(Optional.of(new Plan(List.copyOf(changes), migration, validation, next)), List.of());
    }

    // Matching the declaration with the snapshot

    /** Pairs declared states and fields with the snapshot's; the checks have seen the annotations. */
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
            if (before != null && !castable(before.type(), CreateWorkflowSql.sqlType(field))) {
                problems.add(Problem.of(Message.TYPE_CHANGE_UNSAFE, at, field.name(), before.type(),
                        CreateWorkflowSql.sqlType(field)));
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

    /**
     * Whether PostgreSQL converts every value of the old type to the new one: widening numbers and
     * text, any numeric precision, dates into timestamps, and timestamps with and without a zone.
     */
    static boolean castable(String from, String to) {
        String a = base(from);
        String b = base(to);
        return from.equals(to)
                || Set.of("text", "varchar").containsAll(List.of(a, b))
                || a.equals("integer") && Set.of("bigint", "numeric").contains(b)
                || a.equals("bigint") && b.equals("numeric")
                || a.equals("numeric") && b.equals("numeric")
                || a.equals("date") && Set.of("timestamp", "timestamptz").contains(b)
                || Set.of("timestamp", "timestamptz").containsAll(List.of(a, b));
    }

    private static String base(String type) {
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }

    // Where rows are, and what values they need

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
    private record Fill(String column, String backfill) {

        boolean clears() {
            return backfill == null;
        }

        /** The assignment for rows moving to a new state, which keeps a value they have. */
        String assignment() {
            return column + " = " + (clears() ? "NULL" : "coalesce(" + column + ", " + backfill + ")");
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

    // What changed, in words

    private void describeChanges() {
        for (State state : workflow.states()) {
            String before = oldStateOf.get(state.name());
            if (before == null) {
                change("add state " + state.name(), "add_state_" + lower(state.name()));
            } else if (!before.equals(state.name())) {
                change("rename state " + before + " to " + state.name(),
                        "rename_state_" + lower(before) + "_to_" + lower(state.name()));
            } else if (!old.state(before).orElseThrow().equals(next.state(state.name()).orElseThrow())) {
                change("change state " + state.name(), "change_state_" + lower(state.name()));
            }
        }
        movedTo.forEach((removed, target) ->
                change("remove state " + removed + " (rows move to " + target + ")", "remove_state_" + lower(removed)));
        for (Field field : workflow.fields()) {
            Column before = oldFieldOf.get(field.name());
            Column now = next.field(field.name()).orElseThrow();
            String slug = Naming.snakeCase(field.name());
            if (before == null) {
                change("add field " + field.name(), "add_" + slug);
            } else if (!before.name().equals(field.name())) {
                change("rename field " + before.name() + " to " + field.name(),
                        "rename_" + Naming.snakeCase(before.name()) + "_to_" + slug);
            } else if (!before.equals(now) || enumConstantsChanged(field)) {
                change("change field " + field.name(), "change_" + slug);
            }
        }
        droppedFields.forEach(f -> change("remove field " + f.name(), "remove_" + Naming.snakeCase(f.name())));
        Set<String> transitions = new LinkedHashSet<>();
        old.edges().forEach(e -> transitions.add(e.transition()));
        next.edges().forEach(e -> transitions.add(e.transition()));
        for (String transition : transitions) {
            List<EdgeRow> before = old.edges().stream().filter(e -> e.transition().equals(transition)).toList();
            List<EdgeRow> now = next.edges().stream().filter(e -> e.transition().equals(transition)).toList();
            if (before.isEmpty()) {
                change("add transition " + transition, "add_transition_" + Naming.snakeCase(transition));
            } else if (now.isEmpty()) {
                change("remove transition " + transition, "remove_transition_" + Naming.snakeCase(transition));
            } else if (!before.equals(now) && !touchesRenamedState(before)) {
                change("change transition " + transition, "change_transition_" + Naming.snakeCase(transition));
            }
        }
        Grants before = old.granted();
        if (!before.equals(grants)) {
            if (before.isEmpty()) {
                change("grant privileges", "grant_privileges");
            } else if (grants.isEmpty()) {
                change("revoke privileges", "revoke_privileges");
            } else {
                change("move privileges", "move_privileges");
            }
        }
        if (changes.isEmpty()) {
            // With the declaration unchanged, new trigger functions come from a newer Statewise.
            if (old.functions().equals(next.functions()) && !old.comments().equals(next.comments())) {
                change("update comments", "update_comments");
            } else {
                change("update the schema to this version of Statewise", "update_schema");
            }
        }
    }

    /**
     * Whether an enum field's constants changed, which its column does not show. Another field
     * whose own check changed with its type unchanged got it from a newer Statewise.
     */
    private boolean enumConstantsChanged(Field field) {
        String name = Naming.fieldCheck(workflow, field);
        return field.type().kind() == FieldType.Kind.ENUM
                && !Objects.equals(old.checks().get(name), next.checks().get(name));
    }

    /** Edges that changed only because a state they join was renamed, which that change names. */
    private boolean touchesRenamedState(List<EdgeRow> edges) {
        return edges.stream().anyMatch(e -> movedTo.containsKey(e.from()) || movedTo.containsKey(e.to())
                || renamedAway(e.from()) || renamedAway(e.to()));
    }

    private boolean renamedAway(String oldState) {
        return oldStateOf.entrySet().stream().anyMatch(e -> e.getValue().equals(oldState) && !e.getKey().equals(oldState));
    }

    private void change(String words, String slug) {
        changes.add(new Change(words, slug));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // The SQL

    private String migration(Map<String, List<Fill>> fills, Map<String, String> checksToAdd,
            List<Field> becomingNotNull) {
        Sql sql = new Sql();
        String words = changes.stream().map(Change::words).collect(Collectors.joining(", "));
        sql.comment("Statewise: changes workflow " + workflow.qualifiedName() + ": " + words + ".");
        sql.comment("Generated from its declaration and " + snapshotFile + ". Commit this file and never edit it: "
                + "Flyway checks its checksum, and the next change is written as the next migration.");
        sql.line("");
        sql.line(LOCK_TIMEOUT);
        sql.line("");

        Map<String, String> indexesToCreate = changed(old.indexes(), next.indexes());
        Set<String> checksToDrop = dropped(old.constraints(), next.constraints());
        Set<String> indexesToDrop = dropped(old.indexes(), next.indexes());

        sql.section("Constraints and indexes that change, dropped until the end of the migration");
        checksToDrop.forEach(c -> sql.line("ALTER TABLE " + table + " DROP CONSTRAINT " + c + ";"));
        if (!indexesToDrop.isEmpty()) {
            sql.line(INDEX_IN_TRANSACTION);
        }
        indexesToDrop.forEach(i -> sql.line("-- squawk-ignore require-concurrent-index-deletion\nDROP INDEX " + i + ";"));

        sql.section("Columns");
        for (Field field : workflow.fields()) {
            Column before = oldFieldOf.get(field.name());
            String type = CreateWorkflowSql.sqlType(field);
            if (before == null) {
                sql.line("ALTER TABLE " + table + " ADD COLUMN " + field.column() + " " + type + ";");
            } else {
                if (!before.column().equals(field.column())) {
                    sql.line("ALTER TABLE " + table + " RENAME COLUMN " + before.column() + " TO " + field.column() + ";");
                }
                if (!before.type().equals(type)) {
                    sql.line("ALTER TABLE " + table + " ALTER COLUMN " + field.column() + " TYPE " + type + ";");
                }
                if (before.presence() == Field.Presence.ALWAYS && field.presence() != Field.Presence.ALWAYS) {
                    sql.line("ALTER TABLE " + table + " ALTER COLUMN " + field.column() + " DROP NOT NULL;");
                }
            }
        }

        List<EdgeRow> added = next.edges().stream()
                .filter(e -> old.edges().stream().noneMatch(e::equals)).toList();
        if (!added.isEmpty()) {
            sql.section("Transitions added, or taken back into use");
            sql.line("INSERT INTO " + Naming.transitionTable(workflow) + " (transition, from_state, to_state, description) VALUES");
            for (int i = 0; i < added.size(); i++) {
                EdgeRow edge = added.get(i);
                sql.line("    (" + CreateWorkflowSql.literal(edge.transition()) + ", "
                        + CreateWorkflowSql.literal(edge.from()) + ", " + CreateWorkflowSql.literal(edge.to()) + ", "
                        + (edge.description() == null ? "NULL" : CreateWorkflowSql.literal(edge.description())) + ")"
                        + (i + 1 < added.size() ? "," : ""));
            }
            sql.line("ON CONFLICT (from_state, to_state, transition)");
            sql.line("    DO UPDATE SET description = EXCLUDED.description, retired = false;");
        }

        Map<String, String> moves = new LinkedHashMap<>();
        oldStateOf.forEach((now, before) -> {
            if (!now.equals(before)) {
                moves.put(before, now);
            }
        });
        moves.putAll(movedTo);
        if (!moves.isEmpty()) {
            String trigger = Naming.beforeUpdateFunction(workflow);
            sql.section("Rows of renamed and removed states move, without the trigger: no transition leads there."
                    + " The history keeps the old names.");
            sql.line("ALTER TABLE " + table + " DISABLE TRIGGER " + trigger + ";");
            moves.forEach((from, to) -> {
                List<String> set = new ArrayList<>();
                set.add(workflow.stateColumn() + " = " + CreateWorkflowSql.literal(to));
                fills.getOrDefault(from, List.of()).forEach(fill -> set.add(fill.assignment()));
                set.add(Naming.VERSION + " = " + Naming.VERSION + " + 1");
                set.add(Naming.UPDATED_AT + " = now()");
                sql.line("UPDATE " + table + " SET " + String.join(", ", set));
                sql.line(" WHERE " + workflow.stateColumn() + " = " + CreateWorkflowSql.literal(from) + ";");
            });
            sql.line("ALTER TABLE " + table + " ENABLE TRIGGER " + trigger + ";");
        }

        Map<Fill, List<String>> staying = new LinkedHashMap<>();
        fills.forEach((source, needed) -> {
            if (!moves.containsKey(source)) {
                needed.forEach(fill -> staying.computeIfAbsent(fill, f -> new ArrayList<>()).add(source));
            }
        });
        if (!staying.isEmpty()) {
            sql.section("Values that rows need under the new rules");
            staying.forEach((fill, states) -> {
                sql.line("UPDATE " + table + " SET " + fill.column() + " = " + (fill.clears() ? "NULL" : fill.backfill()));
                sql.line(" WHERE " + fill.column() + (fill.clears() ? " IS NOT NULL" : " IS NULL") + " AND "
                        + workflow.stateColumn() + " IN (" + CreateWorkflowSql.literals(states) + ");");
            });
        }

        if (!droppedFields.isEmpty()) {
            sql.section("Removed fields");
            droppedFields.forEach(f -> sql.line("ALTER TABLE " + table + " DROP COLUMN " + f.column() + ";"));
        }

        List<EdgeRow> retired = old.edges().stream()
                .filter(e -> next.edges().stream().noneMatch(e::sameEdge)).toList();
        if (!retired.isEmpty()) {
            sql.section("Transitions removed: retired, since history rows may reference them");
            sql.line("UPDATE " + Naming.transitionTable(workflow) + " SET retired = true");
            sql.line(" WHERE (transition, from_state, to_state) IN (" + retired.stream()
                    .map(e -> "(" + CreateWorkflowSql.literal(e.transition()) + ", " + CreateWorkflowSql.literal(e.from())
                            + ", " + CreateWorkflowSql.literal(e.to()) + ")")
                    .collect(Collectors.joining(", ")) + ");");
        }

        Optional<String> oldDefault = singleInitial(old.states().stream().filter(Snapshot.State::initial)
                .map(Snapshot.State::name).toList());
        Optional<String> newDefault = singleInitial(workflow.initialStates().stream().map(State::name).toList());
        if (!oldDefault.equals(newDefault)) {
            sql.section("The state a new row starts in");
            sql.line("ALTER TABLE " + table + " ALTER COLUMN " + workflow.stateColumn()
                    + newDefault.map(s -> " SET DEFAULT " + CreateWorkflowSql.literal(s)).orElse(" DROP DEFAULT") + ";");
        }

        List<String> functions = next.functions().keySet().stream()
                .filter(f -> !Objects.equals(old.functions().get(f), next.functions().get(f))).toList();
        boolean before0019 = before0019();
        if (before0019) {
            sql.section("Who created each row, and which login role made each change (decision 0019)");
            sql.line("ALTER TABLE " + table + " ADD COLUMN " + Naming.CREATED_BY + " text, ADD COLUMN "
                    + Naming.CREATED_REASON + " text, ADD COLUMN " + Naming.CREATED_LOGIN_ROLE + " text;");
            sql.line("ALTER TABLE " + Naming.historyTable(workflow) + " ADD COLUMN " + Naming.LOGIN_ROLE + " text;");
        }
        if (!functions.isEmpty()) {
            sql.section("Trigger functions. " + CreateWorkflowSql.FUNCTIONS_NOTE);
            functions.forEach(f -> sql.text(CreateWorkflowSql.createFunction(objects.functions().get(f)
                    .replaceFirst("^CREATE FUNCTION ", "CREATE OR REPLACE FUNCTION "))));
        }
        if (!old.functions().containsKey(Naming.beforeDeleteFunction(workflow))) {
            // Built before decision 0018: the triggers that replace the history's foreign keys come first.
            sql.section("Triggers that keep the history whole without foreign keys (decision 0018)");
            List.of(Naming.beforeDeleteFunction(workflow), Naming.beforeTruncateTrigger(workflow),
                            Naming.historyBeforeInsertTrigger(workflow), Naming.edgesKeptFunction(workflow))
                    .forEach(trigger -> sql.text(objects.triggers().get(trigger)));
            sql.line("ALTER TABLE " + Naming.historyTable(workflow)
                    + " DROP CONSTRAINT IF EXISTS " + Naming.historyEntityForeignKey(workflow)
                    + ", DROP CONSTRAINT IF EXISTS " + Naming.historyEdgeForeignKey(workflow) + ";");
        }
        if (before0019) {
            sql.section("The history written by the owner's trigger alone, the edges by the owner alone, and the"
                    + " functions run by their triggers alone (decision 0019); its actor and reason bounded, checked"
                    + " for new rows now and for the rows it holds by the next migration");
            sql.line(CreateWorkflowSql.historyRowSecurity(workflow));
            CreateWorkflowSql.historyChecks(workflow).forEach((name, definition) -> sql.line("ALTER TABLE "
                    + Naming.historyTable(workflow) + " ADD CONSTRAINT " + name + " " + definition + " NOT VALID;"));
            sql.text(objects.triggers().get(Naming.edgesOwnerOnlyFunction(workflow)));
            sql.line("REVOKE EXECUTE ON FUNCTION " + next.functions().keySet().stream().map(f -> f + "()")
                    .collect(Collectors.joining(", ")) + " FROM PUBLIC;");
        }

        if (!checksToAdd.isEmpty() || !becomingNotNull.isEmpty()) {
            sql.section("Constraints, checked for new writes now and for existing rows by the next migration");
            checksToAdd.forEach((name, definition) ->
                    sql.line("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + definition + " NOT VALID;"));
            becomingNotNull.forEach(f -> sql.line("ALTER TABLE " + table + " ADD CONSTRAINT " + Naming.notNullCheck(workflow, f)
                    + " CHECK (" + f.column() + " IS NOT NULL) NOT VALID;"));
        }
        if (!indexesToCreate.isEmpty()) {
            sql.section("Indexes");
            sql.line(INDEX_IN_TRANSACTION);
            indexesToCreate.values().forEach(i -> sql.line("-- squawk-ignore require-concurrent-index-creation\n" + i));
        }
        privileges(sql);
        comments(sql, checksToAdd.keySet());
        return sql.toString();
    }

    /** Grants that move: what a role no option names any more is taken back, a newly named role gets its share. */
    private void privileges(Sql sql) {
        Grants before = old.granted();
        if (before.equals(grants)) {
            return;
        }
        sql.section(CreateWorkflowSql.GRANTS_NOTE);
        if (!Objects.equals(before.application(), grants.application())) {
            before.applicationRole().ifPresent(role -> sql.text(CreateWorkflowSql.revoke(workflow, role)));
        }
        if (!Objects.equals(before.readOnly(), grants.readOnly())) {
            before.readOnlyRole().ifPresent(role -> sql.text(CreateWorkflowSql.revoke(workflow, role)));
        }
        Grants added = new Grants(Objects.equals(before.application(), grants.application()) ? null : grants.application(),
                Objects.equals(before.readOnly(), grants.readOnly()) ? null : grants.readOnly());
        if (!added.isEmpty()) {
            sql.text(CreateWorkflowSql.grant(workflow, added));
        }
    }

    private void comments(Sql sql, Set<String> recreatedChecks) {
        Map<String, String> oldComments = new LinkedHashMap<>();
        old.comments().forEach((object, text) -> oldComments.put(renamedObject(object), text));
        List<String> statements = new ArrayList<>();
        next.comments().forEach((object, text) -> {
            boolean recreated = recreatedChecks.stream().anyMatch(c -> object.startsWith("CONSTRAINT " + c + " ON "));
            if (recreated || !text.equals(oldComments.get(object))) {
                statements.add(CreateWorkflowSql.commentOn(object, text));
            }
        });
        oldComments.keySet().stream()
                .filter(object -> !next.comments().containsKey(object) && stillExists(object))
                .forEach(object -> statements.add(CreateWorkflowSql.commentOn(object, null)));
        if (!statements.isEmpty()) {
            sql.section("Comments");
            statements.forEach(sql::line);
        }
    }

    /** A comment's object under its declared name, for a column renamed by this migration. */
    private String renamedObject(String object) {
        for (Field field : workflow.fields()) {
            Column before = oldFieldOf.get(field.name());
            if (before != null && object.equals("COLUMN " + table + "." + before.column())) {
                return "COLUMN " + table + "." + field.column();
            }
        }
        return object;
    }

    /** Whether a commented object survives the migration: dropped columns and checks take their comments along. */
    private boolean stillExists(String object) {
        boolean droppedColumn = droppedFields.stream().anyMatch(f -> object.equals("COLUMN " + table + "." + f.column()));
        boolean droppedCheck = old.constraints().keySet().stream()
                .anyMatch(c -> object.startsWith("CONSTRAINT " + c + " ON ") && !next.constraints().containsKey(c));
        return !droppedColumn && !droppedCheck;
    }

    /** Whether the schema was built before decision 0019, which this migration brings it up to. */
    private boolean before0019() {
        return !old.functions().containsKey(Naming.edgesOwnerOnlyFunction(workflow));
    }

    /**
     * The second migration: it validates what the first added NOT VALID. The CHECKs a newer
     * Statewise adds on values that were always allowed (on the history, or a field's values its
     * Java type cannot hold) are validated where the rows allow, and otherwise stay NOT VALID,
     * saying so: old rows cannot be rewritten, and new ones are checked all the same.
     */
    private String validation(Map<String, String> checksToAdd, List<Field> becomingNotNull,
            Set<String> historyChecks) {
        if (checksToAdd.isEmpty() && becomingNotNull.isEmpty() && historyChecks.isEmpty()) {
            return "";
        }
        Sql sql = new Sql();
        sql.comment("Statewise: validates the constraints that the previous migration of workflow "
                + workflow.qualifiedName() + " added NOT VALID, in a transaction of its own: validating scans "
                + "the table without blocking its readers and writers. Commit this file and never edit it.");
        sql.line("");
        sql.line(LOCK_TIMEOUT);
        sql.line("");
        Set<String> valueChecks = workflow.fields().stream()
                .filter(f -> f.type().kind() != FieldType.Kind.ENUM && f.type().kind().hasOwnCheck())
                .filter(f -> oldFieldOf.containsKey(f.name()))
                .map(f -> Naming.fieldCheck(workflow, f)).collect(Collectors.toSet());
        checksToAdd.keySet().forEach(c -> sql.line(valueChecks.contains(c) ? validateWhereRowsAllow(table, c)
                : "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + c + ";"));
        historyChecks.forEach(c -> sql.line(validateWhereRowsAllow(Naming.historyTable(workflow), c)));
        for (Field field : becomingNotNull) {
            String check = Naming.notNullCheck(workflow, field);
            sql.line("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check + ";");
            sql.line("-- A validated CHECK (... IS NOT NULL) spares SET NOT NULL its scan of the table.");
            sql.line("ALTER TABLE " + table + " ALTER COLUMN " + field.column() + " SET NOT NULL;");
            sql.line("ALTER TABLE " + table + " DROP CONSTRAINT " + check + ";");
        }
        return sql.toString();
    }

    private static String validateWhereRowsAllow(String table, String check) {
        return """
                DO $validate$ BEGIN
                    ALTER TABLE %1$s VALIDATE CONSTRAINT %2$s;
                EXCEPTION WHEN check_violation THEN
                    RAISE WARNING '%2$s stays NOT VALID: rows written before it break it; new rows are checked';
                END $validate$;""".formatted(table, check);
    }

    private static Optional<String> singleInitial(List<String> initial) {
        return initial.size() == 1 ? Optional.of(initial.get(0)) : Optional.empty();
    }

    /** The entries of {@code now} that are new or differ from {@code before}. */
    private static Map<String, String> changed(Map<String, String> before, Map<String, String> now) {
        Map<String, String> changed = new LinkedHashMap<>();
        now.forEach((name, definition) -> {
            if (!definition.equals(before.get(name))) {
                changed.put(name, definition);
            }
        });
        return changed;
    }

    /** The names of {@code before} that {@code now} lacks or defines differently. */
    private static Set<String> dropped(Map<String, String> before, Map<String, String> now) {
        Set<String> dropped = new LinkedHashSet<>();
        before.forEach((name, definition) -> {
            if (!definition.equals(now.get(name))) {
                dropped.add(name);
            }
        });
        return dropped;
    }

    /** A migration's text, in sections that appear only when they hold a statement. */
    private static final class Sql {
        private final StringBuilder text = new StringBuilder();
        private String pendingSection;

        void section(String title) {
            pendingSection = title;
        }

        void line(String line) {
            if (pendingSection != null) {
                String title = pendingSection;
                pendingSection = null;
                if (!text.toString().endsWith("\n\n")) {
                    text.append('\n');
                }
                comment(title);
            }
            text.append(line).append('\n');
        }

        /** A comment, in lines of at most 100 characters where its words allow. */
        void comment(String words) {
            text(CreateWorkflowSql.commentLines(words));
        }

        /** A block that ends with its own line break. */
        void text(String block) {
            line(block.stripTrailing());
        }

        @Override
        public String toString() {
            return text.toString().stripTrailing() + "\n";
        }
    }
}
