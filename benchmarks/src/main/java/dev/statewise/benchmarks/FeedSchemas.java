package dev.statewise.benchmarks;

import dev.statewise.benchmarks.feed.FedTask;
import dev.statewise.benchmarks.feed.FedTaskWorkflow;
import dev.statewise.benchmarks.wakeup.NotifiedTask;
import dev.statewise.benchmarks.wakeup.NotifiedTaskWorkflow;
import dev.statewise.runtime.WorkflowDescriptor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schemas that show what the event feed adds to a transition (decision 0028), measured against
 * the generated text in its own schema, in the server-side loop on a CPU ({@link ServerSideCost})
 * and interleaved with it ({@link InterleavedCost}):
 *
 * <ul>
 *   <li>the task board with {@code events = Events.FEED} ({@code FedTask}, table {@code fed_task}):
 *       it costs what the feed adds to every transition, the feed key computed in the update
 *       trigger ({@code greatest(pg_current_xact_id(), OLD.status_feed_xid)}), the history's
 *       {@code version} and {@code feed_xid} and the row's {@code status_feed_xid} written, the
 *       history's {@code CHECK (feed_xid <> '0')}, and an entry in the partial index on the feed key;
 *   <li>two parts of that, interleaved only: {@code FedTask} without the partial index, and with a
 *       constant key in place of the {@code greatest(pg_current_xact_id(), ...)}. What they leave
 *       is the columns, the CHECK and the triggers' assignments.
 * </ul>
 *
 * <p>And what {@code events = Events.FEED_WITH_NOTIFY} adds to that: {@code NotifiedTask}, table
 * {@code notified_task}, whose update trigger also runs {@code PERFORM pg_notify('notified_task_feed', '')}.
 *
 * <p>The run stops unless {@code FedTask}'s declaration is Task's with the feed, and its migration
 * Task's with the feed's objects alone added ({@link #requireTwin}); and unless {@code NotifiedTask}'s
 * is FedTask's with the notification alone added ({@link #requireNotifyingTwin}).
 */
final class FeedSchemas {

    static final String FED = "fed_task";
    static final String FED_NO_INDEX = "fed_no_feed_index";
    static final String FED_CONSTANT_KEY = "fed_constant_key";
    static final String NOTIFIED = "notified_task";

    /**
     * What the feed adds to a workflow's migration, each found at least once in FedTask's text
     * once its whitespace is collapsed and its names are Task's, and replaced by what Task's
     * migration has there: the columns and their comments, the history's CHECK, the index, the
     * positions table, and the triggers' lines that keep the key.
     */
    private static final List<Edit> FEED_EDITS = List.of(
            new Edit("status_feed_xid xid8 DEFAULT pg_current_xact_id\\(\\), ", ""),
            new Edit("COMMENT ON COLUMN task\\.status_feed_xid IS '(?:[^']|'')*'; ", ""),
            new Edit("version bigint, feed_xid xid8 NOT NULL DEFAULT pg_current_xact_id\\(\\), ", ""),
            new Edit(", CONSTRAINT task_history_feed_xid_check CHECK \\(feed_xid <> '0'\\)", ""),
            new Edit("COMMENT ON COLUMN task_history\\.(?:version|feed_xid) IS '(?:[^']|'')*'; ", ""),
            new Edit("CREATE INDEX task_history_feed_idx ON task_history \\(feed_xid, id\\) WHERE feed_xid <> '0'; ", ""),
            new Edit("CREATE TABLE task_feed_position \\(.*?\\); COMMENT ON TABLE task_feed_position IS '(?:[^']|'')*'; ",
                    ""),
            new Edit("NEW\\.status_feed_xid := NULL; ", ""),
            new Edit("feed_key xid8; ", ""),
            new Edit("feed_key := greatest\\(pg_current_xact_id\\(\\), OLD\\.status_feed_xid\\); ", ""),
            new Edit("(INSERT INTO @schema\\.task_history \\([^)]*), version, feed_xid\\)", "$1)"),
            new Edit("(VALUES \\(OLD\\.id, [^)]*), OLD\\.version \\+ 1, feed_key\\)", "$1)"),
            new Edit("NEW\\.status_feed_xid := feed_key; ELSE NEW\\.status_feed_xid := OLD\\.status_feed_xid; ", ""));

    private FeedSchemas() {}

    /**
     * The generated migration of {@code FedTask}, once its declaration and its migration are found
     * to be Task's with the event feed and nothing else.
     */
    static Schema fed(WorkflowDescriptor task, GeneratedMigration taskMigration) {
        requireTwin(task, FedTaskWorkflow.DESCRIPTOR, taskMigration, fedMigration());
        return new Schema(FED, "`FedTask`: the same declaration with `events = Events.FEED`",
                Design.STATEWISE, fedMigration().text(), true,
                "SELECT (SELECT count(*) = 1 FROM pg_attribute WHERE attrelid = '" + FED + ".fed_task'::regclass"
                        + " AND attname = 'status_feed_xid')"
                        + " AND (SELECT count(*) = 2 FROM pg_attribute WHERE attrelid = '" + FED
                        + ".fed_task_history'::regclass AND attname IN ('version', 'feed_xid'))"
                        + " AND to_regclass('" + FED + ".fed_task_history_feed_idx') IS NOT NULL"
                        + " AND to_regclass('" + FED + ".fed_task_feed_position') IS NOT NULL"
                        + " AND " + updateTrigger(FED, "p.prosrc LIKE"
                        + " '%feed_key := greatest(pg_current_xact_id(), OLD.status_feed_xid);%'"),
                FED);
    }

    /**
     * The generated migration of {@code NotifiedTask}, once its declaration and its migration are
     * found to be FedTask's with the notification and nothing else.
     */
    static Schema notified() {
        requireNotifyingTwin(FedTaskWorkflow.DESCRIPTOR, NotifiedTaskWorkflow.DESCRIPTOR, fedMigration(),
                notifiedMigration());
        return new Schema(NOTIFIED, "`NotifiedTask`: FedTask with `events = Events.FEED_WITH_NOTIFY`",
                Design.STATEWISE, notifiedMigration().text(), true,
                "SELECT to_regclass('" + NOTIFIED + ".notified_task_feed_position') IS NOT NULL"
                        + " AND " + updateTrigger(NOTIFIED, "notified_task_before_update",
                        "p.prosrc LIKE '%PERFORM pg_notify(''notified_task_feed'', '''');%'"),
                NOTIFIED);
    }

    /** {@code FedTask} without the partial index on the history's feed key. */
    static Schema fedWithoutIndex() {
        return new Schema(FED_NO_INDEX, "`FedTask` without the partial index `fed_task_history_feed_idx`",
                Design.STATEWISE, fedMigration().withoutFeedIndex(), true,
                "SELECT NOT EXISTS (SELECT FROM pg_index WHERE indrelid = '" + FED_NO_INDEX
                        + ".fed_task_history'::regclass AND pg_get_indexdef(indexrelid) LIKE '%feed_xid%')"
                        + " AND " + updateTrigger(FED_NO_INDEX, "p.prosrc LIKE '%greatest(pg_current_xact_id()%'"),
                FED);
    }

    /** {@code FedTask} whose update trigger gives every event a constant key. */
    static Schema fedWithConstantKey() {
        return new Schema(FED_CONSTANT_KEY, "`FedTask` with a constant feed key: no `pg_current_xact_id()`,"
                + " no `greatest()`",
                Design.STATEWISE, fedMigration().withConstantFeedKey(), true,
                "SELECT to_regclass('" + FED_CONSTANT_KEY + ".fed_task_history_feed_idx') IS NOT NULL"
                        + " AND " + updateTrigger(FED_CONSTANT_KEY, "p.prosrc NOT LIKE '%pg_current_xact_id%'"
                        + " AND p.prosrc LIKE '%feed_key := ''1''::xid8;%'"),
                FED);
    }

    static GeneratedMigration fedMigration() {
        return GeneratedMigration.fromClasspath(GeneratedMigration.FED_TASK);
    }

    static GeneratedMigration notifiedMigration() {
        return GeneratedMigration.fromClasspath(GeneratedMigration.NOTIFIED_TASK);
    }

    /**
     * Refuses a notifying workflow whose states, fields or edges are not exactly those of the feed
     * without notification, or whose migration, its names made the other's, differs from the
     * other's by more than the update trigger's one {@code PERFORM pg_notify} line.
     */
    static void requireNotifyingTwin(WorkflowDescriptor fed, WorkflowDescriptor notifying,
            GeneratedMigration fedMigration, GeneratedMigration notifyingMigration) {
        if (!Twin.sameMachine(fed, notifying) || fed.feed() == null || notifying.feed() == null
                || fed.feed().notifyChannel() != null || notifying.feed().notifyChannel() == null
                || !fed.timedStates().isEmpty() || !notifying.timedStates().isEmpty()) {
            throw new IllegalStateException(notifying.name() + " is no longer " + fed.name()
                    + " with a notification: keep the two declarations alike, so that their difference is"
                    + " the notification");
        }
        String renamed = collapse(notifyingMigration.text())
                .replace(NotifiedTask.class.getName(), FedTask.class.getName())
                .replace(notifying.name(), fed.name())
                .replace(notifying.table(), fed.table());
        renamed = new Edit("PERFORM pg_notify\\('" + Pattern.quote(fed.table() + "_feed") + "', ''\\); ", "")
                .apply(renamed);
        String expected = collapse(fedMigration.text());
        if (!renamed.equals(expected)) {
            int at = 0;
            while (at < Math.min(renamed.length(), expected.length()) && renamed.charAt(at) == expected.charAt(at)) {
                at++;
            }
            throw new IllegalStateException(notifying.name() + "'s migration differs from " + fed.name()
                    + "'s by more than the notification, first at\n  " + around(renamed, at) + "\nwhere "
                    + fed.name() + "'s has\n  " + around(expected, at));
        }
    }

    /**
     * Refuses a workflow with a feed whose states, fields or edges are not exactly those of the one
     * without, or whose migration differs from the other's by more than the feed's objects and the
     * table's name.
     */
    static void requireTwin(WorkflowDescriptor plain, WorkflowDescriptor fed, GeneratedMigration plainMigration,
            GeneratedMigration fedMigration) {
        if (!Twin.sameMachine(plain, fed) || plain.feed() != null || fed.feed() == null
                || !plain.timedStates().isEmpty() || !fed.timedStates().isEmpty()) {
            throw new IllegalStateException(fed.name() + " is no longer " + plain.name()
                    + " with the event feed: keep the two declarations alike, so that their difference is the feed");
        }
        String renamed = collapse(fedMigration.text())
                .replace(FedTask.class.getName(), Task.class.getName())
                .replace(fed.name(), plain.name())
                .replace(fed.table(), plain.table());
        for (Edit edit : FEED_EDITS) {
            renamed = edit.apply(renamed);
        }
        String expected = collapse(plainMigration.text());
        if (!renamed.equals(expected)) {
            int at = 0;
            while (at < Math.min(renamed.length(), expected.length()) && renamed.charAt(at) == expected.charAt(at)) {
                at++;
            }
            throw new IllegalStateException(fed.name() + "'s migration differs from " + plain.name()
                    + "'s by more than the event feed, first at\n  " + around(renamed, at) + "\nwhere "
                    + plain.name() + "'s has\n  " + around(expected, at));
        }
    }

    private static String collapse(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60));
    }

    /** A condition on the schema's {@code fed_task_before_update} function, {@code p} in pg_proc. */
    private static String updateTrigger(String schema, String condition) {
        return updateTrigger(schema, "fed_task_before_update", condition);
    }

    /** A condition on the schema's function {@code function}, {@code p} in pg_proc. */
    private static String updateTrigger(String schema, String function, String condition) {
        return "(SELECT " + condition + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = '" + schema + "' AND p.proname = '" + function + "')";
    }

    /** One change the feed makes to a migration, undone: a pattern that must be found, and what replaces it. */
    private record Edit(Pattern pattern, String replacement) {

        Edit(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }

        String apply(String text) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("The feed's migration no longer has " + pattern.pattern()
                        + ": update FeedSchemas' list of what the feed adds");
            }
            return m.replaceAll(replacement);
        }
    }
}
