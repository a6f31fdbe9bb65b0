package dev.statewise.benchmarks;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Transitions per second from client threads over JDBC, each thread with its own connection and
 * its own rows, so that nothing waits on a lock. For each thread count every design warms up, then
 * the designs take turns, a rotating order each round, so that a busy neighbour on the shared
 * machine slows a round of every design rather than all rounds of one. The clients log in as the
 * application role, which owns none of the tables.
 */
final class Throughput {

    private final Server server;
    private final Map<Design, Rows> rows;
    private final Options options;
    private final ExecutorService pool;
    private final PrintStream progress;
    private final OtherCpu otherCpu;

    /**
     * The figures of one thread count.
     *
     * @param perRound each design's transitions per second, one entry per measured round
     * @param otherCpu the share of the machine other processes took during the rounds
     */
    record Cell(Map<Design, List<Double>> perRound, double otherCpu) {}

    Throughput(Server server, Map<Design, Rows> rows, Options options, ExecutorService pool, PrintStream progress)
            throws SQLException {
        this.server = server;
        this.rows = rows;
        this.options = options;
        this.pool = pool;
        this.progress = progress;
        this.otherCpu = new OtherCpu(server.postmasterPid());
    }

    /** The figures of each thread count, in the order of the options. */
    Map<Integer, Cell> measure() throws SQLException {
        Map<Integer, Cell> results = new LinkedHashMap<>();
        for (int threads : options.threads()) {
            Map<Design, List<Worker>> workers = new EnumMap<>(Design.class);
            try {
                for (Design design : Design.values()) {
                    workers.put(design, workers(design, threads));
                }
                for (Design design : Design.values()) {
                    run(workers.get(design), options.warmup());
                }
                Map<Design, List<Double>> perRound = new EnumMap<>(Design.class);
                OtherCpu.Sample before = otherCpu.sample();
                for (int round = 0; round < options.rounds(); round++) {
                    progress.printf("  %s, %d threads, round %d/%d%n", durability(), threads, round + 1,
                            options.rounds());
                    for (Design design : Rotation.of(List.of(Design.values()), round)) {
                        perRound.computeIfAbsent(design, d -> new ArrayList<>())
                                .add(run(workers.get(design), options.duration()));
                    }
                }
                results.put(threads, new Cell(perRound, otherCpu.shareSince(before)));
            } finally {
                for (List<Worker> list : workers.values()) {
                    for (Worker worker : list) {
                        worker.close();
                    }
                }
            }
        }
        return results;
    }

    private String durability() {
        return server.durable() ? "fsync on" : "fsync off";
    }

    /** Thread i owns rows [i * rowsPerThread, (i + 1) * rowsPerThread). */
    private List<Worker> workers(Design design, int threads) throws SQLException {
        List<Worker> workers = new ArrayList<>();
        int slice = options.rowsPerThread();
        for (int i = 0; i < threads; i++) {
            workers.add(design.worker(server.connect(Server.APPLICATION), rows.get(design), i * slice, (i + 1) * slice));
        }
        return workers;
    }

    /** Runs every worker on its own thread for about {@code duration}; returns transitions per second. */
    private double run(List<Worker> workers, Duration duration) {
        CountDownLatch ready = new CountDownLatch(workers.size());
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Future<Long>> done = new ArrayList<>();
        for (Worker worker : workers) {
            done.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long end = deadline[0];
                long transitions = 0;
                do {
                    worker.transition();
                    transitions++;
                } while (System.nanoTime() < end);
                return transitions;
            }));
        }
        try {
            ready.await();
            long start = System.nanoTime();
            // Published to the workers by the latch.
            deadline[0] = start + duration.toNanos();
            go.countDown();
            long transitions = 0;
            for (Future<Long> f : done) {
                transitions += f.get();
            }
            return transitions * 1e9 / (System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A client thread failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
