package dev.statewise.benchmarks;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Transitions per second from client threads over JDBC, each thread with its own connection and
 * its own rows, so that nothing waits on a lock. The competitors, lanes, are the designs, or the
 * generated schema without and with the event feed. For each thread count every lane warms up,
 * then the lanes take turns, a rotating order each round, so that a busy neighbour on the shared
 * machine slows a round of every lane rather than all rounds of one. The clients log in as the
 * application role, which owns none of the tables.
 *
 * @param <K> what names a lane: a {@link Design}, say
 */
final class Throughput<K> {

    /** How a lane's client thread is made: its own connection, and its slice [from, to) of the lane's rows. */
    @FunctionalInterface
    interface Lane {
        Worker worker(Connection connection, int from, int to) throws SQLException;
    }

    private final Server server;
    private final Map<K, Lane> lanes;
    private final Options options;
    private final ExecutorService pool;
    private final PrintStream progress;
    private final OtherCpu otherCpu;

    /**
     * The figures of one thread count.
     *
     * @param perRound each lane's transitions per second, one entry per measured round
     * @param otherCpu the share of the machine other processes took during the rounds
     */
    record Cell<K>(Map<K, List<Double>> perRound, double otherCpu) {}

    /** The lanes take their turns in the order of {@code lanes}, rotated each round. */
    Throughput(Server server, Map<K, Lane> lanes, Options options, ExecutorService pool, PrintStream progress)
            throws SQLException {
        this.server = server;
        this.lanes = lanes;
        this.options = options;
        this.pool = pool;
        this.progress = progress;
        this.otherCpu = new OtherCpu(server.postmasterPid());
    }

    /** The figures of each thread count, in the order of the options. */
    Map<Integer, Cell<K>> measure() throws SQLException {
        Map<Integer, Cell<K>> results = new LinkedHashMap<>();
        List<K> order = List.copyOf(lanes.keySet());
        for (int threads : options.threads()) {
            Map<K, List<Worker>> workers = new LinkedHashMap<>();
            try {
                for (K lane : order) {
                    workers.put(lane, workers(lanes.get(lane), threads));
                }
                for (K lane : order) {
                    run(workers.get(lane), options.warmup());
                }
                Map<K, List<Double>> perRound = new LinkedHashMap<>();
                OtherCpu.Sample before = otherCpu.sample();
                for (int round = 0; round < options.rounds(); round++) {
                    progress.printf("  %s, %d threads, round %d/%d%n", durability(), threads, round + 1,
                            options.rounds());
                    for (K lane : Rotation.of(order, round)) {
                        perRound.computeIfAbsent(lane, l -> new ArrayList<>())
                                .add(run(workers.get(lane), options.duration()));
                    }
                }
                results.put(threads, new Cell<>(perRound, otherCpu.shareSince(before)));
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
    private List<Worker> workers(Lane lane, int threads) throws SQLException {
        List<Worker> workers = new ArrayList<>();
        int slice = options.rowsPerThread();
        for (int i = 0; i < threads; i++) {
            workers.add(lane.worker(server.connect(Server.APPLICATION), i * slice, (i + 1) * slice));
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
