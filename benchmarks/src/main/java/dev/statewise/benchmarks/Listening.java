package dev.statewise.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A session that {@code LISTEN}s on one channel and reads every notification as it comes, on a
 * thread of its own, counting them: what an {@code EventFeed} of a {@code FEED_WITH_NOTIFY}
 * workflow keeps open, without the polls it wakes. While the writers' throughput is measured it
 * keeps the cluster's notification queue drained, since a queue that no one reads is another cost
 * (it fills, and then the notifying commits fail).
 */
final class Listening implements AutoCloseable {

    private static final int WAIT_MILLIS = 200;

    private final Connection connection;
    private final Thread thread;
    private final AtomicLong heard = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean closing;

    private Listening(Connection connection, String channel) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("LISTEN " + channel);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        thread = new Thread(() -> {
            try {
                while (!closing) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        heard.addAndGet(received.length);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closing) {
                    failure.set(e);
                }
            }
        }, "bench-listen");
        thread.setDaemon(true);
        thread.start();
    }

    /** Listens on {@code channel} as the application role. */
    static Listening on(Server server, String channel) throws SQLException {
        return new Listening(server.connect(Server.APPLICATION), channel);
    }

    /**
     * Waits until {@code expected} notifications have been heard, or stops the run: each notifying
     * transaction commits one, so fewer means some were lost, more that something else notified.
     */
    long awaitHeard(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (heard.get() < expected && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(50);
        }
        // Whatever else was on its way.
        Thread.sleep(2L * WAIT_MILLIS);
        if (failure.get() != null) {
            throw new IllegalStateException("The LISTEN session failed", failure.get());
        }
        if (heard.get() != expected) {
            throw new IllegalStateException("The LISTEN session heard " + heard.get() + " notifications where "
                    + expected + " transactions notified");
        }
        return heard.get();
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        closing = true;
        thread.join(5L * WAIT_MILLIS);
        connection.close();
    }
}
