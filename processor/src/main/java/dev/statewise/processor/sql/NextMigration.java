package dev.statewise.processor.sql;

import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.Invariant;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.schema.Grants;
import dev.statewise.processor.schema.Sql;
import dev.statewise.processor.schema.SqlType;
import dev.statewise.processor.schema.WorkflowSchema;
import dev.statewise.processor.schema.WorkflowSchema.Privileges;
import dev.statewise.processor.schema.WorkflowSchema.RowSecurity;
import dev.statewise.processor.schema.WorkflowSchema.Check;
import dev.statewise.processor.schema.WorkflowSchema.Comment;
import dev.statewise.processor.schema.WorkflowSchema.OnColumn;
import dev.statewise.processor.schema.WorkflowSchema.OnConstraint;
import dev.statewise.processor.schema.WorkflowSchema.Target;
import dev.statewise.processor.schema.WorkflowSchema.TriggerFunction;
import dev.statewise.processor.sql.Match.Fill;
import dev.statewise.processor.sql.MigrationStep.AddAuditColumns;
import dev.statewise.processor.sql.MigrationStep.AddCheckNotValid;
import dev.statewise.processor.sql.MigrationStep.AddColumn;
import dev.statewise.processor.sql.MigrationStep.AddEdges;
import dev.statewise.processor.sql.MigrationStep.AddForeignKeyNotValid;
import dev.statewise.processor.sql.MigrationStep.ChangeType;
import dev.statewise.processor.sql.MigrationStep.CreateIndex;
import dev.statewise.processor.sql.MigrationStep.CreateTrigger;
import dev.statewise.processor.sql.MigrationStep.DropColumn;
import dev.statewise.processor.sql.MigrationStep.DropConstraint;
import dev.statewise.processor.sql.MigrationStep.DropHistoryForeignKeys;
import dev.statewise.processor.sql.MigrationStep.DropIndex;
import dev.statewise.processor.sql.MigrationStep.DropNotNull;
import dev.statewise.processor.sql.MigrationStep.EventFeed;
import dev.statewise.processor.sql.MigrationStep.EnableRowSecurity;
import dev.statewise.processor.sql.MigrationStep.FillValues;
import dev.statewise.processor.sql.MigrationStep.GrantPrivileges;
import dev.statewise.processor.sql.MigrationStep.IndexInTransaction;
import dev.statewise.processor.sql.MigrationStep.MoveRows;
import dev.statewise.processor.sql.MigrationStep.RenameColumn;
import dev.statewise.processor.sql.MigrationStep.RepairStateTimes;
import dev.statewise.processor.sql.MigrationStep.ReplaceFunction;
import dev.statewise.processor.sql.MigrationStep.RetireEdges;
import dev.statewise.processor.sql.MigrationStep.RevokeExecute;
import dev.statewise.processor.sql.MigrationStep.RevokePrivileges;
import dev.statewise.processor.sql.MigrationStep.Section;
import dev.statewise.processor.sql.MigrationStep.SetComment;
import dev.statewise.processor.sql.MigrationStep.SetNotNull;
import dev.statewise.processor.sql.MigrationStep.SetStateDefault;
import dev.statewise.processor.sql.MigrationStep.StateTimeColumns;
import dev.statewise.processor.sql.MigrationStep.SwitchTrigger;
import dev.statewise.processor.sql.MigrationStep.ValidateConstraint;
import dev.statewise.processor.sql.MigrationStep.ValidateRule;
import dev.statewise.processor.sql.MigrationStep.ValidateWhereRowsAllow;
import dev.statewise.processor.sql.Snapshot.Column;
import dev.statewise.processor.sql.Snapshot.EdgeRow;
import dev.statewise.runtime.Columns.History;
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
 * schema of its declaration, keeping every row and leaving each valid under the new rules. In three
 * steps: the declaration is matched with the snapshot ({@link Match}), the change is planned as
 * typed {@link MigrationStep}s, and {@link MigrationSql} writes them.
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

    private final Snapshot old;
    private final Workflow workflow;
    private final Grants grants;
    private final Snapshot next;
    private final WorkflowSchema schema;
    private final WorkflowSchema.StateTimes times;
    private final String snapshotFile;
    private final String table;
    private final List<Change> changes = new ArrayList<>();
    private Match match;

    private NextMigration(Snapshot old, Workflow workflow, Grants grants, String snapshotFile) {
        this.old = old;
        this.workflow = workflow;
        this.grants = grants;
        this.next = Snapshot.of(workflow, grants, old.migrations());
        this.schema = WorkflowSchema.of(workflow, grants);
        this.times = schema.times();
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
        match = Match.of(old, workflow, schema, snapshotFile);
        if (!match.problems().isEmpty()) {
            return new Result(Optional.empty(), match.problems());
        }
        describeChanges();
        Set<String> checksToAdd = changed(old.constraints(), next.constraints()).keySet();
        List<Field> becomingNotNull = workflow.fields().stream()
                .filter(f -> f.presence() == Field.Presence.ALWAYS)
                .filter(f -> match.oldFieldOf.get(f.name()) == null
                        || match.oldFieldOf.get(f.name()).presence() != Field.Presence.ALWAYS)
                .toList();
        String words = changes.stream().map(Change::words).collect(Collectors.joining(", "));
        String migration = MigrationSql.migration(workflow, words, snapshotFile, steps(checksToAdd, becomingNotNull));
        String validation = MigrationSql.validation(workflow, validationSteps(checksToAdd, becomingNotNull));
        return new Result(Optional.of(new Plan(List.copyOf(changes), migration, validation, next)), List.of());
    }

    // What changed, in words

    private void describeChanges() {
        for (State state : workflow.states()) {
            String before = match.oldStateOf.get(state.name());
            if (before == null) {
                change("add state " + state.name(), "add_state_" + lower(state.name()));
            } else if (!before.equals(state.name())) {
                change("rename state " + before + " to " + state.name(),
                        "rename_state_" + lower(before) + "_to_" + lower(state.name()));
            } else {
                Snapshot.State was = old.state(before).orElseThrow();
                Snapshot.State is = next.state(state.name()).orElseThrow();
                if (was.initial() != is.initial() || was.terminal() != is.terminal()) {
                    change("change state " + state.name(), "change_state_" + lower(state.name()));
                } else if (was.timeout() == null && is.timeout() != null) {
                    change("add a timeout to " + state.name(), "add_timeout_" + lower(state.name()));
                } else if (was.timeout() != null && is.timeout() == null) {
                    change("remove the timeout of " + state.name(), "remove_timeout_" + lower(state.name()));
                } else if (!Objects.equals(was.timeout(), is.timeout())) {
                    change("change the timeout of " + state.name(), "change_timeout_" + lower(state.name()));
                }
            }
        }
        match.movedTo.forEach((removed, target) ->
                change("remove state " + removed + " (rows move to " + target + ")", "remove_state_" + lower(removed)));
        for (Field field : workflow.fields()) {
            Column before = match.oldFieldOf.get(field.name());
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
        match.droppedFields.forEach(f -> change("remove field " + f.name(), "remove_" + Naming.snakeCase(f.name())));
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
            } else if (!before.equals(now) && !match.touchesRenamedState(before)) {
                change("change transition " + transition, "change_transition_" + Naming.snakeCase(transition));
            }
        }
        describeRuleChanges();
        if (workflow.feed() && !old.feed()) {
            change("add the event feed", "add_event_feed");
        } else if (!workflow.feed() && old.feed()) {
            change("remove the event feed", "remove_event_feed");
        }
        if (workflow.notifies() && !old.notifies()) {
            change("notify the event feed's listeners", "notify_event_feed");
        } else if (workflow.feed() && old.notifies() && !workflow.notifies()) {
            change("stop notifying the event feed's listeners", "stop_notifying_event_feed");
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
     * Rules between fields added, changed (their expression or states) or removed, by their
     * constraints: a rule's text may hold anything, and these words go into a comment of the SQL.
     */
    private void describeRuleChanges() {
        next.declaredRules().keySet().forEach(constraint -> {
            String definition = old.constraints().get(constraint);
            if (definition == null) {
                change("add rule " + constraint, "add_" + ruleSlug(constraint));
            } else if (!definition.equals(next.constraints().get(constraint))) {
                change("change rule " + constraint, "change_" + ruleSlug(constraint));
            }
        });
        old.declaredRules().keySet().stream().filter(c -> !next.declaredRules().containsKey(c))
                .forEach(constraint -> change("remove rule " + constraint, "remove_" + ruleSlug(constraint)));
    }

    /** A rule's constraint without its table: {@code funded_amount_le_amount_rule}. */
    private String ruleSlug(String constraint) {
        return constraint.startsWith(table + "_") ? constraint.substring(table.length() + 1) : constraint;
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

    private void change(String words, String slug) {
        changes.add(new Change(words, slug));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // The plan

    private List<MigrationStep> steps(Set<String> checksToAdd, List<Field> becomingNotNull) {
        List<MigrationStep> steps = new ArrayList<>();
        dropped(old.constraints(), next.constraints()).forEach(c -> steps.add(new DropConstraint(table, c)));
        Set<String> indexesToDrop = dropped(old.indexes(), next.indexes());
        if (!indexesToDrop.isEmpty()) {
            steps.add(new IndexInTransaction(Section.DROPPED));
        }
        indexesToDrop.forEach(i -> steps.add(new DropIndex(i)));

        for (Field field : workflow.fields()) {
            Column before = match.oldFieldOf.get(field.name());
            SqlType type = type(field);
            if (before == null) {
                steps.add(new AddColumn(table, field.column(), type));
            } else {
                if (!before.column().equals(field.column())) {
                    steps.add(new RenameColumn(table, before.column(), field.column()));
                }
                if (!SqlType.parse(before.type()).equals(type)) {
                    steps.add(new ChangeType(table, field.column(), type));
                }
                if (before.presence() == Field.Presence.ALWAYS && field.presence() != Field.Presence.ALWAYS) {
                    steps.add(new DropNotNull(table, field.column()));
                }
            }
        }

        List<String> timesAdded = new ArrayList<>();
        List<String> timesDropped = new ArrayList<>();
        if (sinceAdded()) {
            timesAdded.add(times.since());
        }
        boolean deadlinesBefore = old.comments().containsKey(new OnColumn(table, Naming.stateDeadline(workflow)).sql());
        if (times.deadline().isPresent() && !deadlinesBefore) {
            timesAdded.addAll(List.of(times.deadline().get(), times.retryAt().orElseThrow()));
        } else if (times.deadline().isEmpty() && deadlinesBefore) {
            timesDropped.addAll(List.of(Naming.stateDeadline(workflow), Naming.stateRetryAt(workflow)));
        }
        if (!timesAdded.isEmpty() || !timesDropped.isEmpty()) {
            steps.add(new StateTimeColumns(table, timesAdded, timesDropped,
                    sinceAdded() ? Optional.of(times.since()) : Optional.empty()));
        }
        if (workflow.feed() != old.feed()) {
            steps.add(eventFeed());
        }

        String edges = schema.edges().name();
        List<EdgeRow> added = next.edges().stream().filter(e -> old.edges().stream().noneMatch(e::equals)).toList();
        if (!added.isEmpty()) {
            steps.add(new AddEdges(edges, added));
        }

        Map<String, String> moves = match.moves();
        if (!moves.isEmpty()) {
            String trigger = Naming.beforeUpdateFunction(workflow);
            steps.add(new SwitchTrigger(table, trigger, false));
            moves.forEach((from, to) -> steps.add(new MoveRows(table, workflow.stateColumn(), from, to,
                    match.fills.getOrDefault(from, List.of()), entered(to))));
            steps.add(new SwitchTrigger(table, trigger, true));
        }
        Map<Fill, List<String>> staying = new LinkedHashMap<>();
        match.fills.forEach((source, needed) -> {
            if (!moves.containsKey(source)) {
                needed.forEach(fill -> staying.computeIfAbsent(fill, f -> new ArrayList<>()).add(source));
            }
        });
        staying.forEach((fill, states) -> steps.add(new FillValues(table, workflow.stateColumn(), fill, states)));
        match.droppedFields.forEach(f -> steps.add(new DropColumn(table, f.column())));

        List<EdgeRow> retired = old.edges().stream().filter(e -> next.edges().stream().noneMatch(e::sameEdge)).toList();
        if (!retired.isEmpty()) {
            steps.add(new RetireEdges(edges, retired));
        }
        Optional<String> oldDefault = singleInitial(old.states().stream().filter(Snapshot.State::initial)
                .map(Snapshot.State::name).toList());
        Optional<String> newDefault = singleInitial(workflow.initialStates().stream().map(State::name).toList());
        if (!oldDefault.equals(newDefault)) {
            steps.add(new SetStateDefault(table, workflow.stateColumn(), newDefault));
        }

        if (before0019()) {
            steps.add(new AddAuditColumns(table, List.of(Naming.CREATED_BY, Naming.CREATED_REASON,
                    Naming.CREATED_LOGIN_ROLE), schema.history().name(), Naming.LOGIN_ROLE));
        }
        schema.functions().stream()
                .filter(f -> !Objects.equals(old.functions().get(f.name()), next.functions().get(f.name())))
                .forEach(f -> steps.add(new ReplaceFunction(f)));
        steps.addAll(upgradeSteps());

        for (String name : checksToAdd) {
            schema.table().checks().stream().filter(c -> c.name().equals(name)).findFirst().ifPresentOrElse(
                    check -> steps.add(new AddCheckNotValid(Section.CONSTRAINTS, table, check)),
                    () -> steps.add(new AddForeignKeyNotValid(table, name, next.constraints().get(name))));
        }
        becomingNotNull.forEach(f -> steps.add(new AddCheckNotValid(Section.CONSTRAINTS, table,
                new Check(Naming.notNullCheck(workflow, f), Sql.of("$C IS NOT NULL", f.column())))));
        if (sinceAdded()) {
            steps.add(new AddCheckNotValid(Section.CONSTRAINTS, table,
                    new Check(Naming.sinceNotNullCheck(workflow), Sql.of("$C IS NOT NULL", times.since()))));
        }
        Set<String> indexesToCreate = new LinkedHashSet<>(changed(old.indexes(), next.indexes()).keySet());
        if (workflow.feed() && !old.feed()) {
            // On the history, which the snapshot's indexes leave out: partial, so the rows there are leave it empty.
            indexesToCreate.add(Naming.feedIndex(workflow));
        }
        if (!indexesToCreate.isEmpty()) {
            steps.add(new IndexInTransaction(Section.INDEXES));
            schema.indexes().stream().filter(i -> indexesToCreate.contains(i.name()))
                    .forEach(i -> steps.add(new CreateIndex(SchemaSql.index(i, Sql.Dialect.POSTGRES))));
        }
        steps.addAll(privilegeSteps());
        steps.addAll(commentSteps(checksToAdd));
        return steps;
    }

    /**
     * The event feed turned on, with its positions granted to the roles that keep their privileges
     * (a role named anew gets them with the others), or turned off.
     */
    private EventFeed eventFeed() {
        String positions = Naming.feedPositionTable(workflow);
        String history = schema.history().name();
        if (!workflow.feed()) {
            return new EventFeed(false, table, Naming.stateFeedXid(workflow), history, null, positions, "", "");
        }
        String checkName = Naming.historyCheck(workflow, History.FEED_XID);
        Check check = schema.history().checks().stream().filter(c -> c.name().equals(checkName)).findFirst().orElseThrow();
        WorkflowSchema.Table table = schema.objects().stream()
                .filter(o -> o instanceof WorkflowSchema.Table t && t.name().equals(positions))
                .map(WorkflowSchema.Table.class::cast).findFirst().orElseThrow();
        Grants before = old.granted();
        StringBuilder granted = new StringBuilder();
        if (before.application() != null && before.application().equals(grants.application())) {
            granted.append(SchemaSql.grantPositions(positions, before.application()));
        }
        if (before.readOnly() != null && before.readOnly().equals(grants.readOnly())) {
            granted.append("GRANT SELECT ON " + positions + " TO " + before.readOnly() + ";\n");
        }
        return new EventFeed(true, this.table, Naming.stateFeedXid(workflow), history, check, positions,
                SchemaSql.table(table, Sql.Dialect.POSTGRES, true, t -> true), granted.toString());
    }

    /**
     * What a schema written by an older Statewise lacks, told by the objects its snapshot lacks:
     * before decision 0018 the triggers that replace the history's foreign keys, before decision
     * 0019 the row-level security, the bounds on the history and the edges' owner-only trigger.
     */
    private List<MigrationStep> upgradeSteps() {
        List<MigrationStep> steps = new ArrayList<>();
        if (!old.functions().containsKey(Naming.beforeDeleteFunction(workflow))) {
            Section section = Section.HISTORY_WITHOUT_FOREIGN_KEYS;
            List.of(Naming.beforeDeleteFunction(workflow), Naming.beforeTruncateTrigger(workflow),
                            Naming.historyBeforeInsertTrigger(workflow), Naming.edgesKeptFunction(workflow))
                    .forEach(trigger -> steps.add(new CreateTrigger(section, schema.trigger(trigger))));
            steps.add(new DropHistoryForeignKeys(schema.history().name(),
                    List.of(Naming.historyEntityForeignKey(workflow), Naming.historyEdgeForeignKey(workflow))));
        }
        if (before0019()) {
            schema.objects().stream().filter(RowSecurity.class::isInstance)
                    .forEach(security -> steps.add(new EnableRowSecurity((RowSecurity) security)));
            schema.history().checks().forEach(check ->
                    steps.add(new AddCheckNotValid(Section.OWNER_ONLY, schema.history().name(), check)));
            steps.add(new CreateTrigger(Section.OWNER_ONLY, schema.trigger(Naming.edgesOwnerOnlyFunction(workflow))));
            steps.add(new RevokeExecute(schema.functions().stream().map(TriggerFunction::name).toList()));
        }
        return steps;
    }

    /** Grants that move: what a role no option names any more is taken back, a newly named role gets its share. */
    private List<MigrationStep> privilegeSteps() {
        Grants before = old.granted();
        List<MigrationStep> steps = new ArrayList<>();
        Privileges privileges = privileges(grants);
        if (!Objects.equals(before.application(), grants.application())) {
            before.applicationRole().ifPresent(role -> steps.add(new RevokePrivileges(privileges, role)));
        }
        if (!Objects.equals(before.readOnly(), grants.readOnly())) {
            before.readOnlyRole().ifPresent(role -> steps.add(new RevokePrivileges(privileges, role)));
        }
        Grants added = new Grants(Objects.equals(before.application(), grants.application()) ? null : grants.application(),
                Objects.equals(before.readOnly(), grants.readOnly()) ? null : grants.readOnly());
        if (!added.isEmpty()) {
            steps.add(new GrantPrivileges(privileges(added)));
        }
        return steps;
    }

    /**
     * Comments that change, those on constraints added back with them, and those removed from
     * objects that stay; a dropped column or check takes its comment along.
     */
    private List<MigrationStep> commentSteps(Set<String> recreatedChecks) {
        Map<Target, String> oldComments = new LinkedHashMap<>();
        old.comments().forEach((object, text) -> oldComments.put(renamed(Target.parse(object)), text));
        List<MigrationStep> steps = new ArrayList<>();
        for (Comment comment : schema.comments()) {
            boolean recreated = comment.on() instanceof OnConstraint c && recreatedChecks.contains(c.constraint());
            if (recreated || !comment.text().equals(oldComments.get(comment.on()))) {
                steps.add(new SetComment(comment.on().sql(), comment.text()));
            }
        }
        Set<Target> commented = schema.comments().stream().map(Comment::on).collect(Collectors.toSet());
        oldComments.keySet().stream()
                .filter(on -> !commented.contains(on) && stillExists(on))
                .forEach(on -> steps.add(new SetComment(on.sql(), null)));
        return steps;
    }

    /** A comment's object under its declared name, for a column renamed by this migration. */
    private Target renamed(Target on) {
        if (on instanceof OnColumn column && column.table().equals(table)) {
            for (Field field : workflow.fields()) {
                Column before = match.oldFieldOf.get(field.name());
                if (before != null && column.column().equals(before.column())) {
                    return new OnColumn(table, field.column());
                }
            }
        }
        return on;
    }

    /** Whether a commented object survives the migration: dropped columns and checks take their comments along. */
    private boolean stillExists(Target on) {
        boolean droppedColumn = on instanceof OnColumn column && column.table().equals(table)
                && (match.droppedFields.stream().anyMatch(f -> f.column().equals(column.column()))
                        || times.deadline().isEmpty() && (column.column().equals(Naming.stateDeadline(workflow))
                                || column.column().equals(Naming.stateRetryAt(workflow))));
        boolean feedDropped = old.feed() && !workflow.feed() && (on instanceof OnColumn column
                && (column.table().equals(Naming.feedPositionTable(workflow))
                        || column.table().equals(table) && column.column().equals(Naming.stateFeedXid(workflow))
                        || column.table().equals(schema.history().name())
                                && List.of(History.VERSION, History.FEED_XID).contains(column.column()))
                || on instanceof WorkflowSchema.OnTable t && t.table().equals(Naming.feedPositionTable(workflow)));
        boolean droppedCheck = on instanceof OnConstraint constraint
                && old.constraints().containsKey(constraint.constraint())
                && !next.constraints().containsKey(constraint.constraint());
        return !droppedColumn && !droppedCheck && !feedDropped;
    }

    /** Whether the schema was built before decision 0019, which this migration brings it up to. */
    private boolean before0019() {
        return !old.functions().containsKey(Naming.edgesOwnerOnlyFunction(workflow));
    }

    /**
     * The second migration: it validates what the first added NOT VALID. The CHECKs a newer
     * Statewise adds on values that were always allowed (on the history, or a field's values its
     * Java type cannot hold) are validated where the rows allow, and otherwise stay NOT VALID.
     */
    private List<MigrationStep> validationSteps(Set<String> checksToAdd, List<Field> becomingNotNull) {
        Set<String> valueChecks = workflow.fields().stream()
                .filter(f -> f.type().kind() != FieldType.Kind.ENUM && f.type().kind().hasOwnCheck())
                .filter(f -> match.oldFieldOf.containsKey(f.name()))
                .map(f -> Naming.fieldCheck(workflow, f)).collect(Collectors.toSet());
        List<MigrationStep> steps = new ArrayList<>();
        repair().ifPresent(where -> steps.add(new RepairStateTimes(table, times.columns().subList(0, times.deadline().isPresent() ? 2 : 1), where)));
        Map<String, Invariant> rules = new LinkedHashMap<>();
        workflow.invariants().forEach(i -> rules.put(Naming.ruleCheck(workflow, i), i));
        for (String c : checksToAdd) {
            if (valueChecks.contains(c)) {
                steps.add(new ValidateWhereRowsAllow(table, c));
            } else if (rules.containsKey(c)) {
                steps.add(ruleValidation(rules.get(c)));
            } else {
                steps.add(new ValidateConstraint(table, c));
            }
        }
        if (before0019()) {
            schema.history().checks().forEach(c -> steps.add(new ValidateWhereRowsAllow(schema.history().name(), c.name())));
        }
        becomingNotNull.forEach(f -> steps.add(new SetNotNull(table, f.column(), Naming.notNullCheck(workflow, f))));
        if (sinceAdded()) {
            steps.add(new SetNotNull(table, times.since(), Naming.sinceNotNullCheck(workflow)));
        }
        return steps;
    }

    /**
     * A rule added or changed on a table that may hold rows breaking it: the validation names the
     * first of them and stops, so that nothing half-applied is left, before it validates.
     */
    private ValidateRule ruleValidation(Invariant invariant) {
        Check check = schema.table().checks().stream()
                .filter(c -> c.name().equals(Naming.ruleCheck(workflow, invariant))).findFirst().orElseThrow();
        return new ValidateRule(table, check, Naming.ID, "rule " + invariant.rule().text() + " in "
                + String.join(", ", invariant.states()));
    }

    /** Whether the schema was built before Statewise kept when each row entered its state (decision 0026). */
    private boolean sinceAdded() {
        return !old.comments().containsKey(new OnColumn(table, times.since()).sql());
    }

    /**
     * The rows the trigger must write anew: those from before the state's entry moment was kept,
     * and those in a state whose timeout this change adds, changes or removes.
     */
    private Optional<Sql> repair() {
        List<Sql> rows = new ArrayList<>();
        if (sinceAdded()) {
            rows.add(Sql.of("$C IS NULL", times.since()));
        }
        times.deadline().ifPresent(deadline -> {
            for (State state : workflow.states()) {
                String before = match.oldStateOf.get(state.name());
                String timeoutBefore = before == null ? null : old.state(before).orElseThrow().timeout();
                if (before == null || Objects.equals(timeoutBefore, next.state(state.name()).orElseThrow().timeout())) {
                    continue;
                }
                rows.add(times.deadline(state.name())
                        .map(d -> Sql.of("$C = $L AND $C IS DISTINCT FROM $S", workflow.stateColumn(), state.name(),
                                deadline, d.of("", Sql.column(times.since()))))
                        .orElse(Sql.of("$C = $L AND $C IS NOT NULL", workflow.stateColumn(), state.name(), deadline)));
            }
        });
        return rows.isEmpty() ? Optional.empty() : Optional.of(Sql.join("\n    OR ", rows.stream()
                .map(row -> rows.size() == 1 ? row : Sql.of("($S)", row)).toList()));
    }

    /** What the trigger, which is off while rows move, would set as they enter {@code state}. */
    private Sql entered(String state) {
        List<Sql> set = new ArrayList<>();
        set.add(Sql.of("$C = now()", times.since()));
        times.deadline().ifPresent(deadline -> {
            set.add(Sql.of("$C = $S", deadline, times.deadline(state)
                    .map(d -> d.of("", Sql.of("now()"))).orElse(Sql.of("NULL"))));
            set.add(Sql.of("$C = NULL", times.retryAt().orElseThrow()));
        });
        return Sql.join(", ", set);
    }

    private SqlType type(Field field) {
        return schema.table().column(field.column()).type();
    }

    /** The privileges the schema gives these roles. */
    private Privileges privileges(Grants roles) {
        return new Privileges(roles, List.of(table),
                workflow.feed() ? List.of(Naming.feedPositionTable(workflow)) : List.of(),
                List.of(Naming.historyTable(workflow), Naming.transitionTable(workflow)), Naming.tables(workflow));
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
}
