package dev.statewise.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own for one test or test class, on the {@link TestDatabase}. Connections from
 * {@link #dataSource()} and {@link #jdbcUrl()} have only this schema on their search path, so
 * unqualified table names in tests and in the code under test resolve here and nowhere else.
 *
 * <pre>{@code
 * TestSchema schema = TestDatabase.shared().createSchema("MigrationTest");
 * Flyway.configure()
 *         .dataSource(schema.jdbcUrl(), schema.user(), schema.password())
 *         .schemas(schema.name())
 *         .load()
 *         .migrate();
 * schema.drop();
 * }</pre>
 *
 * <p>With {@link PostgresTest @PostgresTest} a test receives one as a parameter and never drops it
 * itself.
 */
public final class TestSchema {

    private final TestDatabase database;
    private final String name;
    private final PGSimpleDataSource dataSource;
    private final String jdbcUrl;

    TestSchema(TestDatabase database, String name, PGSimpleDataSource dataSource) {
        this.database = database;
        this.name = name;
        this.dataSource = dataSource;
        this.jdbcUrl = urlWithCredentials(dataSource);
    }

    /** The schema's name: lowercase, so it can be used in SQL without quoting. */
    public String name() {
        return name;
    }

    /** A data source whose connections use this schema, and only this schema, by default. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** A JDBC URL, credentials included, whose connections use this schema by default. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database user, for tools that take it apart from the URL. */
    public String user() {
        return dataSource.getUser();
    }

    /**
     * The password, for tools that take it apart from the URL, or {@code null} if the server asks
     * for none (the embedded server trusts local connections).
     */
    public String password() {
        return dataSource.getPassword();
    }

    /** Drops the schema and everything in it; does nothing if it is already gone. */
    public void drop() {
        database.dropSchema(name);
    }

    // The data source keeps user and password out of its URL; a URL on its own needs them.
    private static String urlWithCredentials(PGSimpleDataSource dataSource) {
        StringBuilder url = new StringBuilder(dataSource.getURL());
        appendParameter(url, "user", dataSource.getUser());
        appendParameter(url, "password", dataSource.getPassword());
        return url.toString();
    }

    private static void appendParameter(StringBuilder url, String key, String value) {
        if (value != null) {
            url.append(url.indexOf("?") < 0 ? '?' : '&')
                    .append(key)
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
