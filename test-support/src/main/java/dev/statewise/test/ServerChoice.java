package dev.statewise.test;

import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Which PostgreSQL server a test JVM uses, decided from system properties and environment
 * variables (a property wins over its variable), before anything is started:
 *
 * <ol>
 *   <li>a JDBC URL ({@value #JDBC_URL_PROPERTY} or {@value TestDatabase#JDBC_URL_VARIABLE}) names
 *       an existing server, whatever else is set;
 *   <li>{@code testcontainers} in {@value #SERVER_PROPERTY} or {@value #SERVER_VARIABLE} asks for
 *       a container of {@value #IMAGE_PROPERTY} ({@value #DEFAULT_IMAGE} by default). Without
 *       Docker the run falls back to the embedded server and says so in a warning; without
 *       Testcontainers on the test classpath it fails, since that is a mistake in the build;
 *   <li>otherwise, and with {@code embedded}, the embedded server.
 * </ol>
 *
 * <pre>{@code
 * ServerChoice choice = ServerChoice.choose(ServerChoice.Request.fromEnvironment(),
 *         ServerChoice::testcontainersOnClasspath, Containers::dockerAvailable);
 * }</pre>
 */
final class ServerChoice {

    static final String JDBC_URL_PROPERTY = "statewise.test.jdbcUrl";
    static final String SERVER_PROPERTY = "statewise.test.server";
    static final String SERVER_VARIABLE = "STATEWISE_TEST_SERVER";
    static final String IMAGE_PROPERTY = "statewise.test.image";
    static final String IMAGE_VARIABLE = "STATEWISE_TEST_IMAGE";
    static final String DEFAULT_IMAGE = "postgres:17-alpine";

    static final String EMBEDDED = "embedded";
    static final String TESTCONTAINERS = "testcontainers";

    // A class of the testcontainers-postgresql module, which brings the core with it.
    private static final String CONTAINER_CLASS = "org.testcontainers.postgresql.PostgreSQLContainer";

    /** Where the server comes from. */
    enum Kind { EXTERNAL, CONTAINER, EMBEDDED }

    private final Kind kind;
    private final String target;
    private final String warning;

    private ServerChoice(Kind kind, String target, String warning) {
        this.kind = kind;
        this.target = target;
        this.warning = warning;
    }

    /**
     * What a run asked for, as read from the settings.
     *
     * @param jdbcUrl the existing server's URL, or {@code null}
     * @param server the requested kind of server, or {@code null} for the default
     * @param image the container image, or {@code null} for {@value #DEFAULT_IMAGE}
     */
    record Request(String jdbcUrl, String server, String image) {

        static Request fromEnvironment() {
            return from(System::getProperty, System::getenv);
        }

        /** Reads each setting from the properties first, then from the environment. */
        static Request from(UnaryOperator<String> properties, UnaryOperator<String> environment) {
            return new Request(
                    setting(properties, JDBC_URL_PROPERTY, environment, TestDatabase.JDBC_URL_VARIABLE),
                    setting(properties, SERVER_PROPERTY, environment, SERVER_VARIABLE),
                    setting(properties, IMAGE_PROPERTY, environment, IMAGE_VARIABLE));
        }

        private static String setting(UnaryOperator<String> properties, String property,
                UnaryOperator<String> environment, String variable) {
            String value = properties.apply(property);
            if (value == null || value.isBlank()) {
                value = environment.apply(variable);
            }
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /**
     * Decides, asking the probes only when the request needs their answer.
     *
     * @throws IllegalStateException for an unknown kind of server, or a container requested
     *     without Testcontainers on the classpath
     */
    static ServerChoice choose(
            Request request, BooleanSupplier testcontainersOnClasspath, BooleanSupplier dockerAvailable) {
        if (request.jdbcUrl() != null) {
            return new ServerChoice(Kind.EXTERNAL, request.jdbcUrl(), null);
        }
        String server = request.server() == null ? EMBEDDED : request.server().toLowerCase(Locale.ROOT);
        switch (server) {
            case EMBEDDED:
                return new ServerChoice(Kind.EMBEDDED, null, null);
            case TESTCONTAINERS:
                String image = Objects.requireNonNullElse(request.image(), DEFAULT_IMAGE);
                if (!testcontainersOnClasspath.getAsBoolean()) {
                    throw new IllegalStateException(SERVER_PROPERTY + "=" + TESTCONTAINERS
                            + " asks for a Testcontainers PostgreSQL, but Testcontainers is not on"
                            + " the test classpath: add org.testcontainers:testcontainers-postgresql"
                            + " with test scope, or drop the setting to use the embedded server");
                }
                if (!dockerAvailable.getAsBoolean()) {
                    return new ServerChoice(Kind.EMBEDDED, null, "Statewise tests: "
                            + SERVER_PROPERTY + "=" + TESTCONTAINERS + " asks for a container of "
                            + image + ", but Docker is not available: using the embedded"
                            + " PostgreSQL instead");
                }
                return new ServerChoice(Kind.CONTAINER, image, null);
            default:
                throw new IllegalStateException(SERVER_PROPERTY + " (or " + SERVER_VARIABLE
                        + ") is '" + request.server() + "'; expected " + EMBEDDED + " or "
                        + TESTCONTAINERS);
        }
    }

    /** Whether Testcontainers' PostgreSQL module can be loaded, without loading it. */
    static boolean testcontainersOnClasspath(ClassLoader loader) {
        try {
            Class.forName(CONTAINER_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    Kind kind() {
        return kind;
    }

    /** The JDBC URL for {@link Kind#EXTERNAL}, the image for {@link Kind#CONTAINER}, else null. */
    String target() {
        return target;
    }

    /** Why the run uses another server than it asked for, or {@code null}. */
    String warning() {
        return warning;
    }
}
