package dev.statewise.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as Markdown, ready for docs/performance.md. */
final class Report {

    /** The targets of the issue: a transition with every guarantee on, against each baseline. */
    private static final double TARGET_VS_BARE = 0.8;
    private static final double TARGET_VS_NAIVE = 1.5;

    private static final List<String> SETTINGS = List.of(
            "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_wal_size");

    private final StringBuilder header = new StringBuilder();
    private final StringBuilder throughput = new StringBuilder();
    private final StringBuilder serverSide = new StringBuilder();
    private final StringBuilder timeouts = new StringBuilder();
    private final StringBuilder feed = new StringBuilder();

    Report(Options options, GeneratedMigration migration) {
        line(header, "# Statewise transition benchmark");
        line(header, "");
        line(header, "- Migration under test: `%s`, generated from `%s` (SHA-256 %s)", GeneratedMigration.RESOURCE,
                Task.class.getName(), sha256(migration.text()).substring(0, 12));
        line(header, "- Options: threads %s, %d rows per thread, %d rounds of %.1f s per design after %.1f s of "
                        + "warm-up; %d rounds of server-side loops of %d transitions; timeouts: %,d due rows per run, "
                        + "workers %s, batches of %d, %d rounds; event feed: %,d events, batches of %s, %d rounds; "
                        + "parts %s",
                options.threads(), options.rowsPerThread(), options.rounds(), options.duration().toMillis() / 1000.0,
                options.warmup().toMillis() / 1000.0, options.serverRounds(), serverSideIterations(options),
                options.timeoutRows(), options.timeoutWorkers(), options.timeoutBatch(), options.timeoutRounds(),
                options.feedEvents(), options.feedBatches(), options.feedRounds(),
                options.parts().stream().map(Options.Part::option).toList());
    }

    /** Each loop moves every row of its table once, along the next edge of the loop. */
    static int serverSideIterations(Options options) {
        return options.totalRows();
    }

