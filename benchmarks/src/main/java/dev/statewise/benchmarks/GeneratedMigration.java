package dev.statewise.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration the processor generated from {@link Task}, and the schemas derived from its text;
 * or that of one of the timed workflows beside it.
 *
 * <p>Every baseline and variant is the generated text with one targeted change, so they share
 * columns, types, keys and everything not named by the change. Each change insists on finding
 * what it changes: when the generator's output moves, the benchmark fails instead of quietly
 * measuring the unchanged schema.
 */
final class GeneratedMigration {

    /**
     * Where the processor writes it on the class output, which is where Flyway finds it too. The
     * processor numbers the migrations of one compile by the workflows' qualified names, so Task's
     * comes first: the workflows with a feed or a timeout are in packages whose names sort after it.
     */
    static final String RESOURCE = "db/migration/V1__create_task.sql";

    /** The version of {@link #RESOURCE}: Flyway applies the migrations up to it, and not the other workflows'. */
    static final String VERSION = "1";

    /** The migration of {@link dev.statewise.benchmarks.feed.FedTask}: Task with the event feed. */
    static final String FED_TASK = "db/migration/V2__create_fed_task.sql";

    /** The migration of {@link dev.statewise.benchmarks.timeouts.Reservation}, whose timeouts the benchmark fires. */
    static final String RESERVATION = "db/migration/V3__create_reservation.sql";

    /** The migration of {@link dev.statewise.benchmarks.timeouts.TimedTask}: Task with a timeout on IN_REVIEW. */
    static final String TIMED_TASK = "db/migration/V4__create_timed_task.sql";

    /** The migration of {@link dev.statewise.benchmarks.wakeup.NotifiedTask}, FedTask with a notification. */
    static final String NOTIFIED_TASK = "db/migration/V5__create_notified_task.sql";

    /** The processor's output for the same declaration before decision 0019, kept out of Flyway's way. */
    static final String BEFORE_0019 = "before-0019/V1__create_task.sql";

    /** The processor's output for the same declaration before every workflow kept {@code status_since}. */
    static final String BEFORE_SINCE = "before-since/V1__create_task.sql";

