package dev.statewise.benchmarks;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-side cost of STATEWISE schemas that differ by little, measured in one PL/pgSQL loop
 * that takes turns between them every {@value #CHUNK} transitions. {@link ServerSideCost} runs each
 * schema for half a second on its own; on a machine shared with other work, a neighbour's burst then
 * lands on one schema's run and not on another's, and differences of a microsecond or two drown.
 * Taking turns every few milliseconds, the schemas share every burst, so their differences stay
 * while the bursts cancel. Each turn is timed with {@code clock_timestamp()}. The schemas take
 * their turns in a new random order each time: a schema whose turn follows its own runs on warm
 * caches, and one that always follows the same schema may gain or lose by it, so no fixed order is
 * fair. One round is one {@code DO} block, rolled back, after which every table is vacuumed.
 */
final class InterleavedCost {

    /** Transitions per schema and turn: about a millisecond of work. */
    static final int CHUNK = 20;

    private static final String TURN = """
                    WHEN %1$d THEN
                    started := clock_timestamp();
                    FOR i IN cycle * %2$d .. cycle * %2$d + %2$d - 1 LOOP
                        k := i %% n + 1;
                        v_id := ids_%1$d[k];
                        v_version := versions_%1$d[k];
                        IF in_review_%1$d[k] THEN
                            v_from := 'IN_REVIEW'; v_to := 'IN_PROGRESS'; v_edge := 'requestChanges';
                        ELSE
                            v_from := 'IN_PROGRESS'; v_to := 'IN_REVIEW'; v_edge := 'submit';
                        END IF;
            %3$s
                        in_review_%1$d[k] := NOT in_review_%1$d[k];
                        versions_%1$d[k] := v_version + 1;
                    END LOOP;
                    elapsed_%1$d := elapsed_%1$d + extract(epoch FROM clock_timestamp() - started);
            """;

    private InterleavedCost() {}

    /**
     * Runs {@code rounds} measured rounds, after one that warms the caches and plans, over schemas
     * of the STATEWISE design with the same rows; returns microseconds per transition of each
     * schema, one entry per measured round. Each schema takes about {@code transitions}
     * transitions a round, in whole turns.
     */
    static Map<Schema, List<Double>> measure(Server server, List<Schema> schemas, int transitions, int rounds,
            PrintStream progress) throws SQLException {
        int iterations = Math.max(1, transitions / CHUNK) * CHUNK;
        for (Schema schema : schemas) {
            if (schema.design() != Design.STATEWISE) {
                throw new IllegalArgumentException(schema.label() + " is not a STATEWISE schema");
            }
        }
        String loop = loop(schemas, iterations);
        Map<Schema, List<Double>> perRound = new LinkedHashMap<>();
        schemas.forEach(s -> perRound.put(s, new ArrayList<>()));
        try (Connection connection = server.connect(Server.APPLICATION)) {
            for (int round = 0; round <= rounds; round++) {
                progress.printf("  interleaved server-side cost, %s%n",
                        round == 0 ? "warm-up" : "round " + round + "/" + rounds);
                connection.setAutoCommit(false);
                try (Statement s = connection.createStatement()) {
                    s.execute(loop);
                    for (int j = 0; j < schemas.size(); j++) {
                        try (ResultSet rs = s.executeQuery(
                                "SELECT current_setting('statewise_bench.elapsed_" + j + "')::float8")) {
                            rs.next();
                            if (round > 0) {
                                perRound.get(schemas.get(j)).add(rs.getDouble(1) * 1e6 / iterations);
                            }
                        }
                    }
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                for (Schema schema : schemas) {
                    server.vacuum(schema, false);
                }
            }
        }
        return perRound;
    }

    /** One DO block: every schema's rows read, then turn after turn of CHUNK transitions of each, in a random order. */
    private static String loop(List<Schema> schemas, int iterations) {
        StringBuilder declare = new StringBuilder();
        StringBuilder read = new StringBuilder();
        List<String> turns = new ArrayList<>();
        StringBuilder check = new StringBuilder();
        for (int j = 0; j < schemas.size(); j++) {
            Schema schema = schemas.get(j);
            declare.append(String.format("""
                        ids_%1$d bigint[];
                        in_review_%1$d boolean[];
                        versions_%1$d bigint[];
                        history_%1$d bigint;
                        elapsed_%1$d double precision := 0;
                    """, j));
            read.append(String.format("""
                        SELECT array_agg(id ORDER BY id), array_agg(status = 'IN_REVIEW' ORDER BY id),
                               array_agg(version ORDER BY id)
                          INTO ids_%1$d, in_review_%1$d, versions_%1$d
                          FROM %2$s;
                        SELECT count(*) INTO history_%1$d FROM %3$s;
                        IF cardinality(ids_%1$d) <> n THEN RAISE EXCEPTION '%2$s holds another number of rows'; END IF;
                    """, j, schema.workflowTable(), schema.historyTable()));
            turns.add(String.format(TURN, j, CHUNK, step(schema).indent(12)));
            check.append(String.format("""
                        IF (SELECT count(*) FROM %2$s) - history_%1$d <> %3$d THEN
                            RAISE EXCEPTION '%2$s: expected one history row per transition';
                        END IF;
                        PERFORM set_config('statewise_bench.elapsed_%1$d', elapsed_%1$d::text, false);
                    """, j, schema.historyTable(), iterations));
        }
        return String.format("""
                DO $loop$
                DECLARE
                %1$s    n integer;
                    k integer;
                    changed integer;
                    started timestamptz;
                    v_id bigint;
                    v_version bigint;
                    v_from text;
                    v_to text;
                    v_edge text;
                    v_reviewer text := '%2$s';
                    v_actor text := '%3$s';
                    schema_order integer[];
                    j integer;
                BEGIN
                    n := (SELECT count(*) FROM %4$s);
                %5$s
                    FOR cycle IN 0 .. %6$d - 1 LOOP
                        schema_order := (SELECT array_agg(g ORDER BY random()) FROM generate_series(0, %7$d - 1) g);
                        FOREACH j IN ARRAY schema_order LOOP
                            CASE j
                %8$s
                            END CASE;
                        END LOOP;
                    END LOOP;
                %9$s
                END
                $loop$
                """, declare, Design.REVIEWER, Design.ACTOR, schemas.get(0).workflowTable(), read,
                iterations / CHUNK, schemas.size(), String.join("", turns), check);
    }

    /** The STATEWISE statement of one transition, naming the schema's workflow table. */
    private static String step(Schema schema) {
        String step = Design.STATEWISE.serverSideStep();
        if (!step.startsWith("UPDATE task ")) {
            throw new IllegalStateException("The STATEWISE step no longer starts with UPDATE task: " + step);
        }
        return "UPDATE " + schema.workflowTable() + step.substring("UPDATE task".length());
    }
}