    void machine(Server server) throws SQLException {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        line(header, "- Machine: %d processors, %.1f GiB of memory; %s %s", Runtime.getRuntime().availableProcessors(),
                memory / (1024.0 * 1024 * 1024), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
        line(header, "- Server: %s", server.queryString("SELECT version()"));
    }

    void settings(Server server) throws SQLException {
        StringBuilder settings = new StringBuilder();
        for (String name : SETTINGS) {
            settings.append(settings.length() == 0 ? "" : ", ").append(name).append('=').append(server.setting(name));
        }
        line(header, "- Settings with fsync %s: %s", server.durable() ? "on" : "off", settings);
    }

    void throughput(boolean durable, Map<Integer, Throughput.Cell<Design>> results, List<String> verified) {
        String onOff = durable ? "on" : "off";
        line(throughput, "");
        line(throughput, "## Throughput, fsync=%s and synchronous_commit=%s", onOff, onOff);
        line(throughput, "");
        line(throughput, "Transitions per second, median (min..max) over the rounds; ratios round by round. "
                + "Other CPU: the share of the machine other processes took during the rounds.");
        line(throughput, "");
        line(throughput, "| threads | BARE | STATEWISE | NAIVE | STATEWISE / BARE | STATEWISE / NAIVE | targets (>= %.1f, >= %.1f) | other CPU |",
                TARGET_VS_BARE, TARGET_VS_NAIVE);
        line(throughput, "|---:|---:|---:|---:|---:|---:|---|---:|");
        for (Map.Entry<Integer, Throughput.Cell<Design>> entry : results.entrySet()) {
            Map<Design, List<Double>> tps = entry.getValue().perRound();
            Spread vsBare = Spread.ofRatios(tps.get(Design.STATEWISE), tps.get(Design.BARE));
            Spread vsNaive = Spread.ofRatios(tps.get(Design.STATEWISE), tps.get(Design.NAIVE));
            line(throughput, "| %d | %s | %s | %s | %s | %s | %s, %s | %s |", entry.getKey(),
                    Spread.of(tps.get(Design.BARE)).format("%,.0f"),
                    Spread.of(tps.get(Design.STATEWISE)).format("%,.0f"),
                    Spread.of(tps.get(Design.NAIVE)).format("%,.0f"),
                    vsBare.format("%.2f"), vsNaive.format("%.2f"),
                    vsBare.median() >= TARGET_VS_BARE ? "met" : "missed",
                    vsNaive.median() >= TARGET_VS_NAIVE ? "met" : "missed",
                    percent(entry.getValue().otherCpu()));
        }
        line(throughput, "");
        line(throughput, "Verified after the run:");
        line(throughput, "");
        verified.forEach(v -> line(throughput, "- %s", v));
    }

    void timeouts(boolean durable, TimeoutFiring.Result result, Options options) {
        String onOff = durable ? "on" : "off";
        line(timeouts, "");
        line(timeouts, "## Timeouts fired per second, fsync=%s and synchronous_commit=%s", onOff, onOff);
        line(timeouts, "");
        line(timeouts, "Each run fires %,d due timeouts, from a fresh `reservation` table that also holds %,d rows due "
                + "tomorrow. STATEWISE workers loop `dsl.transactionResult(tx -> repository.fireDueTimeouts(%d))`; "
                + "NAIVE instances select up to %d due rows and move each with a compare-and-set UPDATE, a transaction "
                + "each; the reference claims as the repository does (FOR UPDATE SKIP LOCKED, a batch a transaction) "
                + "and moves each row with the same UPDATE as NAIVE, without savepoint or jOOQ. Timeouts fired per "
                + "second, median (min..max) over %d rounds; ratios round by round. Stale: NAIVE updates that moved "
                + "nothing, their row taken by another instance first (lock waits included), per run; their time is a "
                + "share of the instances' time. Failed: NAIVE updates that raised an error. Other CPU: the share of "
                + "the machine other processes took during the runs.",
                options.timeoutRows(), Math.max(1, options.timeoutRows() / 10), options.timeoutBatch(),
                options.timeoutBatch(), options.timeoutRounds());
        line(timeouts, "");
        line(timeouts, "| workers | STATEWISE | NAIVE | STATEWISE / NAIVE | NAIVE stale | NAIVE time in stale "
                + "| NAIVE failed | reference: SKIP LOCKED, no savepoint | STATEWISE / reference | other CPU |");
        line(timeouts, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        result.cells().forEach((workers, cell) -> {
            List<TimeoutFiring.Run> naive = cell.runs().get(TimeoutFiring.Poller.NAIVE);
            List<Double> statewise = cell.perSecond(TimeoutFiring.Poller.STATEWISE);
            List<Double> reference = cell.perSecond(TimeoutFiring.Poller.SKIP_LOCKED);
            line(timeouts, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |", workers,
                    Spread.of(statewise).format("%,.0f"),
                    Spread.of(cell.perSecond(TimeoutFiring.Poller.NAIVE)).format("%,.0f"),
                    Spread.ofRatios(statewise, cell.perSecond(TimeoutFiring.Poller.NAIVE)).format("%.2f"),
                    Spread.of(naive.stream().map(r -> (double) r.tally().stale()).toList()).format("%,.0f"),
                    Spread.of(naive.stream().map(r -> r.tally().staleShare() * 100).toList()).format("%.0f%%"),
                    Spread.of(naive.stream().map(r -> (double) r.tally().failed()).toList()).format("%,.0f"),
                    Spread.of(reference).format("%,.0f"),
                    Spread.ofRatios(statewise, reference).format("%.2f"),
                    percent(cell.otherCpu()));
        });
        line(timeouts, "");
        line(timeouts, "Verified after each run:");
        line(timeouts, "");
        result.verified().forEach(v -> line(timeouts, "- %s", v));
    }

    /**
     * The event feed on one server: transitions per second of the generated text in its own schema
     * and of FedTask, and the events one consumer drains per second.
     */
    void feed(boolean durable, Map<Integer, Throughput.Cell<Schema>> throughputs, Schema plain, Schema fed,
            Schema notified, List<String> verified, FeedDrain.Result drain, FeedWakeUp.Result woken) {
        String onOff = durable ? "on" : "off";
        line(feed, "");
        line(feed, "## Event feed, fsync=%s and synchronous_commit=%s", onOff, onOff);
        line(feed, "");
        line(feed, "Transitions per second without the feed (the generated text of Task in its own schema), with it "
                + "(FedTask, the same declaration with `events = Events.FEED`) and with its notification "
                + "(NotifiedTask, FedTask with `events = Events.FEED_WITH_NOTIFY`), the same clients and loop as the "
                + "throughput, nothing consuming the feeds meanwhile but one session that LISTENs on NotifiedTask's "
                + "channel and reads every notification. Median (min..max) over the rounds; ratios round by round. "
                + "Other CPU: the share of the machine other processes took during the rounds.");
        line(feed, "");
        line(feed, "| threads | Task | FedTask | NotifiedTask | FedTask / Task | NotifiedTask / FedTask | other CPU |");
        line(feed, "|---:|---:|---:|---:|---:|---:|---:|");
        throughputs.forEach((threads, cell) -> {
            List<Double> without = cell.perRound().get(plain);
            List<Double> with = cell.perRound().get(fed);
            List<Double> notifying = cell.perRound().get(notified);
            line(feed, "| %d | %s | %s | %s | %s | %s | %s |", threads, Spread.of(without).format("%,.0f"),
                    Spread.of(with).format("%,.0f"), Spread.of(notifying).format("%,.0f"),
                    Spread.ofRatios(with, without).format("%.3f"), Spread.ofRatios(notifying, with).format("%.3f"),
                    percent(cell.otherCpu()));
        });
        line(feed, "");
        line(feed, "The delay from a commit to the handler that sees it, in ms, by `System.nanoTime()` in one JVM: the "
                + "writer notes it as its commit returns, the handler as it is called. Two `EventFeed`s started on "
                + "threads of their own with the default idle backoff (200 ms to 10 s), one of FedTask, which polls, "
                + "one of NotifiedTask, which a notification wakes, each starting at `NOW` for each gap; the writer "
                + "sleeps a random time, uniform from nothing to twice the gap, then moves one row of each table, "
                + "each its own transaction, in a random order. Other processes took %s of the machine meanwhile.",
                percent(woken.otherCpu()));
        line(feed, "");
        line(feed, "| mean gap (ms) | consumer | commits | median (ms) | p95 (ms) | max (ms) |");
        line(feed, "|---:|---|---:|---:|---:|---:|");
        woken.runs().forEach(r -> line(feed, "| %,d | %s | %d | %.1f | %.1f | %.1f |", r.gapMillis(), r.consumer(),
                r.delaysMillis().size(), r.percentile(0.5), r.percentile(0.95), r.percentile(1.0)));
        line(feed, "");
        line(feed, "Events one consumer drains per second: `EventFeed.builder(dsl, consumer).workflow(FedTaskWorkflow"
                + ".DESCRIPTOR).startAt(Start.BEGINNING).batchSize(n).onEach(handler)`, `runOnce()` until all %,d events "
                + "of the history are delivered (written beforehand, one transition per transaction), as %s, a new "
                + "consumer each run. The handler does nothing, or inserts a row per event through the batch's "
                + "`DSLContext`. Median (min..max) over the rounds. Empty polls: calls that delivered nothing before "
                + "the last event, the events held back by a transaction running elsewhere.",
                drain.events(), Server.APPLICATION);
        line(feed, "");
        line(feed, "| batch | handler | events per second | ms per batch | empty polls | other CPU |");
        line(feed, "|---:|---|---:|---:|---:|---:|");
        drain.runs().forEach((config, runs) -> line(feed, "| %,d | %s | %s | %s | %s | %s |", config.batch(),
                config.handler().label(),
                Spread.of(runs.stream().map(FeedDrain.Run::perSecond).toList()).format("%,.0f"),
                Spread.of(runs.stream().map(r -> r.batches() == 0 ? 0 : drain.events() * 1e3 / r.perSecond()
                        / r.batches()).toList()).format("%.2f"),
                Spread.of(runs.stream().map(r -> (double) r.emptyPolls()).toList()).format("%,.0f"),
                percent(runs.stream().mapToDouble(FeedDrain.Run::otherCpu).average().orElse(Double.NaN))));
        line(feed, "");
        line(feed, "Verified:");
        line(feed, "");
        verified.forEach(v -> line(feed, "- %s", v));
        drain.verified().forEach(v -> line(feed, "- %s", v));
        woken.verified().forEach(v -> line(feed, "- %s", v));
    }

    /**
     * The machine's one-minute load average before the run: well above zero, someone else is busy
     * on the shared machine and the figures will spread more.
     */
    void loadBeforeRun() {
        line(header, "- Load average (1 min) before the run: %.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    void serverSide(ServerSideCost.Result result) {
        Map<ServerSideCost.Case, List<Double>> costs = result.perRound();
        Map<ServerSideCost.Case, List<Double>> onCpu = result.onCpuPerRound();
        ServerSideCost.Case bare = find(costs, Design.BARE.schema(), false);
        ServerSideCost.Case statewise = find(costs, Schema.STATEWISE, false);
        ServerSideCost.Case copy = find(costs, Schema.STATEWISE_COPY, false);
        line(serverSide, "");
        line(serverSide, "## Server-side cost per transition");
        line(serverSide, "");
        line(serverSide, "Microseconds per transition in a PL/pgSQL loop over every row, inside one transaction "
                + "(no network, no commit), median (min..max) over the rounds; ratio and delta round by round. "
                + "By the loop's clock, and on a CPU: the time the loop's backend spent running, which leaves out "
                + "the time it waited for a CPU. "
                + "The variants are compared with the same text run in its own schema, created the way they are; "
                + "that copy is compared with the schema Flyway created. Every schema is created by %s, a role "
                + "that is no superuser, and the loops log in as %s, which owns nothing, unless the case says "
                + "otherwise. Other processes took %s of the machine meanwhile; the loops' backend waited for a "
                + "CPU %s of the time it could have run.", Server.OWNER, Server.APPLICATION,
                percent(result.otherCpu()), percent(result.waitingShare()));
        line(serverSide, "");
        line(serverSide, "| case | us per transition | / BARE | delta (us) | on CPU (us) | delta on CPU (us) |");
        line(serverSide, "|---|---:|---:|---:|---:|---:|");
        costs.forEach((c, us) -> {
            if (c.commitEach()) {
                return;
            }
            boolean isLoop = c.step().isEmpty();
            ServerSideCost.Case baseline = c == copy ? statewise : copy;
            boolean delta = !isLoop && c.schema().design() == Design.STATEWISE && c != statewise;
            line(serverSide, "| %s | %s | %s | %s | %s | %s |", c.label(), Spread.of(us).format("%.2f"),
                    isLoop || c == bare ? "" : Spread.ofRatios(us, costs.get(bare)).format("%.2f"),
                    delta ? Spread.ofDifferences(us, costs.get(baseline)).format("%+.2f") : "",
                    onCpu.isEmpty() ? "" : Spread.of(onCpu.get(c)).format("%.2f"),
                    delta && !onCpu.isEmpty()
                            ? Spread.ofDifferences(onCpu.get(c), onCpu.get(baseline)).format("%+.2f")
                            : "");
        });
        ServerSideCost.Case bareCommitting = find(costs, Design.BARE.schema(), true);
        line(serverSide, "");
        line(serverSide, "The same loop committing after every transition (synchronous_commit=off, so no disk wait): "
                + "what a new transaction adds to each design.");
        line(serverSide, "");
        line(serverSide, "| design | us per transition | / BARE | added by the commit (us) | on CPU (us) |");
        line(serverSide, "|---|---:|---:|---:|---:|");
        costs.forEach((c, us) -> {
            if (!c.commitEach()) {
                return;
            }
            line(serverSide, "| %s | %s | %s | %s | %s |", c.label(), Spread.of(us).format("%.2f"),
                    c == bareCommitting ? "" : Spread.ofRatios(us, costs.get(bareCommitting)).format("%.2f"),
                    Spread.ofDifferences(us, costs.get(find(costs, c.schema().name(), false))).format("%+.2f"),
                    onCpu.isEmpty() ? "" : Spread.of(onCpu.get(c)).format("%.2f"));
        });
    }

    void interleaved(Map<Schema, List<Double>> costs, Schema copy) {
        line(serverSide, "");
        line(serverSide, "## Interleaved: decision 0019, its parts, the layouts of a rule between fields, and what "
                + "timeouts and the event feed add");
        line(serverSide, "");
        line(serverSide, "The same loop, taking turns between these schemas every %d transitions, so that they share "
                + "whatever else the machine does. Microseconds per transition by the loop's clock, median (min..max) "
                + "over the rounds; delta and ratio to the generated text in its own schema, round by round.",
                InterleavedCost.CHUNK);
        line(serverSide, "");
        line(serverSide, "| case | us per transition | delta (us) | ratio |");
        line(serverSide, "|---|---:|---:|---:|");
        costs.forEach((schema, us) -> line(serverSide, "| %s | %s | %s | %s |",
                schema.name().equals(Schema.STATEWISE)
                        ? "STATEWISE, the same text in the schema Flyway created (a control)"
                        : schema.label(),
                Spread.of(us).format("%.2f"),
                schema == copy ? "" : Spread.ofDifferences(us, costs.get(copy)).format("%+.2f"),
                schema == copy ? "" : Spread.ofRatios(us, costs.get(copy)).format("%.3f")));
    }

    /** The case that runs a design's statement in the schema named, as the application. */
    private static ServerSideCost.Case find(Map<ServerSideCost.Case, List<Double>> costs, String schema,
            boolean commitEach) {
        return costs.keySet().stream()
                .filter(c -> c.schema().name().equals(schema) && c.commitEach() == commitEach
                        && !c.step().isEmpty() && c.role().equals(Server.APPLICATION))
                .findFirst()
                .orElseThrow();
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "unknown" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    String markdown() {
        return header + throughput.toString() + serverSide + timeouts + feed + "\n";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