    private static final Pattern STATE_CHECK = Pattern.compile(
            "^([ \\t]*CONSTRAINT task_\\w+_check CHECK \\(status <> '\\w+' OR )(.+)\\)(,?)$", Pattern.MULTILINE);
    private static final Pattern STATE_CHECK_COMMENT = Pattern.compile(
            "^COMMENT ON CONSTRAINT task_\\w+_check ON task IS .*\\R", Pattern.MULTILINE);
    private static final Pattern ANY_CHECK = Pattern.compile(
            "^[ \\t]*CONSTRAINT task_\\w+_check CHECK .*\\R", Pattern.MULTILINE);
    private static final Pattern PINNED_SEARCH_PATH = Pattern.compile(
            "^[ \\t]*SET search_path = pg_catalog, pg_temp\\R", Pattern.MULTILINE);
    private static final Pattern SECURITY_DEFINER = Pattern.compile(
            "^[ \\t]*SECURITY DEFINER\\R", Pattern.MULTILINE);
    private static final Pattern HISTORY_ROW_SECURITY = Pattern.compile(
            "^ALTER TABLE task_history ENABLE ROW LEVEL SECURITY;\\R"
                    + "CREATE POLICY task_history_read ON task_history FOR SELECT USING \\(true\\);\\R",
            Pattern.MULTILINE);
    private static final Pattern OWN_TABLE_CHECK = Pattern.compile(
            "^[ \\t]*IF TG_RELID <> '@schema\\.task'::regclass THEN\\R(?:.*\\R)*?[ \\t]*END IF;\\R", Pattern.MULTILINE);
    private static final Pattern ID_CHECK = Pattern.compile(
            "^[ \\t]*IF NEW\\.id <> OLD\\.id THEN\\R(?:.*\\R)*?[ \\t]*END IF;\\R", Pattern.MULTILINE);
    private static final Pattern CREATION_KEPT = Pattern.compile(
            "^[ \\t]*NEW\\.created_(by|reason|login_role) := OLD\\.created_\\1;\\R", Pattern.MULTILINE);
    /** A field's own CHECK against values its Java type cannot hold (issue #13): an infinite date or time. */
    private static final Pattern VALUE_CHECK = Pattern.compile(
            "^    CONSTRAINT task_\\w+_check CHECK \\(isfinite\\(\\w+\\) IS NOT FALSE\\),\\R", Pattern.MULTILINE);
    private static final Pattern ACTIVE_INDEX = Pattern.compile(
            "^CREATE INDEX task_active_idx .*\\R", Pattern.MULTILINE);
    private static final Pattern STATE_INDEX = Pattern.compile(
            "^CREATE INDEX task_status_idx ON task \\(status\\);$", Pattern.MULTILINE);
    private static final Pattern HISTORY_INSERT_TRIGGER = Pattern.compile(
            "^CREATE TRIGGER task_history_before_insert .*\\R.*\\R", Pattern.MULTILINE);
    private static final String HISTORY_FOREIGN_KEYS = """
            ALTER TABLE task_history
                ADD CONSTRAINT task_history_task_fkey FOREIGN KEY (task_id) REFERENCES task (id),
                ADD CONSTRAINT task_history_transition_fkey FOREIGN KEY (from_state, to_state, transition)
                    REFERENCES task_transition (from_state, to_state, transition);
            """;
    private static final Pattern HISTORY_INSERT = Pattern.compile(
            "^[ \\t]*INSERT INTO @schema\\.task_history .*\\R[ \\t]*VALUES \\(OLD\\.id, .*\\R", Pattern.MULTILINE);
    /** A function's first line, with the DO block that writes its schema in and the comments above it. */
    private static final Pattern FIRST_FUNCTION = Pattern.compile(
            "^(?:--.*\\R)*(?:DO \\$create\\$ .*\\R)?CREATE FUNCTION ", Pattern.MULTILINE);
    private static final Pattern TERM = Pattern.compile("(\\w+) IS (NOT )?NULL");
    /** A timed workflow's partial index on the deadline. */
    private static final Pattern DEADLINE_INDEX = Pattern.compile(
            "^CREATE INDEX \\w+_status_deadline_idx ON \\w+ \\(status_deadline\\) WHERE status_deadline IS NOT NULL;\\R",
            Pattern.MULTILINE);
    /** A deadline's term in a per-state CHECK: NULL outside the timed states, the state's deadline in them. */
    private static final Pattern DEADLINE_TERM = Pattern.compile(
            " AND status_deadline (?:IS NULL|IS NOT DISTINCT FROM status_since \\+ interval '\\d+ seconds')(?=\\)\\),?$)",
            Pattern.MULTILINE);

    /** A feed's partial index on the history's feed key (decision 0028). */
    private static final Pattern FEED_INDEX = Pattern.compile(
            "^CREATE INDEX \\w+_history_feed_idx ON \\w+_history \\(feed_xid, id\\) WHERE feed_xid <> '0';\\R",
            Pattern.MULTILINE);
    /** Where the update trigger computes an event's feed key: this transaction's id, or the row's previous key. */
    private static final Pattern FEED_KEY = Pattern.compile(
            "^([ \\t]*feed_key := )greatest\\(pg_current_xact_id\\(\\), OLD\\.status_feed_xid\\);$", Pattern.MULTILINE);

    private final String text;

    private GeneratedMigration(String text) {
        this.text = text;
    }

    static GeneratedMigration fromClasspath() {
        return fromClasspath(RESOURCE);
    }

