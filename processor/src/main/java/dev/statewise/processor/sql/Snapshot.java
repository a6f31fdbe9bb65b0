package dev.statewise.processor.sql;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.statewise.processor.model.Edge;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.statewise.processor.schema.Grants;
import dev.statewise.processor.schema.Sql;
import dev.statewise.processor.schema.SqlType;
import dev.statewise.processor.schema.WorkflowSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the committed migrations of one workflow have built: its states, fields, edges and the
 * names and definitions of the objects a change may alter, with the migrations themselves and
 * their checksums. Committed beside the migrations as {@code <table>.snapshot.json}, it is what
 * the next compile compares the declaration with.
 *
 * @param format the file's format version
 * @param note what the file is, for a reader who comes across it
 * @param foreignKeys the foreign keys of {@code @References} fields; {@code null}, and absent from
 *     the file, when there are none
 * @param functions each trigger function's SHA-256, to tell when one must be replaced
 * @param rules the CHECK of each {@code @Invariant} by name, with the rule in words,
 *     {@code in FUNDED: fundedAmount <= amount}; {@code null}, and absent from the file, when there
 *     are none
 * @param grants the roles the migrations granted privileges to; {@code null}, and absent from the
 *     file, when they granted none
 * @param events {@code FEED} or {@code FEED_WITH_NOTIFY} for a workflow with an event feed;
 *     {@code null}, and absent from the file, for one without
 * @param migrations the workflow's migrations, oldest first
 */
