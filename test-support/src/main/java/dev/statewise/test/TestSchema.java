package dev.statewise.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own for one test or test class, on the {@link TestDatabase}, and two roles made
 * for it, so that a test can connect the way a careful deployment does:
 *
 * <ul>
 *   <li>{@link #ownerDataSource()} logs in as {@link #ownerRole()}, which owns the schema and is
 *       no superuser: the role that applies the migrations, and so owns what they create.
 *       {@link PostgresTest @PostgresTest} migrates as this role.
 *   <li>{@link #applicationDataSource()} logs in as {@link #applicationRole()}, which owns nothing
 *       and may only use the schema ({@code USAGE}): it cannot create in it, and reads or writes a
 *       table only once the migrations or the test grant it that.
 *   <li>{@link #dataSource()} logs in as the user {@link TestDatabase} connects as ({@link #user()}):
 *       the superuser {@code postgres} on the embedded server and in a container, whoever
 *       {@value TestDatabase#JDBC_URL_VARIABLE} names otherwise. For setup that needs more than the
 *       owner may do, and for tests that do not care who they are.
 * </ul>
 *
 * <p>Connections from each of them have only this schema on their search path, so unqualified
 * table names in tests and in the code under test resolve here and nowhere else. The roles'
 * names start with the schema's; their passwords are random, so they log in on a server that asks
 * for passwords too.
 *
 * <pre>{@code
 * TestSchema schema = TestDatabase.shared().createSchema("MigrationTest");
 * try {
 *     Flyway.configure()
 *             .dataSource(schema.ownerDataSource())
 *             .schemas(schema.name())
 *             .load()
 *             .migrate();
 *     try (Connection app = schema.applicationDataSource().getConnection()) {
 *         ...
 *     }
 * } finally {
 *     schema.drop();
 * }
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
    private final PGSimpleDataSource ownerDataSource;
    private final String ownerJdbcUrl;
    private final PGSimpleDataSource applicationDataSource;
    private final String applicationJdbcUrl;

    TestSchema(TestDatabase database, String name, PGSimpleDataSource dataSource,
            PGSimpleDataSource ownerDataSource, PGSimpleDataSource applicationDataSource) {
        this.database = database;
        this.name = name;
        this.dataSource = dataSource;
        this.jdbcUrl = urlWithCredentials(dataSource);
        this.ownerDataSource = ownerDataSource;
        this.ownerJdbcUrl = urlWithCredentials(ownerDataSource);
        this.applicationDataSource = applicationDataSource;
        this.applicationJdbcUrl = urlWithCredentials(applicationDataSource);
    }

    /** The schema's name: lowercase, so it can be used in SQL without quoting. */
    public String name() {
        return name;
    }

    /**
     * A data source whose connections use this schema, and only this schema, by default, and log
     * in as {@link #user()}: on the embedded server, a superuser.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /** A JDBC URL, credentials included, for connections like those of {@link #dataSource()}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database user of {@link #dataSource()}, for tools that take it apart from the URL. */
    public String user() {
        return dataSource.getUser();
    }

    /**
     * The password of {@link #dataSource()}, for tools that take it apart from the URL, or
     * {@code null} if the server asks for none (the embedded server trusts local connections).
     */
    public String password() {
        return dataSource.getPassword();
    }

    /**
     * The role that owns the schema, {@code <schema>_owner}: it may log in and create in the
     * schema, and is neither a superuser nor allowed to create roles or databases.
     *
     * <pre>{@code
     * try (Connection owner = schema.ownerDataSource().getConnection()) {
     *     assertEquals(schema.ownerRole(), query(owner, "SELECT tableowner FROM pg_tables"
     *             + " WHERE tablename = 'task'"));
     * }
     * }</pre>
     */
    public String ownerRole() {
        return ownerDataSource.getUser();
    }

    /**
     * A data source whose connections log in as {@link #ownerRole()} and use this schema alone.
     *
     * <pre>{@code
     * Flyway.configure().dataSource(schema.ownerDataSource()).schemas(schema.name()).load().migrate();
     * }</pre>
     */
    public DataSource ownerDataSource() {
        return ownerDataSource;
    }

    /**
     * A JDBC URL, credentials included, for connections like those of {@link #ownerDataSource()}.
     *
     * <pre>{@code
     * Connection owner = DriverManager.getConnection(schema.ownerJdbcUrl());
     * }</pre>
     */
    public String ownerJdbcUrl() {
        return ownerJdbcUrl;
    }

    /**
     * The role an application logs in as, {@code <schema>_app}: it may log in and use the schema,
     * nothing more until it is granted privileges on the tables; it owns nothing, and is neither a
     * superuser nor allowed to create roles or databases, or to bypass row-level security.
     *
     * <pre>{@code
     * try (Connection owner = schema.ownerDataSource().getConnection()) {
     *     owner.createStatement().execute(
     *             "GRANT SELECT, INSERT, UPDATE ON task TO " + schema.applicationRole());
     * }
     * }</pre>
     */
    public String applicationRole() {
        return applicationDataSource.getUser();
    }

    /**
     * A data source whose connections log in as {@link #applicationRole()} and use this schema
     * alone.
     *
     * <pre>{@code
     * TaskRepository tasks = new TaskRepository(
     *         DSL.using(schema.applicationDataSource(), SQLDialect.POSTGRES));
     * }</pre>
     */
    public DataSource applicationDataSource() {
        return applicationDataSource;
    }

    /**
     * A JDBC URL, credentials included, for connections like those of
     * {@link #applicationDataSource()}.
     *
     * <pre>{@code
     * HikariDataSource pool = new HikariDataSource();
     * pool.setJdbcUrl(schema.applicationJdbcUrl());
     * }</pre>
     */
    public String applicationJdbcUrl() {
        return applicationJdbcUrl;
    }

    /**
     * Drops the schema and everything in it, then its two roles, ending any session they still
     * have open (a connection pool's, say); does nothing for what is already gone.
     */
    public void drop() {
        database.dropSchema(name, ownerRole(), applicationRole());
    }

    // The data source keeps user and password out of its URL; a URL on its own needs them.
    static String urlWithCredentials(PGSimpleDataSource dataSource) {
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