    /**
     * One of the migrations the processor wrote for this module: {@link #RESOURCE},
     * {@link #TIMED_TASK} or {@link #RESERVATION}.
     */
    static GeneratedMigration fromClasspath(String name) {
        String text = resource(name);
        if (text == null) {
            throw new IllegalStateException(name + " is not on the classpath: the Statewise processor did not run "
                    + "on this module's workflows, or numbered their migrations otherwise (by the workflows' "
                    + "qualified names). Build the module with Maven, not by hand.");
        }
        return new GeneratedMigration(text);
    }

    private static String resource(String name) {
        try (InputStream in = GeneratedMigration.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return text;
    }

    /**
     * Reference: the migration the processor generated from this declaration before decision 0019,
     * frozen in {@value #BEFORE_0019}. It must have the same edges and per-state CHECKs as the
     * generated text, so that it still describes {@link Task}.
     */
    String before0019() {
        return frozen(BEFORE_0019);
    }

    /**
     * Reference: the migration the processor generated from this declaration before every workflow
     * kept when each row entered its state ({@code status_since}, set by the triggers), frozen in
     * {@value #BEFORE_SINCE}, checked like {@link #before0019()}.
     */
    String beforeSince() {
        String frozen = frozen(BEFORE_SINCE);
        if (frozen.contains("status_since")) {
            throw new IllegalStateException(BEFORE_SINCE + " keeps status_since");
        }
        return frozen;
    }

    /** A frozen migration of this declaration: it must have the generated text's edges and per-state CHECKs. */
    private String frozen(String name) {
        String frozen = resource(name);
        if (frozen == null) {
            throw new IllegalStateException(name + " is not on the classpath");
        }
        for (String part : List.of(transitionRows(text), String.join("\n", stateChecks(text)))) {
            if (!frozen.contains(part)) {
                throw new IllegalStateException(name + " no longer matches Task.java: it lacks\n" + part);
            }
        }
        return frozen;
    }

    private static String transitionRows(String migration) {
        int start = migration.indexOf("INSERT INTO task_transition ");
        int end = migration.indexOf(";\n", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("No INSERT INTO task_transition in the generated migration");
        }
        return migration.substring(start, end + 2);
    }

    private static List<String> stateChecks(String migration) {
        List<String> checks = new ArrayList<>();
        Matcher check = STATE_CHECK.matcher(migration);
        while (check.find()) {
            checks.add(check.group());
        }
        if (checks.isEmpty()) {
            throw new IllegalStateException("No per-state CHECK in the generated migration");
        }
        return checks;
    }

    /**
     * BARE: the same table with its primary key and the index on the state column (a plain table
     * queried by state has one), without CHECKs, triggers, transition table or history.
     */
    String bare() {
        int start = text.indexOf("CREATE TABLE task (");
        int end = text.indexOf("\n);\n", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("No CREATE TABLE task in the generated migration");
        }
        String table = closeColumnList(removeAll(text.substring(start, end + 4), ANY_CHECK, "CHECK constraints"));
        Matcher index = STATE_INDEX.matcher(text);
        if (!index.find()) {
            throw new IllegalStateException("No task_status_idx in the generated migration");
        }
        return table + "\n" + index.group() + "\n";
    }

    /**
     * NAIVE: the generated tables, CHECKs and indexes without a single function or trigger, plus
     * the history's foreign keys: with the history written by the application, they are what keeps
     * its rows to existing tasks and declared edges (Statewise's trigger does it without them).
     */
    String naive() {
        return naiveWithoutForeignKeys() + "\n" + HISTORY_FOREIGN_KEYS;
    }

    /** Reference: NAIVE as the generated tables alone, its history open to any row. */
    String naiveWithoutForeignKeys() {
        Matcher functions = FIRST_FUNCTION.matcher(text);
        if (!functions.find()) {
            throw new IllegalStateException("No CREATE FUNCTION in the generated migration");
        }
        String naive = text.substring(0, functions.start());
        if (naive.contains("CREATE TRIGGER")) {
            throw new IllegalStateException("A trigger precedes the first function in the generated migration");
        }
        return naive;
    }

    /**
     * Variant (i): the functions run with the session's search_path. They still name their tables
     * with the schema; functions and operators would be found wherever the session looks first.
     */
    String withoutPinnedSearchPath() {
        return removeAll(text, PINNED_SEARCH_PATH, "SET search_path = pg_catalog, pg_temp");
    }

    /**
     * Decision 0019, reference: the update and delete triggers run with their caller's rights, not
     * as SECURITY DEFINER. The history then has no row-level security, which would refuse the
     * caller's history rows, and the application role is granted INSERT on it, as before the
     * decision ({@link Server#create} grants it wherever the update trigger is not SECURITY DEFINER).
     */
    String withCallersRights() {
        return removeAll(removeAll(text, SECURITY_DEFINER, "SECURITY DEFINER"), HISTORY_ROW_SECURITY,
                "row-level security on task_history");
    }

    /** Decision 0019, reference: the history without row-level security; the triggers keep the owner's rights. */
    String withoutHistoryRowSecurity() {
        return removeAll(text, HISTORY_ROW_SECURITY, "row-level security on task_history");
    }

    /** Decision 0019, reference: the triggers do not check that they run for their own table. */
    String withoutOwnTableCheck() {
        return removeAll(text, OWN_TABLE_CHECK, "the check of TG_RELID");
    }

    /** Decision 0019, reference: the update trigger lets a row's id change. */
    String withoutIdCheck() {
        return removeAll(text, ID_CHECK, "the check of NEW.id");
    }

    /**
     * Decision 0019, reference: the update trigger does not keep {@code created_by},
     * {@code created_reason} and {@code created_login_role} from the row before.
     */
    String withoutCreationKept() {
        return removeAll(text, CREATION_KEPT, "the creation columns kept from OLD");
    }

    /**
     * Variant (ii): each per-state CHECK counts its NULLs, {@code num_nulls(a, b) = 0 AND
     * num_nonnulls(c, d) = 0}, instead of a chain of {@code IS NOT NULL AND ... IS NULL}.
     */
    String withNumNullsChecks() {
        Matcher check = STATE_CHECK.matcher(text);
        StringBuilder out = new StringBuilder();
        int count = 0;
        while (check.find()) {
            check.appendReplacement(out, Matcher.quoteReplacement(
                    check.group(1) + countingNulls(check.group(2)) + ")" + check.group(3)));
            count++;
        }
        check.appendTail(out);
        if (count == 0) {
            throw new IllegalStateException("No per-state CHECK in the generated migration");
        }
        return out.toString();
    }

    /**
     * Rule layout (a), for issue #17: a rule between fields in a CHECK of its own, over the states
     * it holds in: the reviewer of a task in review or done is not its assignee.
     */
    String withRuleInItsOwnCheck() {
        return text + "\nALTER TABLE task ADD CONSTRAINT task_reviewer_not_assignee\n"
                + "    CHECK (status NOT IN ('IN_REVIEW', 'DONE') OR reviewer <> assignee);\n";
    }

    /** Rule layout (b): the same rule as one more term of the per-state CHECKs of IN_REVIEW and DONE. */
    String withRuleInStateChecks() {
        Matcher check = STATE_CHECK.matcher(text);
        StringBuilder out = new StringBuilder();
        int count = 0;
        while (check.find()) {
            String condition = check.group(2);
            if (check.group(1).contains("'IN_REVIEW'") || check.group(1).contains("'DONE'")) {
                condition = condition.substring(0, condition.length() - 1) + " AND reviewer <> assignee)";
                count++;
            }
            check.appendReplacement(out, Matcher.quoteReplacement(check.group(1) + condition + ")" + check.group(3)));
        }
        check.appendTail(out);
        if (count != 2) {
            throw new IllegalStateException("Expected the per-state CHECKs of IN_REVIEW and DONE, found " + count);
        }
        return out.toString();
    }

    /** A timed workflow's migration without the partial index on its deadline. */
    String withoutDeadlineIndex() {
        return removeAll(text, DEADLINE_INDEX, "partial index on status_deadline");
    }

    /** A timed workflow's migration without the deadline's terms in its per-state CHECKs. */
    String withoutDeadlineTerms() {
        return removeAll(text, DEADLINE_TERM, "status_deadline terms in the per-state CHECKs");
    }

    /** A migration with the event feed, without the partial index on the history's feed key. */
    String withoutFeedIndex() {
        return removeAll(text, FEED_INDEX, "partial index on the history's feed_xid");
    }

    /**
     * A migration with the event feed whose update trigger gives every event the same constant
     * key, {@code '1'}, instead of {@code greatest(pg_current_xact_id(), OLD.status_feed_xid)}:
     * what computing the key costs. Wrong as a feed, harmless in a loop that is rolled back.
     */
    String withConstantFeedKey() {
        Matcher key = FEED_KEY.matcher(text);
        if (!key.find()) {
            throw new IllegalStateException("No feed_key := greatest(...) in the generated migration");
        }
        return key.replaceAll("$1'1'::xid8;");
    }

    /** Reference: no CHECK against the values the fields' Java types cannot hold. */
    String withoutValueChecks() {
        return removeAll(text, VALUE_CHECK, "the fields' value CHECKs");
    }

    /** Variant (iii): no partial index on the active states. */
    String withoutActiveIndex() {
        return removeAll(text, ACTIVE_INDEX, "task_active_idx");
    }

    /** Reference, not a proposal: no per-state CHECKs at all, to show what they cost together. */
    String withoutStateChecks() {
        String withoutChecks = removeAll(text, Pattern.compile(STATE_CHECK.pattern() + "\\R", Pattern.MULTILINE),
                "per-state CHECKs");
        return closeColumnList(removeAll(withoutChecks, STATE_CHECK_COMMENT, "per-state CHECK comments"));
    }

    /** Reference: the trigger checks the edge and keeps the version but writes no history row. */
    String withoutHistoryRow() {
        return removeAll(text, HISTORY_INSERT, "INSERT INTO task_history in the trigger");
    }

    /**
     * Reference: the history as Statewise built it before decision 0018, with its two foreign keys
     * and without the trigger that refuses rows written outside a trigger.
     */
    String withHistoryForeignKeys() {
        return removeAll(text, HISTORY_INSERT_TRIGGER, "task_history_before_insert") + "\n" + HISTORY_FOREIGN_KEYS;
    }

    private static String countingNulls(String condition) {
        String terms = condition.startsWith("(") && condition.endsWith(")")
                ? condition.substring(1, condition.length() - 1)
                : condition;
        List<String> required = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        for (String term : terms.split(" AND ")) {
            Matcher m = TERM.matcher(term);
            if (!m.matches()) {
                throw new IllegalStateException("Unexpected term in a per-state CHECK: " + term);
            }
            (m.group(2) != null ? required : forbidden).add(m.group(1));
        }
        List<String> counts = new ArrayList<>();
        if (!required.isEmpty()) {
            counts.add("num_nulls(" + String.join(", ", required) + ") = 0");
        }
        if (!forbidden.isEmpty()) {
            counts.add("num_nonnulls(" + String.join(", ", forbidden) + ") = 0");
        }
        return counts.size() == 1 ? counts.get(0) : "(" + String.join(" AND ", counts) + ")";
    }

    private static String removeAll(String in, Pattern what, String name) {
        Matcher m = what.matcher(in);
        if (!m.find()) {
            throw new IllegalStateException("No " + name + " in the generated migration");
        }
        return m.replaceAll("");
    }

    /** Removing the last constraints of a CREATE TABLE leaves a comma before its closing parenthesis. */
    private static String closeColumnList(String in) {
        return in.replace(",\n);", "\n);");
    }
}
