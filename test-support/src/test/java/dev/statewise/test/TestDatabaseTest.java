package dev.statewise.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    @Test
    void sharedIsOneInstancePerJvm() {
        assertSame(TestDatabase.shared(), TestDatabase.shared());
    }

    @Test
    void runsTheMajorVersionTheBuildSelected() {
        assumeTrue(TestDatabase.shared().kind() == ServerChoice.Kind.EMBEDDED,
                "an external server or a container runs whatever version it runs");
        String binaries = System.getProperty("statewise.test.postgresBinariesVersion");
        assumeTrue(binaries != null, "set by Surefire from the postgres-binaries.version property");
        String major = binaries.substring(0, binaries.indexOf('.'));

        String version = TestDatabase.shared().serverVersion();

        assertTrue(version.startsWith(major + "."), version + " should be PostgreSQL " + major);
    }

    @Test
    void aContainerRequestGetsAContainerWithDockerAndTheEmbeddedServerWithout() throws SQLException {
        boolean docker = Containers.dockerAvailable();
        List<String> warnings = new ArrayList<>();
        Logger log = Logger.getLogger(TestDatabase.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        TestDatabase database;
        try {
            database = TestDatabase.open(new ServerChoice.Request(null, "testcontainers", null));
        } finally {
            log.removeHandler(capture);
        }

        if (docker) {
            assertEquals(ServerChoice.Kind.CONTAINER, database.kind());
            assertEquals(List.of(), warnings);
        } else {
            assertEquals(ServerChoice.Kind.EMBEDDED, database.kind());
            assertEquals(List.of("Statewise tests: statewise.test.server=testcontainers asks for a"
                    + " container of postgres:17-alpine, but Docker is not available: using the"
                    + " embedded PostgreSQL instead"), warnings);
        }
        TestSchema schema = database.createSchema("ContainerRequest");
        try (Connection connection = schema.dataSource().getConnection()) {
            assertEquals(schema.name(), queryString(connection, "SELECT current_schema()"));
        } finally {
            schema.drop();
        }
    }

    @Test
    void schemasAreIsolatedFromEachOther() throws SQLException {
        TestSchema first = TestDatabase.shared().createSchema("Isolation");
        TestSchema second = TestDatabase.shared().createSchema("Isolation");
        try {
            assertNotEquals(first.name(), second.name());
            execute(first.dataSource(), "CREATE TABLE widget (id int)");

            assertTrue(tableVisible(first.dataSource(), "widget"));
            assertFalse(tableVisible(second.dataSource(), "widget"));
            SQLException missing = assertThrows(SQLException.class,
                    () -> execute(second.dataSource(), "SELECT * FROM widget"));
            assertEquals("42P01", missing.getSQLState());
        } finally {
            first.drop();
            second.drop();
        }
    }

    @Test
    void searchPathIsTheSchemaAlone() throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("SearchPath");
        try (Connection connection = schema.dataSource().getConnection()) {
            assertEquals(schema.name(), queryString(connection, "SELECT current_schema()"));
            assertEquals(schema.name(), queryString(connection, "SHOW search_path"));
        } finally {
            schema.drop();
        }
    }

    @Test
    void jdbcUrlAndCredentialsSelectTheSchema() throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("Url");
        try {
            try (Connection viaUrl = DriverManager.getConnection(schema.jdbcUrl())) {
                assertEquals(schema.name(), queryString(viaUrl, "SELECT current_schema()"));
            }
            try (Connection viaCredentials = DriverManager.getConnection(
                    schema.jdbcUrl(), schema.user(), schema.password())) {
                assertEquals(schema.name(), queryString(viaCredentials, "SELECT current_schema()"));
                assertEquals(schema.user(), queryString(viaCredentials, "SELECT current_user"));
            }
        } finally {
            schema.drop();
        }
    }

    @Test
    void dropRemovesTheSchemaAndItsTables() throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("Drop");
        execute(schema.dataSource(), "CREATE TABLE widget (id int)");

        schema.drop();
        schema.drop();

        TestSchema observer = TestDatabase.shared().createSchema("DropObserver");
        try {
            assertFalse(SchemaProbe.exists(observer.dataSource(), schema.name()));
        } finally {
            observer.drop();
        }
    }

    @Test
    void namesAreValidLowercaseIdentifiers() {
        assertEquals("task_board_test_abc", TestDatabase.schemaName("TaskBoardTest", "abc"));
        assertEquals("t_123_abc", TestDatabase.schemaName("123", "abc"));
        assertEquals("t_pg_stats_abc", TestDatabase.schemaName("pg_stats", "abc"));
        assertEquals("t_abc", TestDatabase.schemaName("", "abc"));
        assertEquals("t_abc", TestDatabase.schemaName(null, "abc"));
        assertEquals("caf_test_abc", TestDatabase.schemaName("CaféTest", "abc"));
        assertEquals("outer_inner_abc", TestDatabase.schemaName("Outer$Inner", "abc"));

        String longName = TestDatabase.schemaName("A".repeat(100) + "Test", "12345678");
        assertEquals(57, longName.getBytes(StandardCharsets.UTF_8).length,
                "room for the longest role suffix, _owner, within 63 bytes");
        assertTrue(longName.endsWith("_12345678"));
    }

    @Test
    void longHintsStillMakeUsableSchemasAndRoles() throws SQLException {
        TestSchema schema = TestDatabase.shared().createSchema("Very".repeat(40) + "LongTestName");
        try {
            assertEquals(63, schema.ownerRole().length());
            assertEquals(schema.name() + "_owner", schema.ownerRole());
            assertEquals(schema.name() + "_app", schema.applicationRole());
            try (Connection connection = schema.dataSource().getConnection()) {
                assertEquals(schema.name(), queryString(connection, "SELECT current_schema()"));
            }
            try (Connection owner = schema.ownerDataSource().getConnection()) {
                assertEquals(schema.ownerRole(), queryString(owner, "SELECT current_user"));
            }
            try (Connection application = schema.applicationDataSource().getConnection()) {
                assertEquals(schema.applicationRole(),
                        queryString(application, "SELECT current_user"));
            }
        } finally {
            schema.drop();
        }
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static boolean tableVisible(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
