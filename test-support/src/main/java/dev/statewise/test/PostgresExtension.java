package dev.statewise.test;

import java.util.Arrays;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives each test class a fresh schema on the shared {@link TestDatabase}, created before its
 * first test and dropped after its last, applies the migrations that
 * {@link PostgresTest#migrations()} names to it as the schema's owner role, and injects it into
 * constructors, lifecycle methods and test methods as a {@link TestSchema}, a {@link DataSource},
 * or, with jOOQ on the classpath, a jOOQ {@code DSLContext} (dialect POSTGRES) over the schema.
 * {@code @Nested} classes use their enclosing class's schema, migrations included. Tests in one
 * class share the schema, so each test cleans up after itself or uses its own rows.
 *
 * <p>An injected {@code DataSource} or {@code DSLContext} logs in as the server's user (on the
 * embedded server, a superuser: {@link TestSchema#dataSource()}), unless the parameter is
 * annotated {@link AsOwner @AsOwner} (the role that owns the schema and applied the migrations)
 * or {@link AsApplication @AsApplication} (the role that owns nothing and may do only what it is
 * granted). There is one {@code DSLContext} per class and role.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class TaskRepositoryTest {
 *     @BeforeAll
 *     static void createTables(@AsOwner DataSource owner, TestSchema schema) throws SQLException {
 *         ... CREATE TABLE task ...; GRANT SELECT, INSERT ON task TO schema.applicationRole() ...
 *     }
 *
 *     @Test
 *     void savesTask(@AsApplication DataSource app) { ... }
 * }
 * }</pre>
 *
 * <p>{@link PostgresTest @PostgresTest} is the shorter spelling, and the one that takes
 * migrations.
 */
public final class PostgresExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String SCHEMA = "schema";
    private static final String DSL_CONTEXT = "dslContext";

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
        return type == TestSchema.class || type == DataSource.class || isDslContext(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestSchema schema = schemaFor(context);
        Class<?> type = parameter.getParameter().getType();
        Login login = login(parameter);
        if (type == TestSchema.class) {
            if (login != Login.SERVER_USER) {
                throw new ParameterResolutionException(describe(parameter) + " is a TestSchema,"
                        + " which holds every login: @AsOwner and @AsApplication choose the login"
                        + " of a DataSource or DSLContext parameter; use"
                        + " schema.ownerDataSource() or schema.applicationDataSource() instead");
            }
            return schema;
        }
        if (type == DataSource.class) {
            return login.dataSource(schema);
        }
        if (isDslContext(type)) {
            return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(
                    DSL_CONTEXT + "." + login, key -> JooqContexts.of(login.dataSource(schema)));
        }
        throw new ParameterResolutionException("PostgresExtension cannot resolve " + type);
    }

    private static Login login(ParameterContext parameter) {
        boolean owner = parameter.isAnnotated(AsOwner.class);
        boolean application = parameter.isAnnotated(AsApplication.class);
        if (owner && application) {
            throw new ParameterResolutionException(describe(parameter)
                    + " is annotated both @AsOwner and @AsApplication; a connection logs in as"
                    + " one role: keep one of them");
        }
        return owner ? Login.OWNER : application ? Login.APPLICATION : Login.SERVER_USER;
    }

    private static String describe(ParameterContext parameter) {
        return "Parameter " + parameter.getIndex() + " (" + parameter.getParameter() + ") of "
                + parameter.getDeclaringExecutable();
    }

    // By name, so that classes without jOOQ never load it.
    private static boolean isDslContext(Class<?> type) {
        return type.getName().equals(JooqContexts.DSL_CONTEXT_CLASS);
    }

    /**
     * Finds the schema of the test class, creating it if needed: constructor parameters of a
     * {@code PER_CLASS} test instance are resolved before {@link #beforeAll} runs.
     */
    private static TestSchema schemaFor(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        // Lookup goes up to enclosing classes' stores first, which is how nested classes share.
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                SCHEMA, key -> createSchema(testClass), TestSchema.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        return classContext;
    }

    private static TestSchema createSchema(Class<?> testClass) {
        String[] migrations = AnnotationSupport.findAnnotation(testClass, PostgresTest.class)
                .map(PostgresTest::migrations)
                .orElse(new String[0]);
        ClassLoader loader = testClass.getClassLoader();
        if (migrations.length > 0 && !Migrations.flywayOnClasspath(loader)) {
            throw new IllegalStateException("@PostgresTest(migrations = "
                    + Arrays.toString(migrations) + ") on " + testClass.getName()
                    + " applies the migrations with Flyway, which is not on the test classpath:"
                    + " add org.flywaydb:flyway-database-postgresql");
        }
        TestSchema schema = TestDatabase.shared().createSchema(testClass.getSimpleName());
        if (migrations.length > 0) {
            try {
                Migrations.apply(schema, migrations, loader);
            } catch (RuntimeException | Error e) {
                schema.drop();
                throw e;
            }
        }
        return schema;
    }
}
