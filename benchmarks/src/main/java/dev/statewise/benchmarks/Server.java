package dev.statewise.benchmarks;

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

/** An embedded PostgreSQL for one durability setting, and the schemas of the run inside it. */
final class Server implements AutoCloseable {

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

    Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
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

    /** Creates the schema, then its tables with {@code rows} rows moved to IN_PROGRESS, vacuumed and analysed. */
    void create(Schema schema, int rows) throws SQLException {
        if (schema.ddl() == null) {
            MigrateResult migrated = Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .schemas(schema.name())
                    .load()
                    .migrate();
            if (migrated.migrationsExecuted != 1) {
                throw new IllegalStateException("Flyway applied " + migrated.migrationsExecuted + " migrations, not 1");
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (schema.ddl() != null) {
                s.execute("CREATE SCHEMA " + schema.name());
                s.execute("SET search_path TO " + schema.name());
                s.execute(schema.ddl());
            }
            s.execute("SET search_path TO " + schema.name());
            s.execute("INSERT INTO task (title) SELECT 'Task ' || g FROM generate_series(1, " + rows + ") g");
            s.execute(schema.design().startAll());
        }
        vacuum(schema, true);
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
