package dev.statewise.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The only class that names Testcontainers, an optional dependency: the JVM loads it only when a
 * run asks for a container and {@link ServerChoice#testcontainersOnClasspath} said it can.
 */
final class Containers {

    private Containers() {}

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /**
     * Starts a container of the image, stopped by a shutdown hook (and by Testcontainers' own
     * reaper if the JVM dies), and returns its JDBC URL with the credentials as parameters.
     */
    @SuppressWarnings("resource") // Lives as long as the JVM; the shutdown hook closes it.
    static String start(String image) {
        PostgreSQLContainer container = new PostgreSQLContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        container.start();
        Runtime.getRuntime().addShutdownHook(
                new Thread(container::stop, "statewise-postgres-container-stop"));
        String url = container.getJdbcUrl();
        return url + (url.indexOf('?') < 0 ? '?' : '&')
                + "user=" + URLEncoder.encode(container.getUsername(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(container.getPassword(), StandardCharsets.UTF_8);
    }
}
