package dev.statewise.conformance;

import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Checks that a database enforces a workflow: from its descriptor alone, with plain SQL, the way a
 * second service or a script would write. It creates rows in every reachable state along declared
 * edges, takes every edge and looks for its history row, tries every change of state along no
 * edge, every required field left NULL, every {@code @OnlyIn} or {@code @AllowedIn} field set
 * outside its states, every optional field set and cleared, a new row outside the initial states,
 * an undeclared state, and changes to the history; and it reports
 * every rule the database failed, rather than stopping at the first.
 *
 * <pre>{@code
 * @PostgresTest(migrations = "classpath:db/migration")
 * class TaskSchemaTest {
 *     @Test
 *     void theDatabaseEnforcesTheWorkflow(DataSource dataSource) {
 *         Conformance.assertConforms(TaskWorkflow.DESCRIPTOR, dataSource);
 *     }
 * }
 * }</pre>
 *
 * <p>It leaves the database as it found it: everything runs in one transaction on one connection,
 * each statement in a savepoint, rolled back at the end (identity sequences aside). Deferrable
 * constraints are made immediate, so that none escapes by waiting for a commit that never comes.
 * Required fields get a sample value of their Java type, sized to their column: String, boolean,
 * int, long, BigDecimal, UUID, LocalDate, LocalDateTime, OffsetDateTime, Instant, enums (their
 * first constant, as text), byte[] and jOOQ's JSONB; a {@code @Unique} field gets a new value each
 * time, and a {@code @References} field the id of a row made in the referenced workflow's first
 * initial state. Other types need a value passed in {@code samples}. It also tries a reference to
 * no row, and a second row with a unique field's value.
 *
 * <p>What it does not check: the Java side (guards, the generated repository), concurrency,
 * indexes, comments, column types beyond fitting a sample, and what no descriptor holds, such as
 * the rows of the transition table beyond those its edges need.
 */
public final class Conformance {

    private Conformance() {}

    /**
     * Checks the workflow on the database; tables are found through the data source's
     * {@code search_path}.
     *
     * @throws IllegalArgumentException if a field the check must set has a type it cannot make a
     *     sample of
     * @throws IllegalStateException if the data source gives no connection
     */
    public static ConformanceReport check(WorkflowDescriptor workflow, DataSource dataSource) {
        return check(workflow, dataSource, Map.of());
    }

    /**
     * Checks the workflow, setting fields named in {@code samples} (by Java name) to the given
     * values, as JDBC binds them, instead of the built-in ones: for a type the check does not
     * know, or a value a column's own CHECK wants.
     *
     * <pre>{@code
     * Conformance.check(InvoiceWorkflow.DESCRIPTOR, dataSource, Map.of("customerId", 42L));
     * }</pre>
     *
     * @throws IllegalArgumentException also if {@code samples} names a field the workflow does
     *     not declare
     */
    public static ConformanceReport check(
            WorkflowDescriptor workflow, DataSource dataSource, Map<String, ?> samples) {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(samples, "samples");
        for (String field : samples.keySet()) {
            if (workflow.field(field).isEmpty()) {
                throw new IllegalArgumentException("Workflow " + workflow.name()
                        + " declares no field " + field + " to take a sample value");
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                return new Check(workflow, new Session(connection), samples).run();
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not check workflow " + workflow.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the workflow and fails with every finding if the database broke any rule.
     *
     * @throws AssertionError listing the findings, as JUnit and other frameworks report a failure
     */
    public static void assertConforms(WorkflowDescriptor workflow, DataSource dataSource) {
        assertConforms(workflow, dataSource, Map.of());
    }

    /** {@link #assertConforms(WorkflowDescriptor, DataSource)} with samples, as in {@link #check(WorkflowDescriptor, DataSource, Map)}. */
    public static void assertConforms(
            WorkflowDescriptor workflow, DataSource dataSource, Map<String, ?> samples) {
        ConformanceReport report = check(workflow, dataSource, samples);
        if (!report.conforms()) {
            throw new AssertionError(report.toString());
        }
    }
}
