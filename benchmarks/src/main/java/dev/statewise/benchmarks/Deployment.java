package dev.statewise.benchmarks;

import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The schema deployed the way a careful team deploys it (DESIGN §4): an owner role that is no
 * superuser applies the migrations with Flyway; the application connects as another role that
 * owns nothing and holds only the privileges granted here.
 */
final class Deployment {

    static final String SCHEMA = "statewise";
    static final String OWNER = "statewise_owner";
    static final String APPLICATION = "statewise_app";

    private final int migrations;
    private final List<String> grants;
    private final String owner;

    private Deployment(int migrations, List<String> grants, String owner) {
        this.migrations = migrations;
        this.grants = grants;
        this.owner = owner;
    }

    /**
     * Creates both roles and the owner's schema as the superuser, applies the migration as the
     * owner, and grants the application role what it needs: USAGE on the schema, SELECT, INSERT,
     * UPDATE, DELETE on the workflow table, SELECT on its history and transition tables. Where the
     * trigger that writes the history runs with its caller's rights rather than as SECURITY
     * DEFINER, the caller must also be allowed to INSERT into the history; the trigger that keeps
     * hand-written history rows out still refuses any it did not write.
     */
    static Deployment apply(CrashableServer server, WorkflowDescriptor workflow) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            s.execute("CREATE ROLE " + APPLICATION + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            s.execute("CREATE SCHEMA " + SCHEMA + " AUTHORIZATION " + OWNER);
        }
        MigrateResult migrated = Flyway.configure()
                .dataSource(server.jdbcUrl(OWNER), OWNER, null)
                .schemas(SCHEMA)
                .target(GeneratedMigration.VERSION)
                .load()
                .migrate();
        if (migrated.migrationsExecuted < 1) {
            throw new IllegalStateException("Flyway applied no migration");
        }
        String table = workflow.table();
        List<String> grants = new ArrayList<>(List.of(
                "USAGE ON SCHEMA " + SCHEMA,
                "SELECT, INSERT, UPDATE, DELETE ON " + table,
                "SELECT ON " + workflow.historyTable() + ", " + workflow.transitionTable()));
        try (Connection c = server.connect(OWNER, SCHEMA); Statement s = c.createStatement()) {
            if (!queryBoolean(s, "SELECT bool_and(p.prosecdef) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                    + " WHERE t.tgrelid = '" + SCHEMA + "." + table + "'::regclass AND NOT t.tgisinternal"
                    + " AND t.tgtype & 16 <> 0")) {
                grants.add("INSERT ON " + workflow.historyTable());
            }
            for (String grant : grants) {
                s.execute("GRANT " + grant + " TO " + APPLICATION);
            }
        }
        String owner;
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            owner = queryString(s, "SELECT string_agg(DISTINCT tableowner, ', ') FROM pg_tables WHERE schemaname = '"
                    + SCHEMA + "' AND tablename IN ('" + table + "', '" + workflow.historyTable() + "', '"
                    + workflow.transitionTable() + "')");
            if (!owner.equals(OWNER) || queryBoolean(s, "SELECT rolsuper FROM pg_roles WHERE rolname = '"
                    + APPLICATION + "'")) {
                throw new IllegalStateException("The workflow's tables belong to " + owner + ", and " + APPLICATION
                        + " must be no superuser");
            }
        }
        return new Deployment(migrated.migrationsExecuted, List.copyOf(grants), owner);
    }

    /**
     * Inserts {@code count} rows as the application role, each in the state the table's defaults
     * give it, and records them in the ledger.
     */
    static void createRows(CrashableServer server, WorkflowDescriptor workflow, int count, Ledger ledger)
            throws SQLException {
        try (Connection c = server.connect(APPLICATION, SCHEMA); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("INSERT INTO " + workflow.table() + " (title) SELECT 'Task ' || g"
                        + " FROM generate_series(1, " + count + ") g RETURNING id, " + workflow.stateColumn())) {
            while (rs.next()) {
                ledger.created(rs.getLong(1), rs.getString(2));
            }
        }
    }

    int migrations() {
        return migrations;
    }

    List<String> grants() {
        return grants;
    }

    String owner() {
        return owner;
    }

    private static boolean queryBoolean(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String queryString(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
