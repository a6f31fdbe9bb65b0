package dev.statewise.benchmarks;

import dev.statewise.benchmarks.wakeup.NotifiedTaskWorkflow;
import java.io.PrintStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures what a Statewise transition costs against a bare UPDATE and a hand-written two-statement
 * design, on embedded PostgreSQL: throughput from 1 to 16 client threads with commits durable and
 * not, the server-side cost per transition, and the same for variants of the generated schema;
 * what timeouts and the event feed add, how fast timeouts fire and how fast a consumer drains the feed.
 * Prints Markdown on standard output and progress on standard error. See benchmarks/README.md.
 */
public final class TransitionBenchmark {

    private static final String BEFORE_0019 = "before_0019";
    private static final String NO_SEARCH_PATH = "no_search_path";
    private static final String RULE_OWN_CHECK = "rule_own_check";
    private static final String RULE_IN_STATE_CHECKS = "rule_in_state_checks";

    private TransitionBenchmark() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Options options = Options.fromSystemProperties();
        GeneratedMigration migration = GeneratedMigration.fromClasspath();
        Report report = new Report(options, migration);
        report.loadBeforeRun();
        PrintStream progress = System.err;

        Map<Design, Schema> measured = new EnumMap<>(Design.class);
        measured.put(Design.BARE, new Schema(Design.BARE.schema(), "BARE", Design.BARE, migration.bare(), false,
                "SELECT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'bare.task'::regclass"
                        + " AND contype = 'c')"));
        measured.put(Design.NAIVE, new Schema(Design.NAIVE.schema(), "NAIVE", Design.NAIVE, migration.naive(), true,
                "SELECT NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'naive') AND (SELECT count(*) = 2 FROM pg_constraint"
                        + " WHERE conrelid = 'naive.task_history'::regclass AND contype = 'f')"));
        measured.put(Design.STATEWISE, new Schema(Schema.STATEWISE, "STATEWISE", Design.STATEWISE, null, true,
                pinsSearchPath(Schema.STATEWISE, true)));
        Schema copy = new Schema(Schema.STATEWISE_COPY, "STATEWISE, the same text run in its own schema",
                Design.STATEWISE, migration.text(), true, pinsSearchPath(Schema.STATEWISE_COPY, true));
        List<Schema> variants = List.of(
                copy,
                new Schema(NO_SEARCH_PATH, "(i) without `SET search_path = pg_catalog, pg_temp`",
                        Design.STATEWISE, migration.withoutPinnedSearchPath(), true,
                        pinsSearchPath(NO_SEARCH_PATH, false)),
                new Schema("num_nulls_checks", "(ii) per-state CHECKs with num_nulls()/num_nonnulls()",
                        Design.STATEWISE, migration.withNumNullsChecks(), true,
                        "SELECT count(*) > 0 AND bool_and(pg_get_constraintdef(oid) ~ 'num_(non)?nulls')"
                                + " FROM pg_constraint WHERE conrelid = 'num_nulls_checks.task'::regclass"
                                + " AND contype = 'c' AND conname <> 'task_status_check'"
                                + " AND pg_get_constraintdef(oid) NOT LIKE '%isfinite%'"),
                new Schema("no_active_index", "(iii) without the partial index task_active_idx",
                        Design.STATEWISE, migration.withoutActiveIndex(), true,
                        "SELECT to_regclass('no_active_index.task_active_idx') IS NULL"
                                + " AND to_regclass('no_active_index.task_status_idx') IS NOT NULL"),
                new Schema("no_state_checks", "reference: no per-state CHECKs at all",
                        Design.STATEWISE, migration.withoutStateChecks(), false,
                        "SELECT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'no_state_checks.task'::regclass"
                                + " AND contype = 'c' AND conname <> 'task_status_check'"
                                + " AND pg_get_constraintdef(oid) NOT LIKE '%isfinite%')"),
                new Schema("history_fkeys", "reference: the history with its two foreign keys, as before decision 0018",
                        Design.STATEWISE, migration.withHistoryForeignKeys(), true,
                        "SELECT count(*) = 2 FROM pg_constraint"
                                + " WHERE conrelid = 'history_fkeys.task_history'::regclass AND contype = 'f'"
                                + " AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'task_history_before_insert'"
                                + " AND tgrelid = 'history_fkeys.task_history'::regclass)"),
                new Schema(BEFORE_0019, "reference: the schema before decision 0019, as generated then",
                        Design.STATEWISE, migration.before0019(), true,
                        "SELECT bool_and(NOT p.prosecdef AND array_to_string(p.proconfig, ',') = 'search_path=before_0019')"
                                + " AND NOT (SELECT relrowsecurity FROM pg_class"
                                + " WHERE oid = 'before_0019.task_history'::regclass)"
                                + " AND NOT EXISTS (SELECT FROM pg_attribute WHERE attname = 'created_by'"
                                + " AND attrelid = 'before_0019.task'::regclass)"
                                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                                + " WHERE n.nspname = 'before_0019'"),
                new Schema("naive_no_fkeys", "reference: NAIVE without the history's foreign keys",
                        Design.NAIVE, migration.naiveWithoutForeignKeys(), true,
                        "SELECT NOT EXISTS (SELECT 1 FROM pg_constraint"
                                + " WHERE conrelid = 'naive_no_fkeys.task_history'::regclass AND contype = 'f')"));
        // Decision 0019 one part at a time; measured by InterleavedCost alone, beside the schema before it.
        Schema secondCopy = new Schema("statewise_copy2", "the same text again, in a second schema of its own (a control)",
                Design.STATEWISE, migration.text(), true, pinsSearchPath("statewise_copy2", true));
        List<Schema> hardeningParts = List.of(
                new Schema("callers_rights", "the triggers with their caller's rights (no SECURITY DEFINER;"
                        + " the history without row-level security, INSERT on it granted)",
                        Design.STATEWISE, migration.withCallersRights(), true,
                        "SELECT NOT bool_or(p.prosecdef) AND NOT (SELECT relrowsecurity FROM pg_class"
                                + " WHERE oid = 'callers_rights.task_history'::regclass)"
                                + " AND has_table_privilege('" + Server.APPLICATION + "', 'callers_rights.task_history',"
                                + " 'INSERT')"
                                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                                + " WHERE n.nspname = 'callers_rights'"),
                new Schema("no_history_rls", "the history without row-level security",
                        Design.STATEWISE, migration.withoutHistoryRowSecurity(), true,
                        "SELECT NOT relrowsecurity AND NOT has_table_privilege('" + Server.APPLICATION + "',"
                                + " 'no_history_rls.task_history', 'INSERT')"
                                + " AND " + updateTrigger("no_history_rls", "p.prosecdef")
                                + " FROM pg_class WHERE oid = 'no_history_rls.task_history'::regclass"),
                new Schema("no_own_table_check", "no own-table check"
                        + " (`TG_RELID <> '<schema>.task'::regclass`)",
                        Design.STATEWISE, migration.withoutOwnTableCheck(), true,
                        "SELECT " + updateTrigger("no_own_table_check", "p.prosrc NOT LIKE '%TG_RELID%'")),
                new Schema("no_id_check", "no id check (`NEW.id <> OLD.id`)",
                        Design.STATEWISE, migration.withoutIdCheck(), true,
                        "SELECT " + updateTrigger("no_id_check", "p.prosrc NOT LIKE '%NEW.id <> OLD.id%'")),
                new Schema("no_creation_kept", "`created_by`, `created_reason`, `created_login_role`"
                        + " not kept from OLD",
                        Design.STATEWISE, migration.withoutCreationKept(), true,
                        "SELECT " + updateTrigger("no_creation_kept", "p.prosrc !~ 'OLD\\.created_(by|reason|login_role)'")),
                new Schema("no_value_checks", "no CHECK against infinite dates and times (`task_start_date_check`,"
                        + " `task_completed_at_check`)",
                        Design.STATEWISE, migration.withoutValueChecks(), true,
                        "SELECT NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'no_value_checks.task'::regclass"
                                + " AND pg_get_constraintdef(oid) LIKE '%isfinite%')"),
                new Schema(RULE_OWN_CHECK, "rule layout (a): `reviewer <> assignee` in IN_REVIEW and DONE,"
                        + " in a CHECK of its own",
                        Design.STATEWISE, migration.withRuleInItsOwnCheck(), true,
                        "SELECT count(*) = 1 FROM pg_constraint WHERE conrelid = '" + RULE_OWN_CHECK + ".task'::regclass"
                                + " AND pg_get_constraintdef(oid) LIKE '%reviewer <> assignee%'"),
                new Schema(RULE_IN_STATE_CHECKS, "rule layout (b): the same rule inside the per-state CHECKs of"
                        + " IN_REVIEW and DONE",
                        Design.STATEWISE, migration.withRuleInStateChecks(), true,
                        "SELECT count(*) = 2 FROM pg_constraint WHERE conrelid = '" + RULE_IN_STATE_CHECKS
                                + ".task'::regclass AND conname IN ('task_in_review_check', 'task_done_check')"
                                + " AND pg_get_constraintdef(oid) LIKE '%reviewer <> assignee%'"));
        // What timeouts add: measured server-side beside the variants, and interleaved like decision 0019's parts.
        List<Schema> timeoutSchemas = List.of(TimeoutSchemas.beforeSince(migration),
                TimeoutSchemas.timed(TaskWorkflow.DESCRIPTOR));
        // Parts of a timeout's cost, interleaved only.
        List<Schema> timeoutParts = List.of(TimeoutSchemas.timedWithoutIndex(), TimeoutSchemas.timedWithoutTerms());
        // What the event feed adds: measured server-side beside the variants, and interleaved with its parts.
        Schema fed = FeedSchemas.fed(TaskWorkflow.DESCRIPTOR, migration);
        List<Schema> feedParts = List.of(FeedSchemas.fedWithoutIndex(), FeedSchemas.fedWithConstantKey());
        // What FEED_WITH_NOTIFY adds to FedTask: interleaved, and in the feed's throughput and delays.
        Schema notified = FeedSchemas.notified();
        Schema noHistoryRow = new Schema("no_history_row", "reference: the trigger writes no history row",
                Design.STATEWISE, migration.withoutHistoryRow(), true,
                "SELECT " + updateTrigger("no_history_row", "p.prosrc NOT LIKE '%INSERT INTO%task_history%'"));

