package dev.statewise.test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** With PER_CLASS the instance, and so its constructor parameters, come before beforeAll. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerClassLifecycleTest {

    private final TestSchema constructorSchema;
    private final DataSource constructorDataSource;
    private TestSchema beforeAllSchema;

    PerClassLifecycleTest(TestSchema schema, DataSource dataSource) {
        this.constructorSchema = schema;
        this.constructorDataSource = dataSource;
    }

    @BeforeAll
    void remember(TestSchema schema) {
        beforeAllSchema = schema;
    }

    @Test
    void constructorAndLifecycleMethodsShareOneSchema(TestSchema schema) {
        assertNotNull(constructorSchema);
        assertSame(constructorSchema, beforeAllSchema);
        assertSame(constructorSchema, schema);
        assertSame(schema.dataSource(), constructorDataSource);
    }
}
