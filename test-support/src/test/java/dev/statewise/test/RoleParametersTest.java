package dev.statewise.test;

import static dev.statewise.test.MigrationsTest.strings;
import static dev.statewise.test.TestDatabaseTest.execute;
import static dev.statewise.test.TestSchemaRolesTest.sqlStateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Migrations applied as the owner role, and parameters that log in as the owner or the application. */
@PostgresTest(migrations = "classpath:statewise-test/migration")
class RoleParametersTest {

    private static final String FIXTURES_ENABLED = "statewise.test.roleFixtures";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static TestSchema beforeAllSchema;
    private static DSLContext beforeAllApplicationDsl;

    @BeforeAll
    static void remember(TestSchema schema, @AsApplication DSLContext app) {
        beforeAllSchema = schema;
        beforeAllApplicationDsl = app;
    }

    @Test
    void theOwnerRoleOwnsEverythingTheMigrationsCreated(TestSchema schema, DataSource dataSource)
            throws SQLException {
        String inSchema = " = '" + schema.name() + "'::regnamespace";

        assertEquals(List.of(
                        "flyway_schema_history " + schema.ownerRole(),
                        "widget " + schema.ownerRole(),
                        "widget_id_seq " + schema.ownerRole(),
                        "widget_log " + schema.ownerRole()),
                strings(dataSource, "SELECT relname || ' ' || relowner::regrole FROM pg_class"
                        + " WHERE relkind IN ('r', 'S') AND relnamespace" + inSchema
                        + " ORDER BY relname"));
        assertEquals(List.of("widget_logged " + schema.ownerRole()),
                strings(dataSource, "SELECT proname || ' ' || proowner::regrole FROM pg_proc"
                        + " WHERE pronamespace" + inSchema));
        assertEquals(List.of(schema.ownerRole()),
                strings(dataSource, "SELECT DISTINCT installed_by FROM flyway_schema_history"));
    }

    @Test
    void parametersLogInAsTheRoleTheyAskFor(TestSchema schema, DataSource dataSource,
            @AsOwner DataSource owner, @AsApplication DataSource app) throws SQLException {
        assertSame(schema.dataSource(), dataSource);
        assertSame(schema.ownerDataSource(), owner);
        assertSame(schema.applicationDataSource(), app);
        assertEquals(List.of(schema.user() + " " + schema.name()), whoAndWhere(dataSource));
        assertEquals(List.of(schema.ownerRole() + " " + schema.name()), whoAndWhere(owner));
        assertEquals(List.of(schema.applicationRole() + " " + schema.name()), whoAndWhere(app));
    }

    @Test
    void dslContextsLogInAsTheRoleTheyAskForOnePerRole(TestSchema schema, DSLContext dsl,
            @AsOwner DSLContext owner, @AsApplication DSLContext app) {
        assertEquals(schema.user(), dsl.fetchValue("SELECT current_user"));
        assertEquals(schema.ownerRole(), owner.fetchValue("SELECT current_user"));
        assertEquals(schema.applicationRole(), app.fetchValue("SELECT current_user"));
        assertEquals(schema.name(), app.fetchValue("SELECT current_schema()"));
        assertSame(beforeAllApplicationDsl, app);
        assertNotSame(dsl, owner);
        assertNotSame(owner, app);
    }

    @Test
    void theApplicationRoleCannotCreateInTheSchema(@AsApplication DataSource app) {
        assertEquals(INSUFFICIENT_PRIVILEGE, sqlStateOf(app, "CREATE TABLE gadget (id int)"));
        assertEquals(INSUFFICIENT_PRIVILEGE, sqlStateOf(app,
                "CREATE FUNCTION widget_logged() RETURNS trigger LANGUAGE plpgsql"
                        + " AS 'BEGIN RETURN NULL; END'"));
    }

    @Test
    void theApplicationRoleReadsATableOnlyOnceTheOwnerGrantsIt(TestSchema schema,
            @AsOwner DataSource owner, @AsApplication DataSource app) throws SQLException {
        String read = "SELECT name FROM widget WHERE name = 'first'";
        assertEquals(INSUFFICIENT_PRIVILEGE, sqlStateOf(app, read));

        execute(owner, "GRANT SELECT ON widget TO " + schema.applicationRole());
        try {
            assertEquals(List.of("first"), strings(app, read));
            assertEquals(INSUFFICIENT_PRIVILEGE,
                    sqlStateOf(app, "INSERT INTO widget (name) VALUES ('second')"));
        } finally {
            execute(owner, "REVOKE SELECT ON widget FROM " + schema.applicationRole());
        }
        assertEquals(INSUFFICIENT_PRIVILEGE, sqlStateOf(app, read));
    }

    @Nested
    class NestedClass {

        @Test
        void logsInAsTheEnclosingClassesRoles(TestSchema schema, @AsOwner DataSource owner,
                @AsApplication DataSource app, @AsApplication DSLContext appDsl)
                throws SQLException {
            assertSame(beforeAllSchema, schema);
            assertEquals(List.of(beforeAllSchema.ownerRole() + " " + beforeAllSchema.name()),
                    whoAndWhere(owner));
            assertEquals(List.of(beforeAllSchema.applicationRole() + " " + beforeAllSchema.name()),
                    whoAndWhere(app));
            assertSame(beforeAllApplicationDsl, appDsl);
        }
    }

    @Test
    void aParameterAskingForTwoRolesOrARoleForTheSchemaFailsSayingWhy() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Misused.class))
                .configurationParameter(FIXTURES_ENABLED, "true")
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(1, event(test("bothRoles"), finishedWithFailure(message(m -> m.contains(
                        "is annotated both @AsOwner and @AsApplication; a connection logs in as"
                                + " one role: keep one of them")))))
                .haveExactly(1, event(test("aRoleForTheSchema"), finishedWithFailure(message(m ->
                        m.contains("is a TestSchema, which holds every login")
                                && m.contains("schema.applicationDataSource()")))));
    }

    @PostgresTest
    @ExtendWith(OnlyFromRoleParametersTest.class)
    static class Misused {

        @Test
        void bothRoles(@AsOwner @AsApplication DataSource dataSource) {}

        @Test
        void aRoleForTheSchema(@AsApplication TestSchema schema) {}
    }

    /** Keeps the fixtures from running on their own, e.g. when an IDE runs the whole package. */
    static class OnlyFromRoleParametersTest implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURES_ENABLED).isPresent()
                    ? ConditionEvaluationResult.enabled("run by RoleParametersTest")
                    : ConditionEvaluationResult.disabled("a fixture of RoleParametersTest");
        }
    }

    private static List<String> whoAndWhere(DataSource dataSource) throws SQLException {
        return strings(dataSource, "SELECT current_user || ' ' || current_schema()");
    }
}
