package dev.statewise.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Migrations that cannot be applied fail their class and leave no schema or role behind. */
@PostgresTest
class MigrationFailuresTest {

    private static final String FIXTURES_ENABLED = "statewise.test.migrationFixtures";

    @Test
    void aMissingLocationFailsTheClassAndDropsItsSchemaAndRoles(DataSource dataSource) throws SQLException {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(MissingLocation.class))
                .configurationParameter(FIXTURES_ENABLED, "true")
                .execute()
                .containerEvents()
                .assertThatEvents()
                .haveExactly(1, event(container(MissingLocation.class),
                        finishedWithFailure(message(m -> m.contains("classpath:no/such/folder")))));

        assertEquals(List.of(), MigrationsTest.strings(dataSource,
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'missing_location_%'"));
        assertEquals(List.of(), MigrationsTest.strings(dataSource,
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'missing_location_%'"));
    }

    @Test
    void aBrokenMigrationFailsTheClassWithPostgresqlsError() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(BrokenMigration.class))
                .configurationParameter(FIXTURES_ENABLED, "true")
                .execute()
                .containerEvents()
                .assertThatEvents()
                .haveExactly(1, event(container(BrokenMigration.class),
                        finishedWithFailure(message(m -> m.contains("no_such_table")))));
    }

    @Test
    void aComposedAnnotationCarriesTheMigrations() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Composed.class))
                .configurationParameter(FIXTURES_ENABLED, "true")
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @PostgresTest(migrations = "classpath:no/such/folder")
    @ExtendWith(OnlyFromMigrationFailuresTest.class)
    static class MissingLocation {

        @Test
        void neverRuns() {}
    }

    @PostgresTest(migrations = "classpath:statewise-test/broken")
    @ExtendWith(OnlyFromMigrationFailuresTest.class)
    static class BrokenMigration {

        @Test
        void neverRuns() {}
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @PostgresTest(migrations = "classpath:statewise-test/migration")
    @interface WidgetTest {}

    @WidgetTest
    @ExtendWith(OnlyFromMigrationFailuresTest.class)
    static class Composed {

        @Test
        void seesTheWidgets(DataSource dataSource) throws SQLException {
            assertTrue(TestDatabaseTest.tableVisible(dataSource, "widget"));
        }
    }

    /** Keeps the fixtures from running on their own, e.g. when an IDE runs the whole package. */
    static class OnlyFromMigrationFailuresTest implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURES_ENABLED).isPresent()
                    ? ConditionEvaluationResult.enabled("run by MigrationFailuresTest")
                    : ConditionEvaluationResult.disabled("a fixture of MigrationFailuresTest");
        }
    }
}
