package dev.statewise.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Fires the due timeouts of one or more workflows, on a thread of its own: it asks each
 * workflow's repository for a batch of due timeouts, each batch in a transaction of its own, goes
 * on at once while batches come back full, and waits longer and longer while nothing is due.
 *
 * <pre>{@code
 * TimeoutWorker worker = TimeoutWorker.builder(dsl)
 *         .repository(LoanApplicationRepository::new)
 *         .repository(OrderRepository::new)
 *         .build();
 * worker.start();
 * ...
 * worker.close(); // lets a running batch finish
 * }</pre>
 *
 * <p>Each batch is {@code dsl.transactionResult(tx -> repository.apply(tx.dsl()).fireDueTimeouts(batchSize))}:
 * it commits on its own with a plain {@code DSLContext}, and joins Spring's transactions with the
 * {@code DSLContext} of Spring Boot's jOOQ starter. Any number of workers, in one JVM or many, may
 * poll the same workflows: repositories claim due rows with {@code FOR UPDATE SKIP LOCKED}, so
 * each timeout fires once.
 *
 * <p>What it fires and what fails goes to the {@link TimeoutListener} and to the
 * {@link System.Logger} named after this class, which SLF4J and Log4j take over with their JDK
 * platform logging bridges: {@code INFO} for each batch that fired something, {@code WARNING} for
 * each firing that failed (the repository tries the row again later, at the time it reports),
 * {@code ERROR} for a batch that failed as a whole, and nothing above {@code DEBUG} while idle. A
 * batch that fails as a whole, a lost connection say, is rolled back and tried again after a
 * backoff; only an {@link Error} ends the worker's thread.
 *
 * <p>Without {@link #start()}, {@link #runOnce()} fires one batch per workflow on the caller's
 * thread, for a scheduler of the application's own.
 */
public final class TimeoutWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TimeoutWorker.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DSLContext dsl;
    private final List<Polled> workflows;
    private final int batchSize;
    private final Duration shortestIdle;
    private final Duration longestIdle;
    private final Duration closeTimeout;
    private final ThreadFactory threadFactory;
    private final TimeoutListener listener;
    private final CountDownLatch closing = new CountDownLatch(1);

    private Thread thread;
    private boolean closed;

    private TimeoutWorker(Builder builder, List<Polled> workflows) {
        this.dsl = builder.dsl;
        this.workflows = List.copyOf(workflows);
        this.batchSize = builder.batchSize;
        this.shortestIdle = builder.shortestIdle;
        this.longestIdle = builder.longestIdle;
        this.closeTimeout = builder.closeTimeout;
        this.threadFactory = builder.threadFactory;
        this.listener = builder.listener;
    }

    /**
     * A builder of a worker that runs its batches through {@code dsl}: give it at least one
     * {@link Builder#repository repository}.
     */
    public static Builder builder(DSLContext dsl) {
        return new Builder(dsl);
    }

    /**
     * Starts polling on a thread of the worker's {@link Builder#threadFactory thread factory}.
     *
     * @throws IllegalStateException if the worker was started or closed before
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this TimeoutWorker is closed");
        }
        if (thread != null) {
            throw new IllegalStateException("this TimeoutWorker is started already");
        }
        thread = threadFactory.newThread(this::poll);
        thread.start();
    }

    /**
     * Fires one batch of each workflow's due timeouts, each in its own transaction, on the calling
     * thread, and reports them as the worker's thread does. A batch that fails as a whole is logged
     * and reported to the listener's {@link TimeoutListener#error error}, and the other workflows
     * are still polled. Safe to call while the worker runs.
     *
     * @return what each workflow's batch fired and failed to fire, in the order the workflows were
     *     given; a workflow whose batch failed as a whole is missing
     * @throws IllegalStateException if the worker is closed
     */
    public List<FiredTimeouts> runOnce() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this TimeoutWorker is closed");
            }
        }
        List<FiredTimeouts> batches = new ArrayList<>();
        for (Polled workflow : workflows) {
            FiredTimeouts batch = fire(workflow);
            if (batch != null) {
                batches.add(batch);
            }
        }
        return List.copyOf(batches);
    }

    /** Whether the worker's thread is polling: from {@link #start()} until it has stopped. */
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
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        closing.countDown();
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos(closeTimeout) + 999_999);
        try {
            if (millis > 0) {
                running.join(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.log(Level.WARNING, running.getName() + " is still firing a batch of timeouts after " + closeTimeout
                    + "; it stops when the batch ends");
        }
    }

    /** The worker's thread: polls each workflow when its backoff says, until closed. */
    private void poll() {
        LOG.log(Level.INFO, "Polling the timeouts of " + names() + ": batches of " + batchSize
                + ", waiting " + shortestIdle + " to " + longestIdle + " while none is due");
        List<Schedule> schedules = new ArrayList<>();
        long start = System.nanoTime();
        for (Polled workflow : workflows) {
            schedules.add(new Schedule(workflow, new Backoff(shortestIdle, longestIdle), start));
        }
        boolean died = false;
        try {
            while (!isClosing()) {
                long now = System.nanoTime();
                long wait = Long.MAX_VALUE;
                for (Schedule schedule : schedules) {
                    if (schedule.next - now <= 0) {
                        if (isClosing()) {
                            return;
                        }
                        long after = nanos(schedule.fire());
                        schedule.next = System.nanoTime() + after;
                    }
                    wait = Math.min(wait, schedule.next - now);
                }
                // Only the batches above took time since now; a wait already over polls again at once.
                long left = wait - (System.nanoTime() - now);
                if (left > 0 && closing.await(left, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            died = true;
            LOG.log(Level.ERROR, "An error stopped polling the timeouts of " + names(), e);
            throw e;
        } finally {
            if (!died) {
                LOG.log(Level.INFO, "Stopped polling the timeouts of " + names());
            }
        }
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    /**
     * Fires one batch of the workflow in a transaction of its own and reports it; {@code null} if
     * the batch failed as a whole, which is reported too.
     */
    private FiredTimeouts fire(Polled workflow) {
        FiredTimeouts batch;
        try {
            batch = dsl.transactionResult(tx -> workflow.repository().apply(tx.dsl()).fireDueTimeouts(batchSize));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, workflow.name() + ": a batch of due timeouts failed and was rolled back", e);
            tell(workflow.name(), () -> listener.error(workflow.name(), e));
            return null;
        }
        report(workflow.name(), batch);
        return batch;
    }

    private void report(String workflow, FiredTimeouts batch) {
        if (batch.count() > 0) {
            LOG.log(Level.INFO, workflow + ": fired " + batch.count() + (batch.count() == 1 ? " timeout" : " timeouts")
                    + (batch.failed().isEmpty() ? "" : ", " + batch.failed().size() + " failed"));
        }
        for (FiredTimeouts.Fired fired : batch.fired()) {
            tell(workflow, () -> listener.fired(workflow, fired));
        }
        for (FiredTimeouts.Failed failed : batch.failed()) {
            RuntimeException cause = failed.cause();
            String message = workflow + " " + failed.id() + ": the timeout " + failed.transition() + " from "
                    + failed.from() + " failed and is tried again at " + failed.retryAt() + ": " + cause.getMessage();
            // A workflow's own refusal says all in its message; anything else needs its stack trace.
            if (cause instanceof StatewiseException) {
                LOG.log(Level.WARNING, message);
            } else {
                LOG.log(Level.WARNING, message, cause);
            }
            tell(workflow, () -> listener.failed(workflow, failed));
        }
    }

    /** Calls the listener; what it throws is logged, and stops neither the batch's report nor the worker. */
    private static void tell(String workflow, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, workflow + ": the TimeoutListener threw; the worker goes on", e);
        }
    }

    private String names() {
        return workflows.stream().map(Polled::name).collect(Collectors.joining(", "));
    }

    private static long nanos(Duration duration) {
        // Past 292 years the nanoseconds overflow; any wait that long is the same as forever here.
        return duration.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : duration.toNanos();
    }

    /** A workflow the worker polls, with the name its repository gives. */
    private record Polled(String name, Function<DSLContext, ? extends Timeouts> repository) {}

    /** When the worker's thread polls a workflow next. */
    private final class Schedule {

        private final Polled workflow;
        private final Backoff backoff;
        private long next;

        Schedule(Polled workflow, Backoff backoff, long next) {
            this.workflow = workflow;
            this.backoff = backoff;
            this.next = next;
        }

        /** Fires a batch and says how long to wait before the next. */
        Duration fire() {
            FiredTimeouts batch = TimeoutWorker.this.fire(workflow);
            if (batch == null) {
                return backoff.afterError();
            }
            Duration wait = backoff.after(batch, batchSize);
            if (batch.claimed() == 0) {
                LOG.log(Level.DEBUG, () -> workflow.name() + ": no timeout due; next poll in " + wait);
            }
            return wait;
        }
    }

    /**
     * Builds a {@link TimeoutWorker}. Every option but the repositories has a default.
     *
     * <pre>{@code
     * TimeoutWorker worker = TimeoutWorker.builder(dsl)
     *         .repository(LoanApplicationRepository::new)
     *         .batchSize(50)
     *         .idleBackoff(Duration.ofMillis(500), Duration.ofSeconds(10))
     *         .threadName("loan-timeouts")
     *         .listener(metrics)
     *         .build();
     * }</pre>
     */
    public static final class Builder {

        private final DSLContext dsl;
        private final List<Function<DSLContext, ? extends Timeouts>> repositories = new ArrayList<>();
        private int batchSize = 100;
        private Duration shortestIdle = Duration.ofSeconds(1);
        private Duration longestIdle = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private ThreadFactory threadFactory;
        private TimeoutListener listener = TimeoutListener.NONE;

        private Builder(DSLContext dsl) {
            this.dsl = Objects.requireNonNull(dsl, "dsl");
            this.threadFactory = daemonThreads(null);
        }

        /**
         * Polls the timeouts of the workflow whose repository this makes over a transaction's
         * {@code DSLContext}: {@code LoanApplicationRepository::new}. Call once per workflow.
         */
        public Builder repository(Function<DSLContext, ? extends Timeouts> repository) {
            repositories.add(Objects.requireNonNull(repository, "repository"));
            return this;
        }

        /**
         * The most due timeouts one batch fires, in one transaction; 100 by default. A larger batch
         * holds its rows' locks longer; a smaller one commits more often.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("a batch fires at least 1 timeout, not " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How long to wait before polling a workflow again when its last batch found nothing due:
         * {@code shortest} at first, twice as long after each such batch, at most {@code longest}.
         * One second to 30 seconds by default, so a timeout fires at most 30 seconds late on an
         * idle worker. A batch that claims rows brings the wait back to {@code shortest}; one that
         * comes back full, and fired some, goes again at once. A batch that fails as a whole waits
         * as an idle one does.
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
         * The longest {@link TimeoutWorker#close()} waits for a running batch; 30 seconds by default.
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
         * Names the worker's thread, a daemon thread: {@code statewise-timeouts-1} by default,
         * numbered in the JVM. Replaces a {@link #threadFactory} given before.
         */
        public Builder threadName(String name) {
            this.threadFactory = daemonThreads(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Daemon threads named {@code name}, or numbered if it is {@code null}. */
        private static ThreadFactory daemonThreads(String name) {
            return runnable -> {
                Thread thread = new Thread(runnable,
                        name != null ? name : "statewise-timeouts-" + THREADS.incrementAndGet());
                // The JVM need not wait for it: a batch cut off by its exit is rolled back.
                thread.setDaemon(true);
                return thread;
            };
        }

        /**
         * Makes the worker's thread, for a name, a priority or a thread group of the application's
         * own. Replaces a {@link #threadName} given before.
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** Hears what the worker fires and what fails; {@link TimeoutListener#NONE} by default. */
        public Builder listener(TimeoutListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The worker, not started yet. Makes each repository once, over the builder's
         * {@code DSLContext}, to learn its workflow's name.
         *
         * @throws IllegalStateException if no repository was given, or two poll the same workflow
         */
        public TimeoutWorker build() {
            if (repositories.isEmpty()) {
                throw new IllegalStateException("a TimeoutWorker polls at least one repository; none was given");
            }
            List<Polled> workflows = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Function<DSLContext, ? extends Timeouts> repository : repositories) {
                String name = repository.apply(dsl).workflow();
                if (!names.add(name)) {
                    throw new IllegalStateException("two repositories of " + name + " were given; one polls it");
                }
                workflows.add(new Polled(name, repository));
            }
            return new TimeoutWorker(this, workflows);
        }
    }
}
