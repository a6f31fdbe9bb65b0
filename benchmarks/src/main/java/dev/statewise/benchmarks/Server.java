package dev.statewise.benchmarks;

import dev.statewise.runtime.Columns.FeedPosition;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * An embedded PostgreSQL for one durability setting, and the schemas of the run inside it. The
 * schemas are deployed as decision 0019 asks: an owner role that is no superuser creates them, and
 * the clients and loops being measured log in as an application role that owns nothing and holds
 * only the privileges {@link #create} grants.
 */
final class Server implements AutoCloseable {

    /** Creates and owns every schema of the run, like the role that applies a team's migrations. */
    static final String OWNER = "bench_owner";

    /** What the application logs in as: no superuser, owner of nothing. */
    static final String APPLICATION = "bench_app";

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final boolean durable;

    private Server(EmbeddedPostgres postgres, boolean durable) {
        this.postgres = postgres;
        this.durable = durable;
    }

    /**
     * Starts a server whose commits reach the disk, or not. zonky starts PostgreSQL with
     * {@code fsync=off} and {@code synchronous_commit=off} unless told otherwise, which flatters
     * every design that commits more often: both are set explicitly either way.
     */
    static Server start(boolean durable) throws IOException, SQLException {
        String value = durable ? "on" : "off";
        Server server = new Server(EmbeddedPostgres.builder()
                .setServerConfig("fsync", value)
                .setServerConfig("synchronous_commit", value)
                .start(), durable);
        for (String setting : List.of("fsync", "synchronous_commit")) {
            if (!server.setting(setting).equals(value)) {
                server.close();
                throw new IllegalStateException(setting + " is " + server.setting(setting) + ", not " + value);
            }
        }
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String role : List.of(OWNER, APPLICATION)) {
                s.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
            }
        }
        return server;
    }

    boolean durable() {
        return durable;
    }

    /** The server's parent process, found through a backend, or -1 where /proc cannot tell. */
    long postmasterPid() throws SQLException {
        String backend = queryString("SELECT pg_backend_pid()");
        try {
            String stat = Files.readString(Path.of("/proc", backend, "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A connection as the superuser, for setting up and checking, never for what is measured. */
    Connection connect() throws SQLException {
        return connect(SUPERUSER);
    }

    Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl(role, "postgres"));
    }

    String setting(String name) throws SQLException {
        return queryString("SELECT current_setting('" + name + "')");
    }

    boolean queryBoolean(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    String queryString(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Creates the schema as the owner, then its tables with {@code rows} rows moved to IN_PROGRESS,
     * vacuumed and analysed, and grants the application role what a team grants it: USAGE on the
     * schema, SELECT, INSERT, UPDATE, DELETE on the workflow's table, SELECT on its history and edges,
     * and where it has a feed SELECT, INSERT and UPDATE of all but the consumer on its positions. Where
     * the history is written with the caller's rights (NAIVE, and every schema whose update trigger
     * is not SECURITY DEFINER, as before decision 0019), the application may also INSERT into it.
     */
    void create(Schema schema, int rows) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema.name() + " AUTHORIZATION " + OWNER);
        }
        if (schema.ddl() == null) {
            MigrateResult migrated = Flyway.configure()
                    .dataSource(postgres.getJdbcUrl(OWNER, "postgres"), OWNER, null)
                    .schemas(schema.name())
                    .target(GeneratedMigration.VERSION)
                    .load()
                    .migrate();
            if (migrated.migrationsExecuted != 1) {
                throw new IllegalStateException("Flyway applied " + migrated.migrationsExecuted + " migrations, not 1");
            }
        }
        try (Connection c = connect(OWNER); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema.name());
            if (schema.ddl() != null) {
                s.execute(schema.ddl());
            }
            s.execute("INSERT INTO " + schema.workflow() + " (title) SELECT 'Task ' || g FROM generate_series(1, "
                    + rows + ") g");
            s.execute(schema.design().startAll(schema.workflow()));
            for (String grant : grants(s, schema)) {
                s.execute("GRANT " + grant + " TO " + APPLICATION);
            }
        }
        vacuum(schema, true);
    }

    private static List<String> grants(Statement s, Schema schema) throws SQLException {
        List<String> grants = new ArrayList<>(List.of(
                "USAGE ON SCHEMA " + schema.name(),
                "SELECT, INSERT, UPDATE, DELETE ON " + schema.workflowTable()));
        if (!schema.design().keepsHistory()) {
            return grants;
        }
        grants.add("SELECT ON " + schema.historyTable() + ", " + schema.table(schema.workflow() + "_transition"));
        // A feed's positions, as the generated migration grants them to the application role: its
        // consumers' rows read, created and moved, never renamed or deleted.
        String positions = schema.table(schema.workflow() + "_feed_position");
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + positions + "') IS NOT NULL")) {
            rs.next();
            if (rs.getBoolean(1)) {
                grants.add("SELECT, INSERT ON " + positions);
                grants.add("UPDATE (" + String.join(", ", FeedPosition.FEED_XID, FeedPosition.HISTORY_ID,
                        FeedPosition.DELIVERED, FeedPosition.MOVED_AT, FeedPosition.ATTEMPTS,
                        FeedPosition.FAILING_SINCE, FeedPosition.RETRY_AT, FeedPosition.LAST_ERROR) + ") ON "
                        + positions);
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT coalesce(bool_and(p.prosecdef), false) FROM pg_trigger t"
                + " JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = '" + schema.workflowTable() + "'::regclass"
                + " AND NOT t.tgisinternal AND t.tgtype & 16 <> 0")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                grants.add("INSERT ON " + schema.historyTable());
            }
        }
        return grants;
    }

    /** Clears what earlier rounds left, so that every round starts from the same pages. */
    void vacuum(Schema schema, boolean analyze) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = '" + schema.name() + "' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(schema.table(rs.getString(1)));
                }
            }
            s.execute("VACUUM " + (analyze ? "(ANALYZE) " : "") + String.join(", ", tables));
        }
    }

    void checkpoint() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
