package dev.statewise.test;

import static dev.statewise.test.TestDatabaseTest.execute;
import static dev.statewise.test.TestDatabaseTest.tableVisible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@PostgresTest
class PostgresExtensionTest {

    private static TestSchema beforeAllSchema;

    private final TestSchema constructorSchema;
    private TestSchema beforeEachSchema;

    PostgresExtensionTest(TestSchema schema) {
        this.constructorSchema = schema;
    }

    @BeforeAll
    static void createTable(TestSchema schema, DataSource dataSource) throws SQLException {
        beforeAllSchema = schema;
        execute(dataSource, "CREATE TABLE widget (id int)");
    }

    @BeforeEach
    void remember(TestSchema schema) {
        beforeEachSchema = schema;
    }

    @Test
    void resolvesTheSameSchemaEverywhereInTheClass(TestSchema schema) {
        assertSame(beforeAllSchema, schema);
        assertSame(constructorSchema, schema);
        assertSame(beforeEachSchema, schema);
        assertTrue(schema.name().startsWith("postgres_extension_test_"), schema.name());
    }

    @Test
    void dataSourceIsTheSchemas(DataSource dataSource, TestSchema schema) throws SQLException {
        assertSame(schema.dataSource(), dataSource);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_schema()")) {
            result.next();
            assertEquals(schema.name(), result.getString(1));
        }
        assertTrue(tableVisible(dataSource, "widget"));
    }

    @Nested
    class NestedClass {

        @Test
        void sharesTheEnclosingClassesSchema(TestSchema schema, DataSource dataSource)
                throws SQLException {
            assertSame(beforeAllSchema, schema);
            assertTrue(tableVisible(dataSource, "widget"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NestedPerClass {

        private final TestSchema constructorSchema;

        NestedPerClass(TestSchema schema) {
            this.constructorSchema = schema;
        }

        @Test
        void sharesTheEnclosingClassesSchemaFromTheConstructorToo() {
            assertSame(beforeAllSchema, constructorSchema);
        }
    }
}
