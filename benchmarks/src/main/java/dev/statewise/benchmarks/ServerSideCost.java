package dev.statewise.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's own cost of one transition: a PL/pgSQL loop runs the design's statement over every
 * row of its schema, timed with {@code clock_timestamp()}. No network and no client, so it ranks
 * designs far more steadily than throughput on a shared machine.
 *
 * <p>Most cases run the loop inside one transaction that is rolled back: no commit either, the
 * statement alone. A few commit after every transition (with {@code synchronous_commit=off}, so
 * that no disk is waited for), which adds what each new transaction costs the design: PL/pgSQL,
 * for one, sets up its expressions again in every transaction. Rounds interleave the cases in a
 * rotating order, and each case's tables are vacuumed after its turn so that every round starts
 * from the same pages.
 *
 * <p>Besides the loop's own clock, the benchmark reads the time its backend spent on a CPU, from
 * Linux's {@code /proc/PID/schedstat}, for the whole {@code DO} block, minus the same block with
 * no transition (which leaves out the block's setup). On a machine shared with other work, the
 * clock also counts the time the backend waited for a CPU; the CPU time does not, so it ranks the
 * cases more steadily there.
 *
 * <p>The loops log in as the application role, which owns nothing, the way the application does:
 * for the tables' owner or a superuser, row-level security and privilege checks are not what they
 * are for the application, and a {@code SECURITY DEFINER} function would switch to the role that
 * is already running it.
 */
final class ServerSideCost {

    /**
     * One thing to time.
     *
     * @param label what the report calls it
     * @param schema where it runs; its {@code search_path} is set to this schema
     * @param step the PL/pgSQL of one transition, empty to time the loop itself
     * @param writesHistory whether the loop must find one new history row per transition
     * @param commitEach whether every transition is its own transaction, committed
     * @param role the role the loop logs in as
     */
    record Case(String label, Schema schema, String step, boolean writesHistory, boolean commitEach, String role) {

        static Case of(Schema schema) {
            return new Case(schema.label(), schema, step(schema),
                    schema.design().keepsHistory(), false, Server.APPLICATION);
        }

        static Case committingEach(Schema schema) {
            return new Case(schema.label(), schema, step(schema),
                    schema.design().keepsHistory(), true, Server.APPLICATION);
        }

        static Case loopOverhead(Schema schema) {
            return new Case("the loop alone, no statement", schema, "", false, false, Server.APPLICATION);
        }

        /** The design's statement, on the schema's workflow table. */
        private static String step(Schema schema) {
            String step = schema.design().serverSideStep();
            if (!step.startsWith("UPDATE task ")) {
                throw new IllegalStateException("The step no longer starts with UPDATE task: " + step);
            }
            return "UPDATE " + schema.workflow() + step.substring("UPDATE task".length());
        }

        /** The schema's statement, run by the role that owns the tables instead of the application. */
        static Case asOwner(Schema schema, String label) {
            return new Case(label, schema, step(schema), schema.design().keepsHistory(), false,
                    Server.OWNER);
        }
    }

    private static final String LOOP = """
            DO $loop$
            DECLARE
                ids bigint[];
                in_review boolean[];
                versions bigint[];
                n integer;
                k integer;
                changed integer;
                history_before bigint;
                started timestamptz;
                elapsed double precision;
                v_id bigint;
                v_version bigint;
                v_from text;
                v_to text;
                v_edge text;
                v_reviewer text := '%2$s';
                v_actor text := '%3$s';
            BEGIN
                SELECT array_agg(id ORDER BY id), array_agg(status = 'IN_REVIEW' ORDER BY id),
                       array_agg(version ORDER BY id)
                  INTO ids, in_review, versions
                  FROM %8$s;
                n := cardinality(ids);
                %4$s
                started := clock_timestamp();
                FOR i IN 0 .. %1$d - 1 LOOP
                    k := i %% n + 1;
                    v_id := ids[k];
                    v_version := versions[k];
                    IF in_review[k] THEN
                        v_from := 'IN_REVIEW'; v_to := 'IN_PROGRESS'; v_edge := 'requestChanges';
                    ELSE
                        v_from := 'IN_PROGRESS'; v_to := 'IN_REVIEW'; v_edge := 'submit';
                    END IF;
            %6$s
                    %7$s
                    in_review[k] := NOT in_review[k];
                    versions[k] := v_version + 1;
                END LOOP;
                elapsed := extract(epoch FROM clock_timestamp() - started);
                %5$s
                PERFORM set_config('statewise_bench.elapsed', elapsed::text, false);
            END
            $loop$
            """;

    private static final String HISTORY_BEFORE = "SELECT count(*) INTO history_before FROM %s_history;";
    private static final String HISTORY_AFTER = """
            IF (SELECT count(*) FROM %2$s_history) - history_before <> %1$d THEN
                    RAISE EXCEPTION 'expected one history row per transition';
                END IF;""";

    private ServerSideCost() {}

    /**
     * The figures of a run.
     *
     * @param perRound microseconds per transition of each case by the loop's clock, one entry per measured round
     * @param onCpuPerRound microseconds on a CPU per transition of each case, one entry per measured round;
     *     empty where /proc cannot tell
     * @param otherCpu the share of the machine other processes took during the measured rounds
     * @param waitingShare the share of the measured rounds' time that the backend was ready to run but
     *     waited for a CPU, NaN where /proc cannot tell
     */
    record Result(Map<Case, List<Double>> perRound, Map<Case, List<Double>> onCpuPerRound, double otherCpu,
            double waitingShare) {}

    /**
     * One run of a case's loop, in seconds: by the loop's clock; on a CPU, less the block's setup;
     * and for the whole block, on a CPU and waiting for one. NaN where /proc cannot tell.
     */
    private record Timing(double clock, double onCpu, double running, double waiting) {}

    /** Nanoseconds a process has spent on a CPU and waiting in a run queue for one, or null where unknown. */
    private record Schedstat(long onCpu, long waiting) {

        static Schedstat of(long pid) {
            try {
                String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "schedstat")).trim().split(" ");
                return new Schedstat(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    static Result measure(Server server, List<Case> cases, int iterations, int rounds, PrintStream progress)
            throws SQLException {
        Map<Case, List<Double>> perRound = new LinkedHashMap<>();
        Map<Case, List<Double>> onCpuPerRound = new LinkedHashMap<>();
        cases.forEach(c -> perRound.put(c, new ArrayList<>()));
        cases.forEach(c -> onCpuPerRound.put(c, new ArrayList<>()));
        double running = 0;
        double waiting = 0;
        OtherCpu otherCpu = new OtherCpu(server.postmasterPid());
        OtherCpu.Sample before = null;
        Map<String, Connection> connections = new LinkedHashMap<>();
        try {
            for (Case c : cases) {
                if (!connections.containsKey(c.role())) {
                    connections.put(c.role(), server.connect(c.role()));
                }
            }
            // Round 0 warms the caches and the plans and is not reported.
            for (int round = 0; round <= rounds; round++) {
                if (round == 1) {
                    before = otherCpu.sample();
                }
                progress.printf("  server-side cost, %s%n", round == 0 ? "warm-up" : "round " + round + "/" + rounds);
                for (Case c : Rotation.of(cases, round)) {
                    Timing timing = timeOnce(server, connections.get(c.role()), c, iterations);
                    if (round > 0) {
                        perRound.get(c).add(timing.clock() * 1e6 / iterations);
                        onCpuPerRound.get(c).add(timing.onCpu() * 1e6 / iterations);
                        running += timing.running();
                        waiting += timing.waiting();
                    }
                }
            }
        } finally {
            for (Connection connection : connections.values()) {
                connection.close();
            }
        }
        if (Double.isNaN(running)) {
            onCpuPerRound.clear();
        }
        return new Result(perRound, onCpuPerRound, otherCpu.shareSince(before), waiting / (running + waiting));
    }

    private static Timing timeOnce(Server server, Connection connection, Case c, int iterations)
            throws SQLException {
        Timing timing;
        // A DO block may only commit when it runs outside a transaction block.
        connection.setAutoCommit(c.commitEach());
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path TO " + c.schema().name());
            s.execute("SET synchronous_commit TO off");
            long backend;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getLong(1);
            }
            Schedstat start = Schedstat.of(backend);
            s.execute(loop(c, 0));
            Schedstat setUp = Schedstat.of(backend);
            s.execute(loop(c, iterations));
            Schedstat end = Schedstat.of(backend);
            try (ResultSet rs = s.executeQuery("SELECT current_setting('statewise_bench.elapsed')::float8")) {
                rs.next();
                timing = start == null || setUp == null || end == null
                        ? new Timing(rs.getDouble(1), Double.NaN, Double.NaN, Double.NaN)
                        : new Timing(rs.getDouble(1),
                                ((end.onCpu() - setUp.onCpu()) - (setUp.onCpu() - start.onCpu())) / 1e9,
                                (end.onCpu() - setUp.onCpu()) / 1e9, (end.waiting() - setUp.waiting()) / 1e9);
            }
        } finally {
            if (!c.commitEach()) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("RESET search_path");
                s.execute("RESET synchronous_commit");
            }
        }
        server.vacuum(c.schema(), false);
        return timing;
    }

    private static String loop(Case c, int iterations) {
        return String.format(LOOP, iterations, Design.REVIEWER, Design.ACTOR,
                c.writesHistory() ? String.format(HISTORY_BEFORE, c.schema().workflow()) : "",
                c.writesHistory() ? String.format(HISTORY_AFTER, iterations, c.schema().workflow()) : "",
                c.step().indent(8),
                c.commitEach() ? "COMMIT;" : "",
                c.schema().workflow());
    }
}