public record Snapshot(
        int format,
        String note,
        String workflow,
        String table,
        String stateColumn,
        List<State> states,
        List<Column> fields,
        List<EdgeRow> edges,
        Map<String, String> checks,
        Map<String, String> foreignKeys,
        Map<String, String> indexes,
        Map<String, String> functions,
        Map<String, String> comments,
        Map<String, String> rules,
        Grants grants,
        String events,
        List<Migration> migrations) {

    static final int FORMAT = 1;

    /**
     * The format of a snapshot with an {@code @AllowedIn}, {@code @References} or {@code @Unique}
     * field, or with grants, which a Statewise that predates them would misread (Gson drops what it does not know):
     * it refuses the file by its format instead. Others keep format 1, byte for byte.
     */
    static final int FORMAT_2 = 2;

    /** The format of a snapshot with a {@code @Timeout}, which a Statewise that predates them would misread. */
    static final int FORMAT_3 = 3;

    /** The format of a snapshot with an event feed, which a Statewise that predates it would misread. */
    static final int FORMAT_4 = 4;


    private static final String NOTE = "Statewise: what the committed migrations of this workflow build. "
            + "Generated with them; commit it, never edit it. The next compile writes a migration for "
            + "whatever the declaration changes.";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public Snapshot {
        states = List.copyOf(states);
        fields = List.copyOf(fields);
        edges = List.copyOf(edges);
        checks = unmodifiable(checks);
        foreignKeys = foreignKeys == null || foreignKeys.isEmpty() ? null : unmodifiable(foreignKeys);
        indexes = unmodifiable(indexes);
        functions = unmodifiable(functions);
        comments = unmodifiable(comments);
        rules = rules == null || rules.isEmpty() ? null : unmodifiable(rules);
        // Absent from the file when they grant nothing, so that such snapshots read as before.
        grants = grants == null || grants.isEmpty() ? null : grants;
        migrations = List.copyOf(migrations);
    }

    /**
     * A state as the table knows it.
     *
     * @param timeout its {@code @Timeout} in words, {@code after PT72H, fire escalate}; {@code null},
     *     absent from the file, for a state without one
     */
    public record State(String name, boolean initial, boolean terminal, String timeout) {

        State(dev.statewise.processor.model.State state) {
            this(state.name(), state.initial(), state.terminal(), state.timeout().map(t -> t.after()
                    .map(after -> "after " + after).orElseGet(() -> "at " + t.at().orElseThrow())
                    + ", fire " + t.fire()).orElse(null));
        }
    }

    /**
     * A field's column.
     *
     * @param type the SQL type, e.g. {@code varchar(200)}
     * @param states the states of {@code @RequiredIn}, {@code @OnlyIn} or {@code @AllowedIn}
     * @param required with {@code @AllowedIn}, the states of the {@code @RequiredIn} beside it;
     *     {@code null} when none, so that the file leaves it out and snapshots written before it
     *     read the same
     * @param references the table of the workflow it references; {@code null}, absent from the
     *     file, for a field that references none
     * @param unique the states of its {@code @Unique}, empty for all rows; {@code null}, absent from
     *     the file, for a field that is not unique
     */
    public record Column(String name, String column, String type, Field.Presence presence, List<String> states,
            List<String> required, String references, List<String> unique) {

        public Column {
            states = List.copyOf(states);
            required = required == null || required.isEmpty() ? null : List.copyOf(required);
            unique = unique == null ? null : List.copyOf(unique);
        }

        public boolean requiredIn(String state) {
            return presence.requires(states, required == null ? List.of() : required, state);
        }

        public boolean nullIn(String state) {
            return presence.forbids(states, state);
        }
    }

    /** A row of the transition table. */
    public record EdgeRow(String transition, String from, String to, String description) {

        /** Whether two rows are the same edge, whatever their descriptions. */
        public boolean sameEdge(EdgeRow other) {
            return transition.equals(other.transition) && from.equals(other.from) && to.equals(other.to);
        }
    }

    /** A committed migration, with the SHA-256 of its text. */
    public record Migration(String file, String sha256) {}

    /** The snapshot of a workflow as declared now, granting nothing, whose schema the migrations build. */
    public static Snapshot of(Workflow workflow, List<Migration> migrations) {
        return of(workflow, Grants.NONE, migrations);
    }

    /** The snapshot of a workflow as declared now, whose schema the given migrations build. */
    public static Snapshot of(Workflow workflow, Grants grants, List<Migration> migrations) {
        WorkflowSchema schema = WorkflowSchema.of(workflow, grants);
        Map<String, String> checks = new LinkedHashMap<>();
        schema.table().checks().forEach(check -> checks.put(check.name(), check.definition()));
        Map<String, String> foreignKeys = new LinkedHashMap<>();
        schema.table().foreignKeys().forEach(key -> foreignKeys.put(key.name(), key.definition()));
        Map<String, String> indexes = new LinkedHashMap<>();
        schema.indexes().stream().filter(index -> index.table().equals(workflow.table()))
                .forEach(index -> indexes.put(index.name(), SchemaSql.index(index, Sql.Dialect.POSTGRES)));
        Map<String, String> functions = new LinkedHashMap<>();
        schema.functions().forEach(function -> functions.put(function.name(), sha256(SchemaSql.functionText(function))));
        Map<String, String> comments = new LinkedHashMap<>();
        schema.comments().forEach(comment -> comments.put(comment.on().sql(), comment.text()));
        Map<String, String> rules = new LinkedHashMap<>();
        workflow.invariants().forEach(invariant -> rules.put(Naming.ruleCheck(workflow, invariant),
                "in " + String.join(", ", invariant.states()) + ": " + invariant.rule().text()));
        boolean format2 = !grants.isEmpty() || workflow.fields().stream().anyMatch(
                f -> f.presence() == Field.Presence.ALLOWED_IN || f.reference().isPresent() || f.unique().isPresent());
        int format = workflow.feed() ? FORMAT_4 : workflow.hasTimeouts() ? FORMAT_3 : format2 ? FORMAT_2 : FORMAT;
        return new Snapshot(format, NOTE, workflow.qualifiedName(), workflow.table(),
                workflow.stateColumn(),
                workflow.states().stream().map(State::new).toList(),
                workflow.fields().stream().map(f -> new Column(f.name(), f.column(), schema.table().column(f.column()).type().toString(),
                        f.presence(), f.states(), f.requiredStates(),
                        f.reference().map(Field.Reference::table).orElse(null),
                        f.unique().map(Field.Unique::states).orElse(null))).toList(),
                workflow.edges().stream().map(Snapshot::row).toList(),
                checks, foreignKeys, indexes, functions, comments, rules, grants, workflow.feed() ? workflow.events().name() : null,
                migrations);
    }

    /** A copy that keeps the map's order and cannot change. */
    private static Map<String, String> unmodifiable(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static EdgeRow row(Edge edge) {
        String description = edge.transition().javadoc();
        return new EdgeRow(edge.name(), edge.from(), edge.to(), description.isEmpty() ? null : description);
    }

    /** This snapshot with one more migration, after the others. */
    public Snapshot with(Migration migration) {
        List<Migration> all = new ArrayList<>(migrations);
        all.add(migration);
        return new Snapshot(format, note, workflow, table, stateColumn, states, fields, edges, checks, foreignKeys,
                indexes, functions, comments, rules, grants, events, all);
    }

    /** Whether the schema is the same, whatever the migrations that built it. */
    public boolean sameSchema(Snapshot other) {
        return workflow.equals(other.workflow) && table.equals(other.table)
                && stateColumn.equals(other.stateColumn) && states.equals(other.states)
                && fields.equals(other.fields) && edges.equals(other.edges) && constraints().equals(other.constraints())
                && indexes.equals(other.indexes) && functions.equals(other.functions)
                && comments.equals(other.comments) && declaredRules().equals(other.declaredRules())
                && granted().equals(other.granted()) && Objects.equals(events, other.events);
    }

    /** The CHECK of each rule between fields by name, with the rule in words; empty when there are none. */
    public Map<String, String> declaredRules() {
        return rules == null ? Map.of() : rules;
    }

    /** Whether the migrations built an event feed. */
    public boolean feed() {
        return events != null;
    }

    /** Whether the trigger notifies the feed's listeners. */
    public boolean notifies() {
        return Workflow.Events.FEED_WITH_NOTIFY.name().equals(events);
    }

    /** The roles the migrations granted privileges to, {@link Grants#NONE} when none. */
    public Grants granted() {
        return grants == null ? Grants.NONE : grants;
    }

    /** The table's checks and foreign keys, which a migration changes alike: dropped, added NOT VALID, validated. */
    public Map<String, String> constraints() {
        Map<String, String> constraints = new LinkedHashMap<>(checks);
        if (foreignKeys != null) {
            constraints.putAll(foreignKeys);
        }
        return constraints;
    }

    public Optional<State> state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<Column> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The file's text: JSON, one value per line, so that a review shows what changed. */
    public String toJson() {
        return GSON.toJson(this) + "\n";
    }

    /**
     * Reads a snapshot file.
     *
     * @throws IllegalArgumentException when the text is not a snapshot this version can read
     */
    public static Snapshot parse(String json) {
        Snapshot snapshot;
        try {
            // The format first: a newer one may lack what this version's record needs.
            JsonElement tree = JsonParser.parseString(json);
            JsonElement format = tree.isJsonObject() ? tree.getAsJsonObject().get("format") : null;
            if (format == null || !format.isJsonPrimitive() || !format.getAsJsonPrimitive().isNumber()
                    || format.getAsInt() < FORMAT || format.getAsInt() > FORMAT_4) {
                throw new IllegalArgumentException(NOT_A_SNAPSHOT);
            }
            snapshot = GSON.fromJson(tree, Snapshot.class);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // Gson reports bad JSON as JsonParseException, a missing list as the NullPointerException
            // of a record's constructor.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (snapshot.table() == null || snapshot.stateColumn() == null) {
            throw new IllegalArgumentException(NOT_A_SNAPSHOT);
        }
        // What the next migration reads back as typed objects, read once here, so that a file
        // edited by hand is refused as unreadable rather than failing the plan.
        snapshot.fields().forEach(field -> SqlType.parse(field.type()));
        snapshot.comments().keySet().forEach(WorkflowSchema.Target::parse);
        return snapshot;
    }

    private static final String NOT_A_SNAPSHOT = "not a Statewise snapshot of format " + FORMAT + " to " + FORMAT_4;

    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
