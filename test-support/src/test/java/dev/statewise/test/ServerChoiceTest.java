package dev.statewise.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.test.ServerChoice.Kind;
import dev.statewise.test.ServerChoice.Request;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ServerChoiceTest {

    private static final BooleanSupplier YES = () -> true;
    private static final BooleanSupplier NO = () -> false;
    private static final BooleanSupplier NOT_ASKED = () -> {
        throw new AssertionError("this choice needs no probe");
    };

    @Test
    void embeddedByDefault() {
        ServerChoice choice = ServerChoice.choose(new Request(null, null, null), NOT_ASKED, NOT_ASKED);

        assertEquals(Kind.EMBEDDED, choice.kind());
        assertNull(choice.warning());
    }

    @Test
    void embeddedWhenAskedFor() {
        assertEquals(Kind.EMBEDDED,
                ServerChoice.choose(new Request(null, "embedded", null), NOT_ASKED, NOT_ASKED).kind());
    }

    @Test
    void aJdbcUrlWinsOverEverythingElse() {
        String url = "jdbc:postgresql://db.example:5432/test?user=me";

        ServerChoice choice = ServerChoice.choose(
                new Request(url, "testcontainers", "postgres:16"), NOT_ASKED, NOT_ASKED);

        assertEquals(Kind.EXTERNAL, choice.kind());
        assertEquals(url, choice.target());
        assertNull(choice.warning());
    }

    @Test
    void aContainerWhenTestcontainersAndDockerAreThere() {
        ServerChoice choice = ServerChoice.choose(new Request(null, "testcontainers", null), YES, YES);

        assertEquals(Kind.CONTAINER, choice.kind());
        assertEquals("postgres:17-alpine", choice.target());
        assertNull(choice.warning());
    }

    @Test
    void theContainerRunsTheImageAskedFor() {
        ServerChoice choice = ServerChoice.choose(
                new Request(null, "TestContainers", "postgres:14"), YES, YES);

        assertEquals(Kind.CONTAINER, choice.kind());
        assertEquals("postgres:14", choice.target());
    }

    @Test
    void withoutDockerItFallsBackToEmbeddedAndSaysWhy() {
        ServerChoice choice = ServerChoice.choose(
                new Request(null, "testcontainers", "postgres:14"), YES, NO);

        assertEquals(Kind.EMBEDDED, choice.kind());
        assertEquals("Statewise tests: statewise.test.server=testcontainers asks for a container of"
                + " postgres:14, but Docker is not available: using the embedded PostgreSQL instead",
                choice.warning());
    }

    @Test
    void withoutTestcontainersOnTheClasspathItFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerChoice.choose(new Request(null, "testcontainers", null), NO, NOT_ASKED));

        assertTrue(e.getMessage().contains(
                "Testcontainers is not on the test classpath: add org.testcontainers:testcontainers-postgresql"),
                e.getMessage());
    }

    @Test
    void anUnknownServerFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerChoice.choose(new Request(null, "docker", null), NOT_ASKED, NOT_ASKED));

        assertEquals("statewise.test.server (or STATEWISE_TEST_SERVER) is 'docker'; expected"
                + " embedded or testcontainers", e.getMessage());
    }

    @Test
    void aPropertyWinsOverItsVariableAndBlanksAreUnset() {
        Map<String, String> properties = Map.of(
                "statewise.test.server", " testcontainers ", "statewise.test.jdbcUrl", " ");
        Map<String, String> environment = Map.of("STATEWISE_TEST_SERVER", "embedded",
                "STATEWISE_TEST_IMAGE", "postgres:15", "STATEWISE_TEST_JDBC_URL", "jdbc:postgresql:x");

        Request request = Request.from(properties::get, environment::get);

        assertEquals(new Request("jdbc:postgresql:x", "testcontainers", "postgres:15"), request);
        assertEquals(new Request(null, null, null), Request.from(key -> null, key -> ""));
    }

    @Test
    void findsTestcontainersOnlyWhereTheClassLoaderSeesIt() throws Exception {
        assertTrue(ServerChoice.testcontainersOnClasspath(getClass().getClassLoader()));
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertFalse(ServerChoice.testcontainersOnClasspath(bare));
            assertFalse(Migrations.flywayOnClasspath(bare));
        }
        assertTrue(Migrations.flywayOnClasspath(getClass().getClassLoader()));
    }
}
