package dev.statewise.test;

import static dev.statewise.test.TestDatabaseTest.tableVisible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@PostgresTest(migrations = "classpath:statewise-test/migration")
class MigrationsTest {

    private static DSLContext beforeAllDsl;

    @BeforeAll
    static void remember(DSLContext dsl) {
        beforeAllDsl = dsl;
    }

    @Test
    void appliesEveryMigrationToTheClassesSchema(TestSchema schema, DataSource dataSource)
            throws SQLException {
        assertTrue(tableVisible(dataSource, "widget"));
        assertTrue(tableVisible(dataSource, schema.name() + ".flyway_schema_history"),
                "Flyway's history lives in the class's schema too");
        assertEquals(List.of("1", "2"),
                strings(dataSource, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertEquals(List.of("first"),
                strings(dataSource, "SELECT name FROM widget_log WHERE name = 'first'"));
    }

    @Test
    void functionsCaptureTheSchemaAsTheirSearchPath(TestSchema schema, DataSource dataSource)
            throws SQLException {
        List<String> config = strings(dataSource, "SELECT unnest(proconfig) FROM pg_proc"
                + " WHERE proname = 'widget_logged' AND pronamespace = '" + schema.name() + "'::regnamespace");

        assertEquals(List.of("search_path=" + schema.name()), config);
    }

    @Test
    void triggersFindTheirTablesFromASessionWithAnotherSearchPath(TestSchema schema) throws SQLException {
        TestSchema elsewhere = TestDatabase.shared().createSchema("Elsewhere");
        try (Connection connection = elsewhere.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + schema.name() + ".widget (name) VALUES ('from afar')");
        } finally {
            elsewhere.drop();
        }

        assertEquals(List.of("from afar"), strings(schema.dataSource(),
                "SELECT name FROM widget_log WHERE name = 'from afar'"));
    }

    @Test
    void resolvesOneDslContextOverTheSchema(DSLContext dsl, TestSchema schema) {
        assertSame(beforeAllDsl, dsl);
        assertEquals("POSTGRES", dsl.dialect().name());
        assertEquals(schema.name(), dsl.fetchValue("SELECT current_schema()"));
        assertEquals("first", dsl.select(DSL.field(DSL.name("name"), String.class))
                .from(DSL.table(DSL.name("widget")))
                .fetchOne(0, String.class));
    }

    @Test
    void rendersNoSchemaSoGeneratedClassesFromAnotherSchemaReachTheTestsTables(DSLContext dsl) {
        String sql = dsl.render(DSL.selectFrom(DSL.table(DSL.name("public", "widget"))));

        assertEquals("select * from \"widget\"", sql);
    }

    @Nested
    class NestedClass {

        @Test
        void seesTheMigratedSchemaOfItsEnclosingClass(TestSchema schema, DSLContext dsl)
                throws SQLException {
            assertTrue(tableVisible(schema.dataSource(), "widget"));
            assertSame(beforeAllDsl, dsl);
        }
    }

    static List<String> strings(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
