package dev.statewise.test;

import static dev.statewise.test.TestDatabaseTest.execute;
import static dev.statewise.test.TestDatabaseTest.tableVisible;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs two fixture classes through the real Jupiter engine, side by side so that both schemas
 * exist at once, then checks from a fresh connection that each schema was dropped after its class.
 */
@PostgresTest
class SchemaPerClassTest {

    private static final String FIXTURES_ENABLED = "statewise.test.fixtures";
    private static final Map<Class<?>, String> schemaNames = new ConcurrentHashMap<>();
    private static final CountDownLatch widgetCreated = new CountDownLatch(1);
    private static final CountDownLatch widgetChecked = new CountDownLatch(1);

    @Test
    void eachClassGetsItsOwnSchemaDroppedAfterIt(DataSource dataSource) throws SQLException {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(CreatesWidget.class), selectClass(LooksForWidget.class))
                .configurationParameter(FIXTURES_ENABLED, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default",
                        "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
                        "2")
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        String created = schemaNames.get(CreatesWidget.class);
        String looked = schemaNames.get(LooksForWidget.class);
        assertNotNull(created);
        assertNotNull(looked);
        assertNotEquals(created, looked);
        assertFalse(SchemaProbe.exists(dataSource, created), created + " should be dropped");
        assertFalse(SchemaProbe.exists(dataSource, looked), looked + " should be dropped");
    }

    @PostgresTest
    @ExtendWith(OnlyFromSchemaPerClassTest.class)
    static class CreatesWidget {

        @Test
        void createsWidget(TestSchema schema, DataSource dataSource) throws Exception {
            schemaNames.put(CreatesWidget.class, schema.name());
            execute(dataSource, "CREATE TABLE widget (id int)");
            widgetCreated.countDown();
            // Keeps this class, and so its schema, alive until the other class has looked.
            assertTrue(widgetChecked.await(60, TimeUnit.SECONDS), "LooksForWidget never ran");
        }
    }

    @PostgresTest
    @ExtendWith(OnlyFromSchemaPerClassTest.class)
    static class LooksForWidget {

        @Test
        void doesNotSeeTheOtherClassesWidget(TestSchema schema, DataSource dataSource)
                throws Exception {
            schemaNames.put(LooksForWidget.class, schema.name());
            try {
                assertTrue(widgetCreated.await(60, TimeUnit.SECONDS), "CreatesWidget never ran");
                String otherSchema = schemaNames.get(CreatesWidget.class);
                assertTrue(tableVisible(dataSource, otherSchema + ".widget"),
                        "the other class's table exists, qualified");
                assertFalse(tableVisible(dataSource, "widget"), "but not unqualified here");
            } finally {
                widgetChecked.countDown();
            }
        }
    }

    /** Keeps the fixtures from running on their own, e.g. when an IDE runs the whole package. */
    static class OnlyFromSchemaPerClassTest implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURES_ENABLED).isPresent()
                    ? ConditionEvaluationResult.enabled("run by SchemaPerClassTest")
                    : ConditionEvaluationResult.disabled("a fixture of SchemaPerClassTest");
        }
    }
}
