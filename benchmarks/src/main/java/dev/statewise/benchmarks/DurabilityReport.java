package dev.statewise.benchmarks;

import dev.statewise.benchmarks.CrashableServer.Crash;
import dev.statewise.benchmarks.Durability.Isolation;
import dev.statewise.benchmarks.Durability.Load;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** The results of {@link Durability} as Markdown, and whether the run passed. */
final class DurabilityReport {

    private static final List<String> SETTINGS = List.of(
            "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "wal_level", "listen_addresses");

    private final StringBuilder header = new StringBuilder();
    private final StringBuilder concurrency = new StringBuilder();
    private final StringBuilder crashes = new StringBuilder();
    private final StringBuilder details = new StringBuilder();
    private final List<String> failures = new ArrayList<>();

    DurabilityReport(DurabilityOptions options, GeneratedMigration migration) {
        line(header, "# Statewise concurrency and crash check");
        line(header, "");
        line(header, "- Migration under test: `%s`, generated from `%s` (SHA-256 %s)", GeneratedMigration.RESOURCE,
                Task.class.getName(), sha256(migration.text()).substring(0, 12));
        line(header, "- Load: %d writers, each with its own connection, on %d shared rows; %.1f s per phase; "
                        + "one attempt in %d is a forbidden write the schema must refuse",
                options.writers(), options.rows(), options.seconds(), ContendingWriter.FORBIDDEN_EVERY);
        line(header, "- Load average (1 min) before the run: %.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (!options.synchronousCommit()) {
            line(header, "- **Negative control: synchronous_commit=off.** COMMIT returns before its WAL is "
                    + "written, so a crash is expected to lose acknowledged transitions, and the run to fail.");
        }
    }

    void setup(CrashableServer server, Deployment deployment) throws SQLException {
        StringBuilder settings = new StringBuilder();
        for (String name : SETTINGS) {
            settings.append(settings.length() == 0 ? "" : ", ").append(name).append('=').append(server.setting(name));
        }
        String version;
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            version = rs.getString(1);
        }
        String address;
        try (Connection c = server.connect(Deployment.APPLICATION, Deployment.SCHEMA); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT host(inet_server_addr()), host(inet_client_addr())")) {
            rs.next();
            address = "server " + rs.getString(1) + ", client " + rs.getString(2);
        }
        line(header, "- Machine: %d processors; %s %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
        line(header, "- Server: %s", version);
        line(header, "- Settings: %s; the writers' connections: %s", settings, address);
        line(header, "- Roles: `%s` applied %d migration(s) with Flyway and owns the tables (%s); the writers "
                        + "connect as `%s`, no superuser, owning nothing, granted %s",
                Deployment.OWNER, deployment.migrations(), deployment.owner(), Deployment.APPLICATION,
                String.join("; ", deployment.grants()));
    }

    void isolation(Isolation isolation, Load load, Invariants.Findings findings) {
        if (concurrency.length() == 0) {
            line(concurrency, "");
            line(concurrency, "## Concurrent writers");
            line(concurrency, "");
            line(concurrency, "Each attempt: read the row's state and version, UPDATE it with a compare-and-set "
                    + "on both, COMMIT. A stale compare-and-set (0 rows) or a serialization failure rolls back, "
                    + "and the writer reads again. After each level, every row and history row is checked.");
            line(concurrency, "");
            line(concurrency, "| isolation | attempts | acknowledged | per second | stale compare-and-set "
                    + "| serialization failures | deadlocks | forbidden writes refused | forbidden writes accepted "
                    + "| rows, history rows checked | acknowledged found | invariant violations |");
            line(concurrency, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        }
        long accepted = load.sum(w -> w.accepted().size());
        line(concurrency, "| %s | %,d | %,d | %,.0f | %,d | %,d | %,d | %,d | **%,d** | %,d, %,d | %,d of %,d | **%,d** |",
                isolation.label(), load.sum(ContendingWriter::attempts), load.acknowledged().size(),
                load.acknowledged().size() / load.seconds(), load.sum(ContendingWriter::stale),
                load.sum(ContendingWriter::serializationFailures), load.sum(ContendingWriter::deadlocks),
                load.sum(ContendingWriter::refused), accepted, findings.rows(), findings.historyRows(),
                findings.found(), findings.known(), findings.violations());
        judge(isolation.label(), load, findings);
    }

    void crash(Crash crash, Load load, Invariants.Findings findings) {
        if (crashes.length() == 0) {
            line(crashes, "");
            line(crashes, "## Crashes under load");
            line(crashes, "");
            line(crashes, "The writers run at READ COMMITTED; at the end of the phase the server is brought "
                    + "down under them, restarted on the same data directory, and checked. A COMMIT the crash "
                    + "cut off is in doubt: it may have committed or not, and the history may hold it or not. "
                    + "Every other history row must be an acknowledged transition, and every acknowledged "
                    + "transition, since the start of the run, must be in the history. A lost transition is "
                    + "counted once, by the check that misses it, and left out of the later counts.");
            line(crashes, "");
            line(crashes, "| crash | acknowledged during the load | acknowledged since the start | found after "
                    + "the restart | lost | COMMITs cut off | of which committed | writers cut off | checkpoint "
                    + "during the load | WAL to replay | invariant violations |");
            line(crashes, "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        }
        long cutOff = load.writers().stream().filter(w -> w.connectionLost() != null).count();
        line(crashes, "| %s | %,d | %,d | %,d | **%,d** | %d | %d | %d of %d | %s | %.1f MB | **%,d** |",
                crash.label(), load.acknowledged().size(), findings.known(), findings.found(), findings.lostCount(),
                load.inDoubt().size(), findings.committedInDoubt().size(), cutOff, load.writers().size(),
                load.crashPoint().checkpointDuringLoad() ? "yes" : "none", load.crashPoint().walBytes() / 1e6,
                findings.violations());
        if (cutOff < load.writers().size()) {
            failures.add(crash.label() + ": only " + cutOff + " of " + load.writers().size()
                    + " writers lost their connection, so the crash did not happen under the whole load");
        }
        judge(crash.label(), load, findings);
    }

    private void judge(String phase, Load load, Invariants.Findings findings) {
        List<String> accepted = load.writers().stream().flatMap(w -> w.accepted().stream()).toList();
        if (!accepted.isEmpty()) {
            failures.add(phase + ": " + accepted.size() + " forbidden writes accepted");
            detail(phase + ", forbidden writes the schema accepted", accepted.stream().limit(10).toList());
        }
        if (findings.violations() > 0) {
            failures.add(phase + ": " + findings.violations() + " invariant violations");
            detail(phase + ", invariant violations (the first ones)", findings.examples());
        }
        if (findings.lostCount() > 0) {
            failures.add(phase + ": " + findings.lostCount() + " acknowledged transitions lost");
            detail(phase + ", acknowledged transitions lost (the first ones)",
                    findings.lost().stream().limit(10).map(Change::toString).toList());
        }
    }

    private void detail(String title, List<String> items) {
        line(details, "");
        line(details, "### %s", title);
        line(details, "");
        items.forEach(item -> line(details, "- %s", item));
    }

    boolean passed() {
        return failures.isEmpty();
    }

    String verdict() {
        return passed()
                ? "Every invariant held at every isolation level and after every crash; no acknowledged transition "
                        + "was lost."
                : "FAILED: " + String.join("; ", failures) + ".";
    }

    String markdown() {
        StringBuilder out = new StringBuilder(header).append(concurrency).append(crashes);
        if (details.length() > 0) {
            line(out, "");
            line(out, "## What went wrong");
            out.append(details);
        }
        line(out, "");
        line(out, "**%s**", verdict());
        return out.toString();
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
