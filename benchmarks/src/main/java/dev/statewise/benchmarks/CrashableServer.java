package dev.statewise.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL on a data directory that outlives the server, so that it can be crashed
 * and started again on the same files, the way an operator's restart would.
 *
 * <p>zonky starts PostgreSQL with {@code fsync=off} and {@code synchronous_commit=off} unless told
 * otherwise: both are set here, checked after every start, and so is {@code listen_addresses}, so
 * that the server is reachable on the loopback interface only.
 */
final class CrashableServer implements AutoCloseable {

    /** How a server is brought down under load. */
    enum Crash {
        KILL("`kill -9` of the postmaster"),
        IMMEDIATE("`pg_ctl stop -m immediate`"),
        KILL_ALL("`kill -9` of every server process");

        private final String label;

        Crash(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    static final String SUPERUSER = "postgres";
    private static final String DATABASE = "postgres";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final boolean synchronousCommit;
    private EmbeddedPostgres postgres;
    private ProcessHandle postmaster;

    private CrashableServer(Path dataDirectory, boolean synchronousCommit) {
        this.dataDirectory = dataDirectory;
        this.synchronousCommit = synchronousCommit;
    }

    /** Runs initdb in a new temporary directory and starts the server on it. */
    static CrashableServer start(boolean synchronousCommit) throws IOException, SQLException {
        CrashableServer server = new CrashableServer(
                Files.createTempDirectory("statewise-durability-"), synchronousCommit);
        try {
            server.startPostgres();
        } catch (IOException | SQLException | RuntimeException e) {
            try {
                server.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return server;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * A new connection as {@code role}, with {@code schema} first on its search path. The socket
     * timeout bounds how long a client can wait on a server that died without closing it.
     */
    Connection connect(String role, String schema) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("currentSchema", schema);
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "statewise-durability");
        return DriverManager.getConnection(postgres.getJdbcUrl(role, DATABASE), properties);
    }

    Connection connect() throws SQLException {
        return connect(SUPERUSER, "public");
    }

    String jdbcUrl(String role) {
        return postgres.getJdbcUrl(role, DATABASE);
    }

    String setting(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Brings the server down without a clean shutdown, then waits until the postmaster and every
     * process it started (backends, WAL writer, checkpointer) are gone; the next start recovers from
     * the WAL. After {@code kill -9} of the postmaster, its children notice it is gone and exit;
     * {@code pg_ctl stop -m immediate} sends the postmaster SIGQUIT, which it passes on to every
     * child; {@code kill -9} of every process, the postmaster first, leaves nobody to notice
     * anything, which is as close to a power cut as a process can get without losing the kernel's
     * page cache.
     */
    void crash(Crash crash) throws IOException {
        List<ProcessHandle> processes = serverProcesses();
        switch (crash) {
            case KILL -> kill(postmaster);
            case IMMEDIATE -> pgCtl("-m", "immediate", "-t", String.valueOf(WAIT.toSeconds()), "-w", "stop");
            case KILL_ALL -> processes.forEach(CrashableServer::kill);
        }
        if (!exited(processes)) {
            throw new IllegalStateException("Server processes still run " + WAIT.toSeconds() + " s after "
                    + crash.label() + ": " + processes.stream().filter(ProcessHandle::isAlive).toList());
        }
    }

    /**
     * Starts the server again on the same data directory after {@link #crash}. zonky's handle on
     * the crashed server is closed first, since it holds a lock on the directory; its attempt to
     * stop a server that is no longer there fails, which {@link Durability} keeps out of the log.
     */
    void restart() throws IOException, SQLException {
        postgres.close();
        startPostgres();
    }

    /**
     * A clean shutdown, then the data directory is deleted. Should the server outlive zonky's stop,
     * it is killed rather than left running on a deleted directory, and the close fails.
     */
    @Override
    public void close() throws IOException {
        try {
            List<ProcessHandle> processes = postmaster == null ? List.of() : serverProcesses();
            if (postgres != null) {
                postgres.close();
            }
            if (!exited(processes)) {
                postmaster.destroyForcibly();
                if (!exited(processes)) {
                    throw new IllegalStateException("Server process still runs after SIGKILL: " + processes);
                }
                throw new IllegalStateException("The server did not stop when asked to, and was killed");
            }
        } finally {
            deleteDataDirectory();
        }
    }

    private void startPostgres() throws IOException, SQLException {
        String commit = synchronousCommit ? "on" : "off";
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(WAIT)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", commit)
                .start();
        for (String[] expected : new String[][] {
                {"fsync", "on"}, {"synchronous_commit", commit}, {"listen_addresses", "localhost"}}) {
            String actual = setting(expected[0]);
            if (!actual.equals(expected[1])) {
                throw new IllegalStateException(expected[0] + " is " + actual + ", not " + expected[1]);
            }
        }
        postmaster = findPostmaster();
    }

    /**
     * The postmaster, by the PID in its lock file, checked against the parent of a backend, so that
     * a stale file can never make the script kill another process.
     */
    private ProcessHandle findPostmaster() throws IOException, SQLException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                .get(0).trim());
        long parent;
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            // While the connection is open: its backend ends with it.
            parent = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElse(-1L);
        }
        if (parent != pid) {
            throw new IllegalStateException("postmaster.pid names " + pid + ", but a backend's parent is " + parent);
        }
        return ProcessHandle.of(pid).orElseThrow();
    }

    /**
     * Runs the pg_ctl that sits beside the running postmaster's binary, the way zonky runs it: in a
     * user namespace of its own where one is available, since PostgreSQL refuses to run as root.
     */
    private void pgCtl(String... arguments) throws IOException {
        Path postgresBinary = Path.of(postmaster.info().command()
                .orElseThrow(() -> new IllegalStateException("Cannot tell which binary the postmaster runs")));
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(postgresBinary.resolveSibling("pg_ctl").toString());
        command.addAll(List.of("-D", dataDirectory.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void kill(ProcessHandle process) {
        if (!process.destroyForcibly() && process.isAlive()) {
            throw new IllegalStateException("Could not send SIGKILL to server process " + process.pid());
        }
    }

    /** The postmaster and every process it started: backends, WAL writer, checkpointer and the rest. */
    private List<ProcessHandle> serverProcesses() {
        return Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
    }

    /** Whether every process has ended, waiting up to {@link #WAIT} in all. */
    private static boolean exited(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
        return true;
    }

    private void deleteDataDirectory() throws IOException {
        if (!Files.exists(dataDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}
