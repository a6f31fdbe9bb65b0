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
 * an undeclared state, and changes to the history; it looks at when each row entered its state
 * and, with a {@code @Timeout}, at its deadline and retry, after every edge and with values that
 * statements forge (compared in SQL, never waited for); and it reports every rule the database
 * failed, rather than stopping at the first.
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
 * <p>What it does not check: the Java side (guards, the generated repository, the firing of due
 * timeouts), concurrency,
 * indexes, comments, column types beyond fitting a sample, and what no descriptor holds, such as
 * the rows of the transition table beyond those its edges need. What a role that owns nothing
 * could get past the rules with its own tables, functions and triggers, {@link #attack} tries.
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
        requireArguments(workflow, dataSource, samples);
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

    /**
     * Attacks the workflow's schema as the role {@code application} logs in as, the way that role
     * could with its privileges and PostgreSQL's defaults, and reports every attack the database
     * let through. The role must own nothing: not the tables, not their trigger functions, no
     * membership in their owner's role, no superuser; otherwise the report has one finding,
     * {@link Rule#ATTACKER_OWNS_NOTHING}, and nothing is tried.
     *
     * <pre>{@code
     * // The data source logs in as the application's role, as the application does.
     * ConformanceReport report = Conformance.attack(TaskWorkflow.DESCRIPTOR, applicationDataSource);
     * }</pre>
     *
     * <p>What it tries, each attack on a connection of its own, as it would come from a new session
     * (PL/pgSQL caches its plans per session, so a shadowing table made after a plan would go
     * unseen; {@code DISCARD PLANS} makes that so on a pooled connection too):
     * <ul>
     *   <li>{@link Rule#NO_SHADOWED_TABLES}: tables named like the transition table and the
     *       history, temporary or in a schema named after the role (made if the role may), with a
     *       forged edge taken, a declared edge taken, a row with history deleted;
     *   <li>{@link Rule#HISTORY_WRITTEN_BY_TRIGGER_ONLY}: history rows written by hand and by a
     *       trigger of the role's own, for a real row and one that does not exist;
     *   <li>{@link Rule#EDGES_WRITTEN_BY_OWNER_ONLY}: a new edge, edges un-retired, retired,
     *       renamed, deleted, truncated;
     *   <li>{@link Rule#ID_NEVER_CHANGES}: a new id for a row with history, and its old id taken
     *       by a new row {@code OVERRIDING SYSTEM VALUE};
     *   <li>{@link Rule#AUDIT_COLUMNS_SET_BY_DATABASE}: forged creation and update times, version
     *       and creator on INSERT and UPDATE;
     *   <li>{@link Rule#FUNCTIONS_RUN_FOR_THEIR_TABLE_ONLY}: the table's trigger functions attached
     *       to a temporary copy of it;
     *   <li>{@link Rule#FUNCTIONS_NOT_OWNED_BY_SUPERUSER} and
     *       {@link Rule#FUNCTIONS_NOT_EXECUTABLE_BY_PUBLIC}, from the catalog.
     * </ul>
     * A refusal of any kind, a privilege the role lacks ({@code 42501}) as much as a trigger's,
     * is the database keeping the rule. What an attack needs first (a row in a state, along declared
     * edges, as the role) and cannot have is counted as not run, with a finding that says why,
     * unless the role lacks the privilege for it, which makes the attack moot.
     *
     * <p>It leaves the database as it found it: every attack runs in a transaction that is rolled
     * back (identity sequences aside), and everything it makes (temporary tables, functions and
     * triggers, a schema) goes with it. It commits nothing and drops nothing. It takes the locks
     * its statements take, for a moment each, with a lock timeout of 10 seconds.
     *
     * @throws IllegalArgumentException if a field the attacks must set has a type it cannot make
     *     a sample of
     * @throws IllegalStateException if the data source gives no connection
     */
    public static ConformanceReport attack(WorkflowDescriptor workflow, DataSource application) {
        return attack(workflow, application, Map.of());
    }

    /**
     * {@link #attack(WorkflowDescriptor, DataSource)} with samples, as in
     * {@link #check(WorkflowDescriptor, DataSource, Map)}.
     */
    public static ConformanceReport attack(
            WorkflowDescriptor workflow, DataSource application, Map<String, ?> samples) {
        requireArguments(workflow, application, samples);
        try {
            return new Attacker(workflow, application, samples).run();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not attack workflow " + workflow.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Attacks the workflow as {@link #attack(WorkflowDescriptor, DataSource)} does and fails with
     * every finding if the database let any attack through.
     *
     * <pre>{@code
     * @Test
     * void theApplicationRoleCannotGetPastTheWorkflow() {
     *     Conformance.assertWithstandsAttacks(TaskWorkflow.DESCRIPTOR, applicationDataSource);
     * }
     * }</pre>
     *
     * @throws AssertionError listing the findings
     */
    public static void assertWithstandsAttacks(WorkflowDescriptor workflow, DataSource application) {
        assertWithstandsAttacks(workflow, application, Map.of());
    }

    /** {@link #assertWithstandsAttacks(WorkflowDescriptor, DataSource)} with samples. */
    public static void assertWithstandsAttacks(
            WorkflowDescriptor workflow, DataSource application, Map<String, ?> samples) {
        ConformanceReport report = attack(workflow, application, samples);
        if (!report.conforms()) {
            throw new AssertionError(report.toString());
        }
    }

    private static void requireArguments(WorkflowDescriptor workflow, DataSource dataSource, Map<String, ?> samples) {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(samples, "samples");
        for (String field : samples.keySet()) {
            if (workflow.field(field).isEmpty()) {
                throw new IllegalArgumentException("Workflow " + workflow.name()
                        + " declares no field " + field + " to take a sample value");
            }
        }
    }
}