        ExecutorService pool = Executors.newFixedThreadPool(options.poolSize(), runnable -> {
            Thread thread = new Thread(runnable, "bench-client");
            thread.setDaemon(true);
            return thread;
        });
        try {
            boolean first = true;
            boolean firedBefore = false;
            boolean drainedBefore = false;
            for (boolean durable : options.durability()) {
                progress.printf("PostgreSQL with fsync and synchronous_commit %s%n", durable ? "on" : "off");
                try (Server server = Server.start(durable)) {
                    if (first) {
                        report.machine(server);
                    }
                    report.settings(server);
                    boolean serverSide = first && options.runs(Options.Part.SERVER_SIDE);
                    boolean interleavedCost = first && options.runs(Options.Part.INTERLEAVED);
                    boolean throughput = options.runs(Options.Part.THROUGHPUT);
                    List<Schema> schemas = new ArrayList<>();
                    if (serverSide || interleavedCost) {
                        schemas.addAll(measured.values());
                        schemas.addAll(variants);
                        schemas.add(secondCopy);
                        schemas.addAll(hardeningParts);
                        schemas.addAll(timeoutSchemas);
                        schemas.addAll(timeoutParts);
                        schemas.add(fed);
                        schemas.addAll(feedParts);
                        schemas.add(notified);
                        schemas.add(noHistoryRow);
                    } else if (throughput) {
                        schemas.addAll(measured.values());
                    }
                    boolean feedPart = options.runs(Options.Part.FEED);
                    if (feedPart) {
                        // Its throughput compares FedTask with the generated text created the same way.
                        // and NotifiedTask with FedTask.
                        List.of(copy, fed, notified).stream().filter(s -> !schemas.contains(s)).forEach(schemas::add);
                    }
                    for (Schema schema : schemas) {
                        server.create(schema, options.totalRows());
                        Verification.beforeTiming(server, schema);
                    }
                    // Once is enough: no loop waits for the disk, so durability does not reach them.
                    if (serverSide) {
                        List<ServerSideCost.Case> cases = new ArrayList<>();
                        cases.add(ServerSideCost.Case.loopOverhead(measured.get(Design.BARE)));
                        measured.values().forEach(m -> cases.add(ServerSideCost.Case.of(m)));
                        variants.forEach(v -> cases.add(ServerSideCost.Case.of(v)));
                        timeoutSchemas.forEach(t -> cases.add(ServerSideCost.Case.of(t)));
                        cases.add(ServerSideCost.Case.of(fed));
                        cases.add(ServerSideCost.Case.asOwner(copy,
                                "reference: the same text, the loop run by the tables' owner, not the application"));
                        // Without the loop's count of history rows, since it writes none.
                        cases.add(new ServerSideCost.Case(noHistoryRow.label(), noHistoryRow,
                                Design.STATEWISE.serverSideStep(), false, false, Server.APPLICATION));
                        measured.values().forEach(m -> cases.add(ServerSideCost.Case.committingEach(m)));
                        report.serverSide(ServerSideCost.measure(server, cases,
                                Report.serverSideIterations(options), options.serverRounds(), progress));
                    }
                    if (interleavedCost) {
                        List<Schema> interleaved =
                                new ArrayList<>(List.of(copy, secondCopy, measured.get(Design.STATEWISE)));
                        variants.stream().filter(v -> List.of(BEFORE_0019, NO_SEARCH_PATH, RULE_OWN_CHECK,
                                        RULE_IN_STATE_CHECKS).contains(v.name()))
                                .forEach(interleaved::add);
                        interleaved.addAll(hardeningParts);
                        interleaved.addAll(timeoutSchemas);
                        interleaved.addAll(timeoutParts);
                        interleaved.add(fed);
                        interleaved.addAll(feedParts);
                        interleaved.add(notified);
                        report.interleaved(InterleavedCost.measure(server, interleaved,
                                Report.serverSideIterations(options), options.serverRounds(), progress), copy);
                    }
                    server.checkpoint();

                    if (throughput) {
                        Map<Design, Rows> rows = new EnumMap<>(Design.class);
                        Map<Design, Long> history = new EnumMap<>(Design.class);
                        Map<Design, Throughput.Lane> lanes = new EnumMap<>(Design.class);
                        try (Connection c = server.connect()) {
                            for (Design design : Design.values()) {
                                Rows designRows = Rows.read(c, measured.get(design));
                                rows.put(design, designRows);
                                history.put(design, Verification.historyRows(server, measured.get(design)));
                                lanes.put(design, (connection, from, to) ->
                                        design.worker(connection, designRows, from, to));
                            }
                        }
                        Map<Integer, Throughput.Cell<Design>> results =
                                new Throughput<>(server, lanes, options, pool, progress).measure();
                        List<String> verified = new ArrayList<>();
                        for (Design design : Design.values()) {
                            verified.add(Verification.afterThroughput(server, measured.get(design), rows.get(design),
                                    history.get(design)));
                        }
                        report.throughput(durable, results, verified);
                    }
                    if (options.runs(Options.Part.TIMEOUTS)) {
                        TimeoutFiring firing = new TimeoutFiring(server, options, pool, progress);
                        report.timeouts(durable, firing.measure(!firedBefore), options);
                        firedBefore = true;
                    }
                    if (feedPart) {
                        Map<Schema, Rows> rows = new LinkedHashMap<>();
                        Map<Schema, Long> history = new LinkedHashMap<>();
                        Map<Schema, Throughput.Lane> lanes = new LinkedHashMap<>();
                        try (Connection c = server.connect()) {
                            for (Schema schema : List.of(copy, fed, notified)) {
                                Rows schemaRows = Rows.read(c, schema);
                                rows.put(schema, schemaRows);
                                history.put(schema, Verification.historyRows(server, schema));
                                lanes.put(schema, (connection, from, to) -> new Worker.Statewise(connection,
                                        schemaRows, from, to, schema.workflowTable()));
                            }
                        }
                        progress.println("  event feed: throughput without it, with it, and with its notification");
                        Map<Integer, Throughput.Cell<Schema>> results;
                        List<String> verified = new ArrayList<>();
                        // Someone reads the notifications as they come, as a notified EventFeed does.
                        try (Listening listening = Listening.on(server, NotifiedTaskWorkflow.DESCRIPTOR.feed()
                                .notifyChannel())) {
                            results = new Throughput<>(server, lanes, options, pool, progress).measure();
                            long transitions = rows.get(notified).totalTransitions();
                            verified.add(String.format(Locale.ROOT, "%s: %,d notifications heard by one LISTEN"
                                    + " session for as many transitions, each its own transaction",
                                    notified.workflowTable(), listening.awaitHeard(transitions)));
                        }
                        for (Schema schema : lanes.keySet()) {
                            verified.add(Verification.afterThroughput(server, schema, rows.get(schema),
                                    history.get(schema)));
                        }
                        FeedDrain.Result drained = new FeedDrain(server, options, progress).measure(!drainedBefore);
                        drainedBefore = true;
                        FeedWakeUp.Result woken = new FeedWakeUp(server, options, progress, fed, notified).measure();
                        report.feed(durable, results, copy, fed, notified, verified, drained, woken);
                    }
                }
                first = false;
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.print(report.markdown());
        progress.printf("Done in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** A condition on the schema's {@code task_before_update} function, {@code p} in pg_proc. */
    private static String updateTrigger(String schema, String condition) {
        return "(SELECT " + condition + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = '" + schema + "' AND p.proname = 'task_before_update')";
    }

    /** Whether every function of the schema pins its search_path, or none does. */
    private static String pinsSearchPath(String schema, boolean pinned) {
        return "SELECT count(*) > 0 AND bool_and(p.proconfig IS " + (pinned ? "NOT " : "") + "NULL)"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = '" + schema + "'";
    }
}
