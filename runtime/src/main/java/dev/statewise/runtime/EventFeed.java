package dev.statewise.runtime;

import dev.statewise.runtime.FeedQueries.Read;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Delivers the state changes of one or more workflows to a handler, as a named consumer: every
 * change committed, in the order of each row's versions, none lost, after it commits. The
 * workflows declare the feed with {@code @Workflow(events = Events.FEED)}; their history is the
 * feed, and each consumer keeps its position in the workflow's position table (decision 0028).
 *
 * <pre>{@code
 * EventFeed feed = EventFeed.builder(dsl, "customer-mails")   // the consumer: [a-z0-9._-], 63 at most
 *         .workflow(SupportTicketWorkflow.DESCRIPTOR)
 *         .startAt(EventFeed.Start.NOW)                       // or BEGINNING; no default
 *         .onEach((event, tx) -> mailer.send(event))          // or .onBatch((events, tx) -> ...)
 *         .build();
 * feed.start();   // a thread polls each workflow
 * ...
 * feed.close();   // lets a running batch finish
 * }</pre>
 *
 * <p><b>Batches.</b> Each batch is one transaction, {@code dsl.transactionResult(tx -> ...)}: it
 * commits on its own with a plain {@code DSLContext}, and is a Spring transaction with the
 * {@code DSLContext} of Spring Boot's jOOQ starter, which a {@code JdbcTemplate} or JPA call in the
 * handler joins. The batch takes the consumer's advisory lock for the workflow, reads its
 * position, reads the next events, hands them to the handler with the transaction's
 * {@code DSLContext}, and moves the position past them, compare-and-set. What the handler writes
 * in the database therefore happens exactly once: it commits with the position, or neither does.
 * What it does outside (a mail, a message) happens at least once: a batch rolled back after the
 * handler acted, a lost connection say, is delivered again, so such a handler deduplicates by
 * {@code (event.workflow(), event.entry().id())}. The feed runs under {@code READ COMMITTED}, and
 * refuses any other isolation.
 *
 * <p><b>Order and delay.</b> Events come in the order of their key, {@code (feed_xid, id)}: each
 * row's changes in version order, and nothing promised about two rows, nor about two workflows,
 * each of which has a position of its own. An event is readable once every transaction older than
 * the one that wrote it has ended, in any database of the cluster: a long transaction holds back
 * every feed while it runs. {@link #status()} names it, and the feed logs a {@code WARNING} when
 * events have been held longer than {@link Builder#stallWarning}.
 *
 * <p><b>Instances.</b> Any number of instances of one consumer, in one JVM or many, may poll the
 * same workflows: a batch holds a transaction-scoped advisory lock, so two never run at once for
 * one consumer and workflow, and the instance that finds it taken polls later. The lock gives the
 * batch no transaction id (a row lock would, and so hold back every feed), so a handler that
 * writes nothing holds none until the position's final {@code UPDATE}.
 *
 * <p><b>A handler that fails</b> rolls its batch back. The feed then goes over the same events one
 * per transaction, so those before the failing one are handled and kept, and records the failure
 * in the consumer's row: {@code attempts}, {@code last_error}, and {@code retry_at}, as far ahead
 * as the event has been failing, from a second to five minutes. That event holds back the
 * consumer's later events of the workflow (skipping it would lose it, and deliver the row's later
 * changes out of order) until it succeeds, or an operator calls {@link #skip skip}. A handler
 * that would rather go on records what it cannot handle in a table of its own, in the same
 * transaction, and returns.
 *
 * <p>What it delivers and what fails goes to the {@link FeedListener} and to the
 * {@link System.Logger} named after this class: {@code ERROR} for an event the handler failed on
 * and for a batch that failed otherwise, {@code WARNING} for a skipped event and for events held
 * back too long, {@code INFO} when polling starts and stops, and {@code DEBUG} for each batch
 * delivered, which a busy feed makes many of. Only an {@link Error} ends the feed's thread.
 *
 * <p><b>Waking up.</b> The feed polls each workflow, at once again while batches come back full
 * and waiting longer and longer while none is due ({@link Builder#idleBackoff}). For a workflow
 * declared {@code @Workflow(events = Events.FEED_WITH_NOTIFY)} a second thread also holds one
 * connection of the {@code DSLContext}'s that {@code LISTEN}s on the workflow's channel, and wakes
 * the feed as each notifying transaction commits. A notification only shortens the wait: one
 * missed while that connection is lost delays delivery until the feed listens again, when it polls
 * once. It needs a session of its own, which a pooler in transaction mode does not give.
 *
 * <p>Without {@link #start()}, {@link #runOnce()} runs one batch per workflow on the caller's
 * thread, for a scheduler of the application's own.
 */
public final class EventFeed implements AutoCloseable {

    /**
     * Where a consumer starts, the first time one of its instances polls a workflow: the first to
     * get there creates its row, and decides. Later starts are ignored.
     */
    public enum Start {

        /**
         * The events that commit from now on: those of transactions still running, or not begun.
         * A search index started now would miss every row changed before.
         */
        NOW,

        /**
         * Every event in the history: first the history written before the feed was turned on, in
         * id order, then the feed's. A mailer started at the beginning mails years of customers.
         */
        BEGINNING
    }

    private static final System.Logger LOG = System.getLogger(EventFeed.class.getName());
    private static final Pattern CONSUMER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Duration STALL_WARNING_EVERY = Duration.ofMinutes(1);

    private final DSLContext dsl;
    private final String consumer;
    private final List<Polled> workflows;
    private final Start start;
    private final int batchSize;
    private final Duration shortestIdle;
    private final Duration longestIdle;
    private final Duration stallWarning;
    private final Duration closeTimeout;
    private final ThreadFactory threadFactory;
    private final FeedHandler onEach;
    private final BatchHandler onBatch;
    private final FeedListener listener;
    private final CountDownLatch closing = new CountDownLatch(1);
    /** The notify channels of the workflows declared {@code FEED_WITH_NOTIFY}, which a listener wakes the feed on. */
    private final List<String> channels;
    /** Released to wake the feed's thread before its wait is over: by a notification, or by {@link #close}. */
    private final Semaphore wake = new Semaphore(0);

    private Thread thread;
    private Thread listenerThread;
    private boolean closed;

    private EventFeed(Builder builder) {
        this.dsl = builder.dsl;
        this.consumer = builder.consumer;
        this.workflows = builder.workflows.stream().map(Polled::new).toList();
        this.start = builder.start;
        this.batchSize = builder.batchSize;
        this.shortestIdle = builder.shortestIdle;
        this.longestIdle = builder.longestIdle;
        this.stallWarning = builder.stallWarning;
        this.closeTimeout = builder.closeTimeout;
        this.threadFactory = builder.threadFactory != null
                ? builder.threadFactory
                : daemonThreads("statewise-feed-" + consumer);
        this.onEach = builder.onEach;
        this.onBatch = builder.onBatch;
        this.listener = builder.listener;
        this.channels = builder.workflows.stream().map(w -> w.feed().notifyChannel()).filter(Objects::nonNull)
                .distinct().toList();
    }

    /**
     * A builder of a feed that delivers to the consumer named {@code consumer}, through
     * {@code dsl}: give it at least one {@link Builder#workflow workflow}, a
     * {@link Builder#startAt start}, and a handler.
     *
     * @param dsl what each batch runs through, as {@code dsl.transactionResult(...)}: over a
     *     connection pool, or Spring Boot's jOOQ {@code DSLContext}
     * @param consumer the consumer's name, its key in each workflow's position table: 1 to 63 of
     *     {@code a-z}, {@code 0-9}, {@code .}, {@code _} and {@code -}, starting with a letter or
     *     digit, such as {@code customer-mails}. Instances with the same name share its position.
     * @throws IllegalArgumentException if the name is not such a name
     */
    public static Builder builder(DSLContext dsl, String consumer) {
        return new Builder(dsl, consumer);
    }

    /** The consumer's name. */
    public String consumer() {
        return consumer;
    }

    /**
     * Starts polling on a thread of the feed's {@link Builder#threadFactory thread factory}.
     *
     * @throws IllegalStateException if the feed was started or closed before
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this EventFeed is closed");
        }
        if (thread != null) {
            throw new IllegalStateException("this EventFeed is started already");
        }
        thread = threadFactory.newThread(this::poll);
        thread.start();
        if (!channels.isEmpty()) {
            listenerThread = threadFactory.newThread(this::listen);
            listenerThread.start();
        }
    }

    /**
     * Runs one batch of each workflow, each in its own transaction, on the calling thread, and
     * reports it as the feed's thread does; after a handler's failure, that includes going over
     * the batch one event at a time. A batch that fails otherwise is logged and reported to the
     * listener's {@link FeedListener#error error}, and the other workflows are still polled. Safe
     * to call while the feed runs: the instance that does not get a workflow's lock leaves it alone.
     *
     * @return what was delivered and committed, per workflow name, in the order the workflows
     *     were given; an empty list for a workflow with nothing due, whose lock another instance
     *     held, or whose next event is waiting to be tried again
     * @throws IllegalStateException if the feed is closed
     */
    public Map<String, List<FeedEvent>> runOnce() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this EventFeed is closed");
            }
        }
        Map<String, List<FeedEvent>> delivered = new LinkedHashMap<>();
        for (Polled polled : workflows) {
            delivered.put(polled.name, poll(polled).delivered());
        }
        return Collections.unmodifiableMap(delivered);
    }

    /**
     * Where the consumer stands in each workflow's feed: one {@link FeedStatus} per workflow, in
     * the order the workflows were given. Reads only; a few statements per workflow.
     */
    public List<FeedStatus> status() {
        List<FeedStatus> statuses = new ArrayList<>();
        for (Polled polled : workflows) {
            statuses.add(dsl.transactionResult(
                    configuration -> polled.queries.status(configuration.dsl(), consumer, start)));
        }
        return List.copyOf(statuses);
    }

    /**
     * Moves the consumer past one event of a workflow without handling it: an operator's way out
     * when the handler keeps failing on it and cannot be made to succeed. Only the consumer's next
     * event can be skipped, and only while no batch of the consumer runs for the workflow; the
     * position moves compare-and-set, so this skips exactly that event or nothing. The event is
     * lost to the consumer, and logged as a {@code WARNING}.
     *
     * <pre>{@code
     * FeedStatus stuck = feed.status().get(0);   // attempts 12, lastError "...", position (801, 4710)
     * feed.skip(TaskWorkflow.DESCRIPTOR, new FeedPosition(801, 4711));
     * }</pre>
     *
     * @param workflow one of the feed's workflows
     * @param event the position of the event to skip, as {@link FeedEvent#position()} and the
     *     {@code ERROR} log give it
     * @return the event skipped
     * @throws IllegalArgumentException if the feed does not poll the workflow, or the event is not
     *     the consumer's next one
     * @throws IllegalStateException if a batch of the consumer runs for the workflow now (try
     *     again), or the consumer has not started on it
     */
    public FeedEvent skip(WorkflowDescriptor workflow, FeedPosition event) {
        Objects.requireNonNull(event, "event");
        Polled polled = workflows.stream()
                .filter(candidate -> candidate.queries.positionTable().equals(feedOf(workflow).positionTable()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "consumer " + consumer + " does not poll " + workflow.name() + "; its feed polls " + names()));
        Skipped skipped = dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            if (!polled.queries.lock(tx, consumer)) {
                throw new IllegalStateException("a batch of consumer " + consumer + " runs for " + polled.name
                        + " now; skip the event once it has ended");
            }
            FeedQueries.Position at = polled.queries.position(tx, consumer);
            if (at == null) {
                throw new IllegalStateException("consumer " + consumer + " has not started on " + polled.name
                        + ": it has no row in " + polled.queries.positionTable() + " yet");
            }
            List<FeedEvent> next = polled.queries.read(tx, at.at(), 1).events();
            if (next.isEmpty() || !next.get(0).position().equals(event)) {
                throw new IllegalArgumentException("only the next event can be skipped, and the next event of "
                        + polled.name + " for consumer " + consumer + " after " + at.at() + " is "
                        + (next.isEmpty() ? "not readable yet" : next.get(0).position()) + ", not " + event);
            }
            if (!polled.queries.move(tx, consumer, at.at(), event, 0)) {
                throw new IllegalStateException("the position of consumer " + consumer + " in "
                        + polled.queries.positionTable() + " moved while the event was skipped; nothing was skipped");
            }
            return new Skipped(next.get(0), at);
        });
        FeedEvent skippedEvent = skipped.event();
        LOG.log(Level.WARNING, polled.name + ": consumer " + consumer + " skipped event " + event + " ("
                + describe(skippedEvent) + ") without handling it" + (skipped.before().attempts() == 0 ? ""
                        : ", after " + skipped.before().attempts() + " failed attempts; the last said: "
                                + skipped.before().lastError()));
        return skippedEvent;
    }

    /** Whether the feed's thread is polling: from {@link #start()} until it has stopped. */
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /**
     * Stops polling: a batch that is running finishes, and is reported, and no other starts. Waits
     * for it at most the {@link Builder#closeTimeout close timeout}, and logs a warning if it had
     * to stop waiting; the batch still ends on its own. Does nothing the second time.
     */
    @Override
    public void close() {
        Thread running;
        Thread listening;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            listening = listenerThread;
        }
        closing.countDown();
        wake.release();
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos(closeTimeout) + 999_999);
        try {
            if (millis > 0) {
                running.join(millis);
                if (listening != null) {
                    // Within a wait for notifications, half a second at most: its connection goes back to the pool.
                    listening.join(millis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.log(Level.WARNING, running.getName() + " is still delivering a batch of events after " + closeTimeout
                    + "; it stops when the batch ends");
        }
    }

    /** The feed's thread: polls each workflow when its backoff says, until closed. */
    private void poll() {
        LOG.log(Level.INFO, "Polling the event feed of " + names() + " for consumer " + consumer + ": batches of "
                + batchSize + ", waiting " + shortestIdle + " to " + longestIdle + " while none is due");
        List<Schedule> schedules = new ArrayList<>();
        long now = System.nanoTime();
        for (Polled polled : workflows) {
            schedules.add(new Schedule(polled, new Backoff(shortestIdle, longestIdle), now));
        }
        boolean died = false;
        try {
            while (!isClosing()) {
                long round = System.nanoTime();
                long wait = Long.MAX_VALUE;
                for (Schedule schedule : schedules) {
                    if (schedule.next - round <= 0) {
                        if (isClosing()) {
                            return;
                        }
                        schedule.next = System.nanoTime() + nanos(schedule.poll());
                    }
                    wait = Math.min(wait, schedule.next - round);
                }
                // Only the batches above took time since the round began; a wait already over polls again at once.
                long left = wait - (System.nanoTime() - round);
                if (left > 0 && wake.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    if (isClosing()) {
                        return;
                    }
                    // A notification: a transaction changed a row's state and committed. Poll every workflow now.
                    wake.drainPermits();
                    long woken = System.nanoTime();
                    schedules.forEach(schedule -> schedule.next = woken);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            died = true;
            LOG.log(Level.ERROR, "An error stopped the event feed of " + names() + " for consumer " + consumer, e);
            // The listener's thread, and its connection, end with the feed's.
            closing.countDown();
            throw e;
        } finally {
            if (!died) {
                LOG.log(Level.INFO, "Stopped polling the event feed of " + names() + " for consumer " + consumer);
            }
        }
    }

    /**
     * The listener's thread, for workflows declared {@code FEED_WITH_NOTIFY}: holds one connection
     * of the {@code DSLContext}'s that {@code LISTEN}s on their channels, and wakes the feed's thread
     * on each notification. Notifications only shorten the wait: one missed while the connection is
     * lost delays delivery until the next poll, and the feed polls once on each reconnect.
     */
    private void listen() {
        ConnectionProvider connections = dsl.configuration().connectionProvider();
        Backoff retry = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        while (!isClosing()) {
            Connection connection = null;
            boolean autoCommit = true;
            try {
                connection = connections.acquire();
                autoCommit = connection.getAutoCommit();
                // In a transaction, LISTEN would take effect only at a commit that never comes.
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    for (String channel : channels) {
                        statement.execute("LISTEN " + dsl.render(DSL.name(channel)));
                    }
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                retry = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
                LOG.log(Level.DEBUG, () -> "Consumer " + consumer + " listens on " + String.join(", ", channels));
                wake.release();
                while (!isClosing()) {
                    PGNotification[] received = notifications.getNotifications(500);
                    if (received != null && received.length > 0) {
                        wake.release();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (isClosing()) {
                    return;
                }
                Duration wait = retry.afterError();
                LOG.log(Level.WARNING, "Consumer " + consumer + " lost its LISTEN connection on "
                        + String.join(", ", channels) + "; it polls meanwhile, and listens again in " + wait, e);
                try {
                    if (closing.await(nanos(wait), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                if (connection != null) {
                    unlisten(connections, connection, autoCommit);
                }
            }
        }
    }

    /** A pooled connection keeps listening after it goes back to the pool: it stops first. */
    private static void unlisten(ConnectionProvider connections, Connection connection, boolean autoCommit) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
            connection.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.DEBUG, "UNLISTEN failed on a connection that is given back", e);
        }
        connections.release(connection);
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    /**
     * One batch of the workflow, reported; after a handler's failure, the same events one at a
     * time, and the failure recorded.
     */
    private Round poll(Polled polled) {
        if (polled.gone) {
            return new Round(List.of(), 0, false, false);
        }
        Batch batch;
        try {
            if (!polled.positioned) {
                dsl.transaction(configuration -> polled.queries.create(configuration.dsl(), consumer, start));
                polled.positioned = true;
            }
            batch = dsl.transactionResult(configuration -> batch(configuration.dsl(), polled, batchSize));
        } catch (HandlerFailed failed) {
            return afterFailure(polled, failed);
        } catch (RuntimeException e) {
            batchFailed(polled, e);
            return new Round(List.of(), 0, false, true);
        }
        if (polled.gone) {
            goneWarning(polled);
            return new Round(List.of(), 0, false, true);
        }
        if (batch == Batch.LOCKED) {
            warnIfLockedOut(polled);
        } else {
            polled.lockedSince = 0;
        }
        delivered(polled, batch);
        Read read = batch.read();
        if (read != null) {
            warnIfStalled(polled, read);
        }
        return new Round(batch.events(), batch.events().size(), read != null && read.oldestHeld() != null, false);
    }

    /**
     * One batch, in the transaction {@code tx}: the lock, the position, the read, the handler and
     * the move. What the handler throws comes out as {@link HandlerFailed}, and rolls the batch back.
     */
    private Batch batch(DSLContext tx, Polled polled, int limit) {
        if (!polled.queries.lock(tx, consumer)) {
            return Batch.LOCKED;
        }
        FeedQueries.Position position = polled.queries.position(tx, consumer);
        if (position == null) {
            // Deleted while the feed ran: starting again at the start would skip or repeat events.
            polled.gone = true;
            return Batch.NONE;
        }
        if (position.waiting()) {
            return Batch.NONE;
        }
        Read read = polled.queries.read(tx, position.at(), limit);
        List<FeedEvent> events = read.events();
        if (!events.isEmpty()) {
            handle(events, tx, position.at());
            FeedPosition last = events.get(events.size() - 1).position();
            if (!polled.queries.move(tx, consumer, position.at(), last, events.size())) {
                throw new IllegalStateException("the position of consumer " + consumer + " in "
                        + polled.queries.positionTable() + " is not " + position.at()
                        + " any more: it was moved without the consumer's lock, and the batch is rolled back");
            }
        }
        return new Batch(read);
    }

    private void handle(List<FeedEvent> events, DSLContext tx, FeedPosition from) {
        if (onEach != null) {
            for (int i = 0; i < events.size(); i++) {
                try {
                    onEach.handle(events.get(i), tx);
                } catch (Exception e) {
                    throw new HandlerFailed(events.get(i), from, i + 1, e);
                }
            }
        } else {
            try {
                onBatch.handle(events, tx);
            } catch (Exception e) {
                throw new HandlerFailed(events.get(0), from, events.size(), e);
            }
        }
    }

    /**
     * After a batch's handler failed: the events up to the failing one (all of a batch handler's),
     * one per transaction, until one fails alone, whose failure is recorded.
     */
    private Round afterFailure(Polled polled, HandlerFailed batchFailure) {
        List<FeedEvent> delivered = new ArrayList<>();
        HandlerFailed failure = batchFailure.reached() == 1 ? batchFailure : null;
        for (int i = 0; failure == null && i < batchFailure.reached(); i++) {
            Batch one;
            try {
                one = dsl.transactionResult(configuration -> batch(configuration.dsl(), polled, 1));
            } catch (HandlerFailed failed) {
                failure = failed;
                break;
            } catch (RuntimeException e) {
                batchFailed(polled, e);
                return new Round(delivered, delivered.size(), false, true);
            }
            if (one.events().isEmpty()) {
                // Another instance took the workflow over, or the events are gone: it meets them itself.
                break;
            }
            delivered(polled, one);
            delivered.addAll(one.events());
        }
        if (failure != null) {
            recordFailure(polled, failure);
        }
        return new Round(List.copyOf(delivered), delivered.size(), false, failure != null);
    }

    /** Records the failure in the consumer's row, under its lock, and reports it. */
    private void recordFailure(Polled polled, HandlerFailed failure) {
        Exception cause = failure.getCause() instanceof Exception e ? e : failure;
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        FeedQueries.Failure recorded = null;
        try {
            recorded = dsl.transactionResult(configuration -> polled.queries.lock(configuration.dsl(), consumer)
                    ? polled.queries.fail(configuration.dsl(), consumer, failure.from(), cause.toString())
                    : null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, polled.name + ": the failure of consumer " + consumer + " on event "
                    + failure.event().position() + " could not be recorded; the event is tried again", e);
        }
        FeedEvent event = failure.event();
        LOG.log(Level.ERROR, polled.name + ": the handler of consumer " + consumer + " failed on event " + event.position()
                + " (" + describe(event) + ")"
                + (recorded == null ? "" : ", " + attempts(recorded.attempts()) + "; tried again at " + recorded.retryAt())
                + ". The consumer's later events of " + polled.name + " wait until it succeeds or is skipped", cause);
        int attempts = recorded == null ? 0 : recorded.attempts();
        Instant retryAt = recorded == null ? null : recorded.retryAt();
        tell(polled.name, () -> listener.failed(event, cause, attempts, retryAt));
    }

    private void batchFailed(Polled polled, RuntimeException e) {
        LOG.log(Level.ERROR, polled.name + ": a batch of consumer " + consumer + " failed and was rolled back", e);
        tell(polled.name, () -> listener.error(polled.name, e));
    }

    private void delivered(Polled polled, Batch batch) {
        List<FeedEvent> events = batch.events();
        if (!events.isEmpty()) {
            LOG.log(Level.DEBUG, () -> polled.name + ": consumer " + consumer + " handled " + events.size()
                    + (events.size() == 1 ? " event" : " events") + ", up to " + events.get(events.size() - 1).position());
            tell(polled.name, () -> listener.delivered(polled.name, events));
        }
    }

    /**
     * Logs a {@code WARNING} naming the transaction that holds the horizon, if events have been
     * held longer than the stall warning; once a minute at most, per workflow.
     */
    private void warnIfStalled(Polled polled, Read read) {
        long now = System.nanoTime();
        if (read.oldestHeld() == null) {
            polled.heldSince = 0;
            return;
        }
        if (polled.heldSince == 0) {
            // From when this feed saw them held: a long writer that has just committed started long ago.
            polled.heldSince = now;
        }
        if (now - polled.heldSince < nanos(stallWarning)) {
            return;
        }
        long last = polled.lastStallWarning.get();
        if (last != 0 && now - last < STALL_WARNING_EVERY.toNanos() || !polled.lastStallWarning.compareAndSet(last, now)) {
            return;
        }
        FeedStatus.Holder holder;
        try {
            holder = polled.queries.holder(dsl, read.horizon());
        } catch (RuntimeException e) {
            holder = null;
        }
        LOG.log(Level.WARNING, polled.name + ": events committed since " + read.oldestHeld()
                + " are held back from consumer " + consumer + " by transaction " + Long.toUnsignedString(read.horizon())
                + (holder != null ? " of " + holder + ", still running" : ", which has ended or is not visible")
                + ". Every event feed of the cluster waits for its oldest running transaction that has written");
    }

    /**
     * The consumer's row is gone: deleted by the owner, who removes a consumer so, while this
     * instance still ran. Logged once; the workflow is left alone until the feed is built again.
     */
    private void goneWarning(Polled polled) {
        IllegalStateException gone = new IllegalStateException(polled.name + ": the row of consumer " + consumer
                + " in " + polled.queries.positionTable() + " was deleted while the feed ran; it delivers no more of "
                + polled.name + " rather than start again at " + start + ", which would skip or repeat events."
                + " Stop every instance before removing a consumer; a feed built anew starts it again");
        LOG.log(Level.ERROR, gone.getMessage());
        tell(polled.name, () -> listener.error(polled.name, gone));
    }

    /**
     * Logs a {@code WARNING} naming the session that holds the consumer's lock, if the feed has
     * found it taken for longer than the stall warning while the position did not move: no instance
     * is delivering, and a session (a {@code runOnce()} inside a long transaction, or any session's
     * {@code pg_advisory_lock} on the same keys) holds the consumer back. Once a minute at most.
     */
    private void warnIfLockedOut(Polled polled) {
        long now = System.nanoTime();
        FeedPosition at;
        try {
            FeedQueries.Position position = dsl.transactionResult(c -> polled.queries.position(c.dsl(), consumer));
            at = position == null ? null : position.at();
        } catch (RuntimeException e) {
            return;
        }
        if (polled.lockedSince == 0 || !Objects.equals(at, polled.lockedAt)) {
            polled.lockedSince = now;
            polled.lockedAt = at;
        }
        long last = polled.lastLockWarning.get();
        if (now - polled.lockedSince < nanos(stallWarning)
                || last != 0 && now - last < STALL_WARNING_EVERY.toNanos()
                || !polled.lastLockWarning.compareAndSet(last, now)) {
            return;
        }
        Integer pid;
        try {
            pid = dsl.transactionResult(c -> polled.queries.lockHolder(c.dsl(), consumer));
        } catch (RuntimeException e) {
            pid = null;
        }
        LOG.log(Level.WARNING, polled.name + ": consumer " + consumer + " has found its lock taken for "
                + Duration.ofNanos(now - polled.lockedSince).toSeconds() + " s while its position stayed at " + at
                + ", by " + (pid != null ? "the session of pid " + pid : "a session that has ended")
                + ": no instance is delivering. A runOnce() inside a long transaction, or a session's"
                + " pg_advisory_lock on the consumer's keys, holds it");
    }

    /** Calls the listener; what it throws is logged, and stops neither the report nor the feed. */
    private static void tell(String workflow, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, workflow + ": the FeedListener threw; the feed goes on", e);
        }
    }

    private static String describe(FeedEvent event) {
        HistoryEntry entry = event.entry();
        return event.workflow() + " " + entry.entityId() + ": " + entry.transition() + " " + entry.fromState() + " -> "
                + entry.toState() + (event.version() == null ? "" : ", version " + event.version());
    }

    private static String attempts(int attempts) {
        return attempts == 1 ? "the first time" : attempts + " times in a row";
    }

    private String names() {
        return workflows.stream().map(polled -> polled.name).collect(Collectors.joining(", "));
    }

    private static FeedDescriptor feedOf(WorkflowDescriptor workflow) {
        Objects.requireNonNull(workflow, "workflow");
        if (workflow.feed() == null) {
            throw new IllegalArgumentException(workflow.name() + " has no event feed: declare it with"
                    + " @Workflow(events = Events.FEED), and apply the migration the next compile writes");
        }
        return workflow.feed();
    }

    private static long nanos(Duration duration) {
        // Past 292 years the nanoseconds overflow; any wait that long is the same as forever here.
        return duration.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : duration.toNanos();
    }

    /** Daemon threads named {@code name}. */
    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            // The JVM need not wait for it: a batch cut off by its exit is rolled back, and delivered again.
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A workflow the feed polls, and what the feed remembers of it between batches. */
    private static final class Polled {

        final String name;
        final FeedQueries queries;
        /** Whether the consumer's row is known to exist: created once, before the first batch. */
        volatile boolean positioned;
        /** Whether the consumer's row was deleted while the feed ran: it delivers no more of the workflow. */
        volatile boolean gone;
        /** Since when, in nanoseconds, the feed has found the consumer's lock taken with the position still; 0 if not. */
        long lockedSince;
        FeedPosition lockedAt;
        /** Since when events have been held back by the horizon without a break; 0 if none are. */
        long heldSince;
        final AtomicLong lastLockWarning = new AtomicLong();
        final AtomicLong lastStallWarning = new AtomicLong();

        Polled(WorkflowDescriptor workflow) {
            this.name = workflow.name();
            this.queries = new FeedQueries(workflow);
        }
    }

    /**
     * What one batch did.
     *
     * @param read what it read; {@code null} if it read nothing: another instance held the lock, or
     *     the next event waits to be tried again
     */
    private record Batch(Read read) {

        static final Batch NONE = new Batch(null);

        /** Another transaction held the consumer's lock. */
        static final Batch LOCKED = new Batch(null);

        /** The events the batch handled; empty if none. */
        List<FeedEvent> events() {
            return read == null ? List.of() : read.events();
        }
    }

    /** A batch that was skipped, and the position it was skipped from. */
    private record Skipped(FeedEvent event, FeedQueries.Position before) {}

    /** What one round of a workflow did, for the backoff: delivered, read, found events held, or failed. */
    private record Round(List<FeedEvent> delivered, int read, boolean held, boolean failed) {}

    /**
     * The handler threw: carries the failing event (a batch handler's first), the position the
     * batch started from, and how many events the batch reached, the failing one included.
     */
    private static final class HandlerFailed extends RuntimeException {

        private final transient FeedEvent event;
        private final transient FeedPosition from;
        private final int reached;

        HandlerFailed(FeedEvent event, FeedPosition from, int reached, Exception cause) {
            super(cause);
            this.event = event;
            this.from = from;
            this.reached = reached;
        }

        FeedEvent event() {
            return event;
        }

        FeedPosition from() {
            return from;
        }

        int reached() {
            return reached;
        }
    }

    /** When the feed's thread polls a workflow next. */
    private final class Schedule {

        private final Polled polled;
        private final Backoff backoff;
        private long next;

        Schedule(Polled polled, Backoff backoff, long next) {
            this.polled = polled;
            this.backoff = backoff;
            this.next = next;
        }

        /** Polls the workflow and says how long to wait before the next time. */
        Duration poll() {
            Round round = EventFeed.this.poll(polled);
            if (round.failed()) {
                return backoff.afterError();
            }
            if (round.read() == 0 && round.held()) {
                // Events are committed and wait only for the horizon: due as soon as its holder ends.
                return backoff.soon();
            }
            Duration wait = backoff.after(round.read(), round.delivered().size(), batchSize);
            if (round.read() == 0) {
                LOG.log(Level.DEBUG,
                        () -> polled.name + ": no event due for consumer " + consumer + "; next poll in " + wait);
            }
            return wait;
        }
    }

    /**
     * Builds an {@link EventFeed}. The workflows, the start and the handler are required; every
     * other option has a default.
     *
     * <pre>{@code
     * EventFeed feed = EventFeed.builder(dsl, "search-index")
     *         .workflow(TaskWorkflow.DESCRIPTOR)
     *         .workflow(ProjectWorkflow.DESCRIPTOR)
     *         .startAt(EventFeed.Start.BEGINNING)
     *         .batchSize(500)
     *         .idleBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
     *         .onBatch((events, tx) -> index.update(events, tx))
     *         .listener(metrics)
     *         .build();
     * }</pre>
     */
    public static final class Builder {

        private final DSLContext dsl;
        private final String consumer;
        private final List<WorkflowDescriptor> workflows = new ArrayList<>();
        private Start start;
        private int batchSize = 100;
        private Duration shortestIdle = Duration.ofMillis(200);
        private Duration longestIdle = Duration.ofSeconds(10);
        private Duration stallWarning = Duration.ofMinutes(1);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private ThreadFactory threadFactory;
        private FeedHandler onEach;
        private BatchHandler onBatch;
        private FeedListener listener = FeedListener.NONE;

        private Builder(DSLContext dsl, String consumer) {
            this.dsl = Objects.requireNonNull(dsl, "dsl");
            Objects.requireNonNull(consumer, "consumer");
            if (!CONSUMER.matcher(consumer).matches()) {
                throw new IllegalArgumentException("a consumer's name is 1 to 63 of a-z, 0-9, '.', '_' and '-',"
                        + " starting with a letter or digit, such as customer-mails; not \"" + consumer + "\"");
            }
            this.consumer = consumer;
        }

        /**
         * Delivers the events of this workflow: its generated descriptor, such as
         * {@code TaskWorkflow.DESCRIPTOR}. Call once per workflow; the consumer has a position in
         * each.
         *
         * @throws IllegalArgumentException if the workflow has no feed, or was given already
         */
        public Builder workflow(WorkflowDescriptor workflow) {
            FeedDescriptor feed = feedOf(workflow);
            if (workflows.stream().anyMatch(given -> given.feed().positionTable().equals(feed.positionTable()))) {
                throw new IllegalArgumentException(workflow.name() + " was given already; the feed polls it once");
            }
            workflows.add(workflow);
            return this;
        }

        /**
         * Where the consumer starts, the first time an instance of it polls a workflow: required,
         * since either choice would surprise someone. Ignored once the consumer has a position.
         */
        public Builder startAt(Start start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * The most events one batch delivers, in one transaction; 100 by default. A larger batch
         * commits less often, and holds its handler's locks longer.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("a batch delivers at least 1 event, not " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How long to wait before polling a workflow again when its last batch found nothing due:
         * {@code shortest} at first, twice as long after each such batch, at most {@code longest}.
         * 200 milliseconds to 10 seconds by default, so an event arrives at most about 10 seconds
         * late on an idle feed. A batch that delivers brings the wait back to {@code shortest}; a
         * full one goes again at once. A batch that finds events committed but held back by a
         * running transaction waits {@code shortest}: they are due as soon as it ends. A batch
         * that fails waits as an idle one does.
         *
         * @throws IllegalArgumentException if {@code shortest} is not positive or is longer than {@code longest}
         */
        public Builder idleBackoff(Duration shortest, Duration longest) {
            Backoff.requireValid(shortest, longest);
            this.shortestIdle = shortest;
            this.longestIdle = longest;
            return this;
        }

        /**
         * Delivers the events one at a time to {@code handler}, in the batch's transaction. Give
         * this or {@link #onBatch}.
         *
         * @throws IllegalStateException if a handler was given already
         */
        public Builder onEach(FeedHandler handler) {
            requireNoHandler();
            this.onEach = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Delivers the events a batch at a time to {@code handler}, in the batch's transaction.
         * Give this or {@link #onEach}.
         *
         * @throws IllegalStateException if a handler was given already
         */
        public Builder onBatch(BatchHandler handler) {
            requireNoHandler();
            this.onBatch = Objects.requireNonNull(handler, "handler");
            return this;
        }

        private void requireNoHandler() {
            if (onEach != null || onBatch != null) {
                throw new IllegalStateException(
                        "a feed has one handler, given with onEach or onBatch, and it was given already");
            }
        }

        /** Hears what the feed delivers and what fails; {@link FeedListener#NONE} by default. */
        public Builder listener(FeedListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How long events may be held back by a running transaction before the feed logs a
         * {@code WARNING} naming it, at most once a minute per workflow; a minute by default.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder stallWarning(Duration stallWarning) {
            if (Objects.requireNonNull(stallWarning, "stallWarning").isNegative()) {
                throw new IllegalArgumentException("the stall warning must not be negative, not " + stallWarning);
            }
            this.stallWarning = stallWarning;
            return this;
        }

        /**
         * The longest {@link EventFeed#close()} waits for a running batch; 30 seconds by default.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder closeTimeout(Duration closeTimeout) {
            if (Objects.requireNonNull(closeTimeout, "closeTimeout").isNegative()) {
                throw new IllegalArgumentException("the close timeout must not be negative, not " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Makes the feed's thread, for a name, a priority or a thread group of the application's
         * own. By default a daemon thread named {@code statewise-feed-<consumer>}.
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /**
         * The feed, not started yet.
         *
         * @throws IllegalStateException if no workflow, no start or no handler was given
         */
        public EventFeed build() {
            if (workflows.isEmpty()) {
                throw new IllegalStateException("an EventFeed delivers the events of at least one workflow; none was given");
            }
            if (start == null) {
                throw new IllegalStateException("say where consumer " + consumer + " starts: startAt(Start.NOW) for"
                        + " the events that commit from now on, or startAt(Start.BEGINNING) for every event, the"
                        + " history from before the feed first; there is no default");
            }
            if (onEach == null && onBatch == null) {
                throw new IllegalStateException("an EventFeed needs a handler: onEach((event, tx) -> ...) or"
                        + " onBatch((events, tx) -> ...)");
            }
            return new EventFeed(this);
        }
    }
}
