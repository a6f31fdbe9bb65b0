package dev.statewise.test;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh schema on the shared {@link TestDatabase}, created before its
 * first test and dropped after its last, and injects it into constructors, lifecycle methods and
 * test methods as a {@link TestSchema} or a {@link DataSource} parameter. {@code @Nested} classes
 * use their enclosing class's schema. Tests in one class share the schema, so each test cleans up
 * after itself or uses its own table names.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class TaskRepositoryTest {
 *     @BeforeAll
 *     static void createTables(DataSource dataSource) throws SQLException { ... }
 *
 *     @Test
 *     void savesTask(TestSchema schema) { ... }
 * }
 * }</pre>
 *
 * <p>{@link PostgresTest @PostgresTest} is the shorter spelling.
 */
public final class PostgresExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String SCHEMA = "schema";

    @Override
    public void beforeAll(ExtensionContext context) {
        schemaFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // remove() looks at this class's own store only, so a nested class leaves its enclosing
        // class's schema alone and the class that created the schema drops it.
        TestSchema schema = context.getStore(NAMESPACE).remove(SCHEMA, TestSchema.class);
        if (schema != null) {
            schema.drop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestSchema.class || type == DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestSchema schema = schemaFor(context);
        boolean wantsSchema = parameter.getParameter().getType() == TestSchema.class;
        return wantsSchema ? schema : schema.dataSource();
    }

    /**
     * Finds the schema of the test class, creating it if needed: constructor parameters of a
     * {@code PER_CLASS} test instance are resolved before {@link #beforeAll} runs.
     */
    private static TestSchema schemaFor(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        String hint = classContext.getRequiredTestClass().getSimpleName();
        // Lookup goes up to enclosing classes' stores first, which is how nested classes share.
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                SCHEMA, key -> TestDatabase.shared().createSchema(hint), TestSchema.class);
    }
}
