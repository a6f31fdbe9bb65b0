package dev.statewise.test;

import static dev.statewise.test.MigrationsTest.strings;
import static dev.statewise.test.TestDatabaseTest.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The owner and application roles that come with each schema: what they may do, that they go with
 * the schema, and what a server user that is no superuser needs to make them.
 */
class TestSchemaRolesTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Test
    void eachSchemaComesWithAnOwnerAndAnApplicationRoleThatAreNeitherSuperusersNorCreators()
            throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("RoleAttributes");
        try {
            assertEquals(schema.name() + "_owner", schema.ownerRole());
            assertEquals(schema.name() + "_app", schema.applicationRole());
            assertEquals(List.of(
                            schema.applicationRole() + " login=true super=false createrole=false"
                                    + " createdb=false replication=false bypassrls=false",
                            schema.ownerRole() + " login=true super=false createrole=false"
                                    + " createdb=false replication=false bypassrls=false"),
                    strings(schema.dataSource(), "SELECT rolname || ' login=' || rolcanlogin"
                            + " || ' super=' || rolsuper || ' createrole=' || rolcreaterole"
                            + " || ' createdb=' || rolcreatedb || ' replication=' || rolreplication"
                            + " || ' bypassrls=' || rolbypassrls"
                            + " FROM pg_roles WHERE rolname IN ('" + schema.ownerRole() + "', '"
                            + schema.applicationRole() + "') ORDER BY rolname"));
            assertEquals(List.of(schema.ownerRole()), strings(schema.dataSource(),
                    "SELECT nspowner::regrole::text FROM pg_namespace"
                            + " WHERE nspname = '" + schema.name() + "'"));
        } finally {
            schema.drop();
        }
    }

    @Test
    void theApplicationRoleMayUseTheSchemaAndNothingMore() throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("ApplicationPrivileges");
        try {
            String privileges = "SELECT has_schema_privilege('" + schema.applicationRole() + "', '"
                    + schema.name() + "', 'USAGE') || ' ' || has_schema_privilege('"
                    + schema.applicationRole() + "', '" + schema.name() + "', 'CREATE')";
            assertEquals(List.of("true false"), strings(schema.dataSource(), privileges));
            assertEquals(INSUFFICIENT_PRIVILEGE,
                    sqlStateOf(schema.applicationDataSource(), "CREATE TABLE gadget (id int)"));
            assertEquals(INSUFFICIENT_PRIVILEGE, sqlStateOf(schema.applicationDataSource(),
                    "CREATE FUNCTION gadget() RETURNS int LANGUAGE sql AS 'SELECT 1'"));

            execute(schema.ownerDataSource(), "CREATE TABLE gadget (id int)");
            execute(schema.ownerDataSource(), "INSERT INTO gadget VALUES (1)");
            assertEquals(List.of(schema.ownerRole()), strings(schema.dataSource(),
                    "SELECT tableowner FROM pg_tables WHERE schemaname = '" + schema.name() + "'"));
            assertEquals(INSUFFICIENT_PRIVILEGE,
                    sqlStateOf(schema.applicationDataSource(), "SELECT id FROM gadget"));
        } finally {
            schema.drop();
        }
    }

    @Test
    void eachLoginHasItsOwnJdbcUrlWithItsCredentials() throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("RoleUrls");
        try {
            assertEquals(schema.name() + " " + schema.ownerRole(), whoAndWhere(schema.ownerJdbcUrl()));
            assertEquals(schema.name() + " " + schema.applicationRole(),
                    whoAndWhere(schema.applicationJdbcUrl()));
            assertTrue(schema.ownerJdbcUrl().contains("password="), "a random password");
            assertFalse(schema.ownerJdbcUrl().equals(schema.applicationJdbcUrl()));
        } finally {
            schema.drop();
        }
    }

    @Test
    void dropRemovesTheRolesAndEndsTheSessionsTheyLeftOpen() throws SQLException {
        TestDatabase database = TestDatabase.shared();
        TestSchema schema = database.createSchema("DropRoles");
        execute(schema.ownerDataSource(), "CREATE TABLE gadget (id int)");
        execute(schema.ownerDataSource(),
                "GRANT SELECT ON gadget TO " + schema.applicationRole());
        // As a connection pool would leave them: one idle, one in a transaction holding a lock
        // that DROP SCHEMA would otherwise wait for.
        try (Connection idle = schema.applicationDataSource().getConnection();
                Connection locking = schema.ownerDataSource().getConnection()) {
            locking.setAutoCommit(false);
            try (Statement statement = locking.createStatement()) {
                statement.execute("LOCK TABLE gadget IN ACCESS EXCLUSIVE MODE");
            }

            schema.drop();

            assertFalse(idle.isValid(5), "the application role's session was ended");
            assertFalse(locking.isValid(5), "the owner role's session was ended");
        }
        TestSchema observer = database.createSchema("DropRolesObserver");
        try {
            assertFalse(SchemaProbe.exists(observer.dataSource(), schema.name()));
            assertEquals(List.of(), strings(observer.dataSource(), "SELECT rolname FROM pg_roles"
                    + " WHERE rolname LIKE '" + schema.name() + "%'"));
            schema.drop();
        } finally {
            observer.drop();
        }
    }

    @Test
    void aServerUserThatMayNotCreateRolesIsToldWhatItLacks() throws SQLException {
        TestDatabase database = TestDatabase.shared();
        TestSchema setup = database.createSchema("NoCreaterole");
        String user = "t_nocreaterole_" + randomSuffix();
        String password = randomSuffix();
        execute(setup.dataSource(), "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
        try {
            TestDatabase limited = openAs(database, user, password);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> limited.createSchema("Refused"));

            assertTrue(refused.getMessage().contains("the user " + user + " may not create roles")
                    && refused.getMessage().contains("ALTER ROLE " + user + " CREATEROLE"),
                    refused.getMessage());
            assertEquals(INSUFFICIENT_PRIVILEGE, ((SQLException) refused.getCause()).getSQLState());
            assertEquals(List.of(), strings(setup.dataSource(), "SELECT nspname FROM pg_namespace"
                    + " WHERE nspname LIKE 'refused_%'"));
        } finally {
            execute(setup.dataSource(), "DROP ROLE " + user);
            setup.drop();
        }
    }

    @Test
    void aServerUserWithCreateroleButNoSuperuserMakesWorkingSchemasOnceItMayCreateThem()
            throws SQLException {
        TestDatabase database = TestDatabase.shared();
        TestSchema setup = database.createSchema("Creator");
        String user = "t_creator_" + randomSuffix();
        String password = randomSuffix();
        execute(setup.dataSource(),
                "CREATE ROLE " + user + " LOGIN CREATEROLE PASSWORD '" + password + "'");
        String databaseName = strings(setup.dataSource(), "SELECT current_database()").get(0);
        try {
            TestDatabase creator = openAs(database, user, password);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> creator.createSchema("Refused"));
            assertTrue(refused.getMessage().contains("the user " + user
                    + " may not create schemas: GRANT CREATE ON DATABASE " + databaseName
                    + " TO " + user), refused.getMessage());
            assertEquals(List.of(), strings(setup.dataSource(), "SELECT rolname FROM pg_roles"
                    + " WHERE rolname LIKE 'refused_%'"), "the roles were rolled back with it");

            execute(setup.dataSource(), "GRANT CREATE ON DATABASE " + databaseName + " TO " + user);
            TestSchema schema = creator.createSchema("ByACreator");
            try {
                assertEquals(List.of(user), strings(schema.dataSource(), "SELECT current_user"));
                execute(schema.ownerDataSource(), "CREATE TABLE gadget (id int)");
                assertEquals(INSUFFICIENT_PRIVILEGE,
                        sqlStateOf(schema.applicationDataSource(), "SELECT id FROM gadget"));
                execute(schema.ownerDataSource(),
                        "GRANT SELECT ON gadget TO " + schema.applicationRole());
                assertEquals(List.of(), strings(schema.applicationDataSource(), "SELECT id FROM gadget"));
            } finally {
                schema.drop();
            }
            assertFalse(SchemaProbe.exists(setup.dataSource(), schema.name()));
            assertEquals(List.of(), strings(setup.dataSource(), "SELECT rolname FROM pg_roles"
                    + " WHERE rolname LIKE '" + schema.name() + "%'"));
        } finally {
            execute(setup.dataSource(), "DROP OWNED BY " + user);
            execute(setup.dataSource(), "DROP ROLE " + user);
            setup.drop();
        }
    }

    /** The same server, through the path a URL in STATEWISE_TEST_JDBC_URL takes, as another user. */
    private static TestDatabase openAs(TestDatabase database, String user, String password) {
        String url = TestSchema.urlWithCredentials(database.login(null, user, password));
        return TestDatabase.open(new ServerChoice.Request(url, null, null));
    }

    private static String whoAndWhere(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT current_schema() || ' ' || current_user")) {
            result.next();
            return result.getString(1);
        }
    }

    static String sqlStateOf(DataSource dataSource, String sql) {
        return assertThrows(SQLException.class, () -> execute(dataSource, sql), sql).getSQLState();
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
