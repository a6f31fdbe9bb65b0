package dev.statewise.processor.database;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.model.Edge;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Compiled;
import dev.statewise.runtime.Columns;
import dev.statewise.runtime.SqlStates;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * What the generated schema of any workflow guarantees to raw SQL, checked against a real
 * PostgreSQL. The cases come from the workflow's model: every edge, every pair of states that is
 * not an edge, every required field in every state, every {@code @OnlyIn} or {@code @AllowedIn}
 * field in every other state, every optional field in its states. A subclass names the declaration.
 *
 * <p>The migrations run as the schema's owner role, never a superuser; the cases run as the
 * application role, which owns nothing and is granted every privilege on the workflow's three
 * tables: more than a careful team grants, so that what refuses is the schema, not a missing
 * privilege (decision 0019).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SchemaContract {

    Workflow workflow;
    /** The application role's connections. */
    WorkflowDriver driver;
    /** The owner's, for what only the owner may do. */
    WorkflowDriver owner;

    /** The declaration under test, a resource such as {@code workflows/Task.java}. */
    abstract String resource();

    abstract String workflowName();

    @BeforeAll
    void setUp(TestSchema schema, @TempDir Path migrations) throws Exception {
        workflow = migrate(schema, migrations);
        new WorkflowDriver(workflow, schema.ownerDataSource()).execute("GRANT ALL ON "
                + String.join(", ", Naming.tables(workflow)) + " TO " + schema.applicationRole());
        driver = new WorkflowDriver(workflow, schema.applicationDataSource());
        owner = new WorkflowDriver(workflow, schema.ownerDataSource());
    }

    /** Builds the schema of the declaration under test in the class's schema, and returns its model. */
    Workflow migrate(TestSchema schema, Path migrations) throws Exception {
        Compiled compiled = Compilations.compile(resource()).assertSucceededWithoutWarnings();
        Workflow declared = compiled.workflow(workflowName());
        String file = "V1__create_" + declared.table() + ".sql";
        Files.writeString(migrations.resolve(file), compiled.migration(file));
        applyMigrations(schema, migrations);
        return declared;
    }

    /** Applies the folder's migrations that the schema lacks, as Flyway does at deploy, as the owner. */
    static void applyMigrations(TestSchema schema, Path migrations) {
        Flyway.configure()
                .dataSource(schema.ownerDataSource())
                .schemas(schema.name())
                .locations("filesystem:" + migrations)
                .load()
                .migrate();
    }

    /** {@link Columns}, which the runtime, generated code and the clash check read, is what the schema has. */
    @Test
    void theTablesHaveStatewisesOwnColumnsBesideTheStateAndTheFields() throws SQLException {
        List<String> table = new ArrayList<>(Columns.ALL);
        table.add(workflow.stateColumn());
        workflow.fields().forEach(field -> table.add(field.column()));
        List<String> history = new ArrayList<>(List.of(Columns.History.ID, Naming.historyEntityColumn(workflow),
                Columns.History.TRANSITION, Columns.History.FROM_STATE, Columns.History.TO_STATE,
                Columns.History.ACTOR, Columns.History.REASON, Columns.History.OCCURRED_AT,
                Columns.History.LOGIN_ROLE));

        assertThat(owner.columns(workflow.table())).containsExactlyElementsIn(table);
        assertThat(owner.columns(Naming.historyTable(workflow))).containsExactlyElementsIn(history);
    }

    @TestFactory
    Stream<DynamicTest> everyDeclaredEdgeIsAccepted() {
        return workflow.edges().stream().map(edge -> DynamicTest.dynamicTest(describe(edge), () -> {
            long id = driver.rowIn(edge.from());
            List<String> history = new ArrayList<>(driver.history(id));
            long version = (Long) driver.row(id).get(Naming.VERSION);

            Map<String, Object> assignments = driver.arrivalIn(edge.to());
            assignments.put(Naming.TRANSITION, edge.name());
            assignments.put(Naming.TRANSITION_ACTOR, "ada");
            assignments.put(Naming.TRANSITION_REASON, "because");
            driver.update(id, assignments);

            Map<String, Object> row = driver.row(id);
            assertThat(row.get(workflow.stateColumn())).isEqualTo(edge.to());
            assertThat(row.get(Naming.VERSION)).isEqualTo(version + 1);
            assertThat(row.get(Naming.TRANSITION)).isNull();
            assertThat(row.get(Naming.TRANSITION_ACTOR)).isNull();
            history.add(edge.name() + ": " + edge.from() + " -> " + edge.to());
            assertThat(driver.history(id)).isEqualTo(history);
            assertThat(driver.count("SELECT count(*) FROM " + Naming.historyTable(workflow) + " WHERE "
                    + Naming.historyEntityColumn(workflow) + " = " + id
                    + " AND actor = 'ada' AND reason = 'because'")).isEqualTo(1);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyUndeclaredStateChangeIsRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (State from : workflow.states()) {
            for (State to : workflow.states()) {
                boolean declared = workflow.edges().stream()
                        .anyMatch(e -> e.from().equals(from.name()) && e.to().equals(to.name()));
                if (from.equals(to) || declared) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(from.name() + " -> " + to.name(), () -> {
                    long id = driver.rowIn(from.name());
                    List<String> history = driver.history(id);
                    SQLException e = driver.refused(() -> driver.update(id, driver.arrivalIn(to.name())));
                    assertThat(e.getSQLState()).isEqualTo(SqlStates.ILLEGAL_TRANSITION);
                    assertThat(e.getMessage()).contains(workflow.simpleName() + " " + id + ": no transition from "
                            + from.name() + " to " + to.name() + "; allowed from " + from.name() + ": ");
                    assertThat(driver.stateOf(id)).isEqualTo(from.name());
                    assertThat(driver.history(id)).isEqualTo(history);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> aTransitionNamedForAnotherEdgeIsRefused() {
        return workflow.edges().stream().map(edge -> DynamicTest.dynamicTest(describe(edge), () -> {
            String wrongName = edge.name() + "Elsewhere";
            long id = driver.rowIn(edge.from());
            Map<String, Object> assignments = driver.arrivalIn(edge.to());
            assignments.put(Naming.TRANSITION, wrongName);
            SQLException e = driver.refused(() -> driver.update(id, assignments));
            assertThat(e.getSQLState()).isEqualTo(SqlStates.ILLEGAL_TRANSITION);
            assertThat(e.getMessage()).contains("transition " + wrongName + " does not lead from " + edge.from());
            assertThat(driver.stateOf(id)).isEqualTo(edge.from());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRequiredFieldIsRefusedMissingWithTheStatesConstraint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (State state : workflow.states()) {
            for (Field field : workflow.fields()) {
                if (!field.requiredIn(state.name())) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(state.name() + " without " + field.name(), () -> {
                    long id = driver.rowIn(state.name());
                    SQLException e = driver.refused(
                            () -> driver.update(id, Map.of(field.column(), WorkflowDriver.NULL)));
                    if (field.presence() == Field.Presence.ALWAYS) {
                        assertThat(e.getSQLState()).isEqualTo(SqlStates.NOT_NULL_VIOLATION);
                        assertThat(serverError(e).getColumn()).isEqualTo(field.column());
                    } else {
                        assertViolates(e, Naming.stateCheck(workflow, state.name()));
                    }
                    assertThat(driver.row(id).get(field.column())).isNotNull();
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyOnlyInFieldIsRefusedOutsideItsStates() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Field field : workflow.fields()) {
            for (State state : workflow.states()) {
                if (!field.nullIn(state.name())) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(field.name() + " set in " + state.name(), () -> {
                    long id = driver.rowIn(state.name());
                    SQLException e = driver.refused(
                            () -> driver.update(id, Map.of(field.column(), WorkflowDriver.sample(field))));
                    assertViolates(e, Naming.stateCheck(workflow, state.name()));
                    assertThat(driver.row(id).get(field.column())).isNull();
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyOptionalFieldMayBeSetOrNullInItsState() {
        List<DynamicTest> tests = new ArrayList<>();
        for (State state : workflow.states()) {
            for (Field field : workflow.fields()) {
                if (field.requiredIn(state.name()) || field.nullIn(state.name())) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(field.name() + " in " + state.name(), () -> {
                    long id = driver.rowIn(state.name());
                    driver.update(id, Map.of(field.column(), WorkflowDriver.sample(field)));
                    assertThat(driver.row(id).get(field.column())).isNotNull();
                    driver.update(id, Map.of(field.column(), WorkflowDriver.NULL));
                    assertThat(driver.row(id).get(field.column())).isNull();
                    assertThat(driver.stateOf(id)).isEqualTo(state.name());
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> aNewRowOutsideTheInitialStatesIsRefused() {
        return workflow.states().stream().filter(s -> !s.initial()).map(state ->
                DynamicTest.dynamicTest(state.name(), () -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    driver.arrivalIn(state.name()).forEach((column, value) -> {
                        if (value != WorkflowDriver.NULL) {
                            values.put(column, value);
                        }
                    });
                    SQLException e = driver.refused(() -> driver.insert(values));
                    assertThat(e.getSQLState()).isEqualTo(SqlStates.NOT_AN_INITIAL_STATE);
                    assertThat(e.getMessage()).contains("a new row starts in");
                }));
    }

    @Test
    void anEditWithoutStateChangeWritesNoHistoryButCountsAVersion() throws SQLException {
        String initial = workflow.initialStates().get(0).name();
        long id = driver.create(initial);
        Field anyField = workflow.fields().stream().filter(f -> f.requiredIn(initial)).findFirst().orElseThrow();
        driver.update(id, Map.of(anyField.column(), WorkflowDriver.sample(anyField)));
        assertThat(driver.history(id)).isEmpty();
        assertThat(driver.row(id).get(Naming.VERSION)).isEqualTo(1L);
    }

    @Test
    void historyIsAppendOnly() throws SQLException {
        Edge edge = workflow.edges().stream().filter(e -> !e.isSelfTransition()).findFirst().orElseThrow();
        long id = driver.rowIn(edge.from());
        driver.take(id, edge);
        String history = Naming.historyTable(workflow);
        for (String sql : List.of("UPDATE " + history + " SET reason = 'rewritten'",
                "DELETE FROM " + history, "TRUNCATE " + history)) {
            SQLException e = driver.refused(() -> driver.execute(sql));
            assertWithMessage(sql).that(e.getSQLState()).isEqualTo(SqlStates.HISTORY_IS_APPEND_ONLY);
        }
        assertThat(driver.history(id)).isNotEmpty();
    }

    @Test
    void historyIsWrittenOnlyByTheTrigger() throws SQLException {
        Edge edge = workflow.edges().get(0);
        long id = driver.rowIn(edge.from());
        List<String> before = driver.history(id);
        String insert = "INSERT INTO " + Naming.historyTable(workflow) + " (" + Naming.historyEntityColumn(workflow)
                + ", transition, from_state, to_state) VALUES (" + id + ", '%s', '%s', '%s')";
        String otherState = workflow.states().stream().map(State::name)
                .filter(s -> !s.equals(edge.to())).findFirst().orElseThrow();
        for (String sql : List.of(
                String.format(insert, "undeclared", edge.from(), edge.to()),
                String.format(insert, edge.name(), edge.from(), otherState),
                String.format(insert, edge.name(), edge.from(), edge.to()))) {
            SQLException e = driver.refused(() -> driver.execute(sql));
            assertWithMessage(sql).that(e.getSQLState()).isEqualTo(SqlStates.HISTORY_IS_APPEND_ONLY);
            assertThat(e.getMessage()).contains(Naming.historyTable(workflow) + " is written only by trigger "
                    + Naming.beforeUpdateFunction(workflow) + ": INSERT refused");
        }
        assertThat(driver.history(id)).isEqualTo(before);
    }

    @Test
    void aRowThatHasChangedStateIsNeverDeleted() throws SQLException {
        Edge edge = workflow.edges().stream().filter(e -> !e.isSelfTransition()).findFirst().orElseThrow();
        long moved = driver.rowIn(edge.from());
        driver.take(moved, edge);
        String table = workflow.table();
        for (String sql : List.of("DELETE FROM " + table + " WHERE " + Naming.ID + " = " + moved, "TRUNCATE " + table)) {
            SQLException e = driver.refused(() -> driver.execute(sql));
            assertWithMessage(sql).that(e.getSQLState()).isEqualTo(SqlStates.HISTORY_IS_APPEND_ONLY);
        }
        assertThat(driver.stateOf(moved)).isEqualTo(edge.to());

        long fresh = driver.create(workflow.initialStates().get(0).name());
        driver.execute("DELETE FROM " + table + " WHERE " + Naming.ID + " = " + fresh);
        assertThat(driver.count("SELECT count(*) FROM " + table + " WHERE " + Naming.ID + " = " + fresh)).isEqualTo(0);
    }

    @Test
    void theEdgesHistoryMayNameAreNeverDeletedOrRenamed() throws SQLException {
        String edges = Naming.transitionTable(workflow);
        long count = driver.count("SELECT count(*) FROM " + edges);
        for (WorkflowDriver role : List.of(driver, owner)) {
            for (String sql : List.of("DELETE FROM " + edges, "TRUNCATE " + edges,
                    "UPDATE " + edges + " SET to_state = to_state", "UPDATE " + edges + " SET transition = transition")) {
                SQLException e = role.refused(() -> role.execute(sql));
                assertWithMessage(sql).that(e.getSQLState()).isEqualTo(SqlStates.HISTORY_IS_APPEND_ONLY);
            }
        }
        owner.execute("UPDATE " + edges + " SET description = description");
        assertThat(driver.count("SELECT count(*) FROM " + edges)).isEqualTo(count);
    }

    @TestFactory
    Stream<DynamicTest> valuesTheJavaTypeCannotHoldAreRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Field field : workflow.fields()) {
            List<String> values = switch (field.type().kind()) {
                // A numeric with a precision refuses the infinities itself, as an overflow.
                case DECIMAL -> field.size().precision() == 0 ? List.of("'NaN'", "'Infinity'", "'-Infinity'")
                        : List.of("'NaN'");
                case LOCAL_DATE, LOCAL_DATE_TIME, OFFSET_DATE_TIME, INSTANT -> List.of("'infinity'", "'-infinity'");
                case JSON -> List.of("'null'");
                default -> List.of();
            };
            String state = workflow.states().stream().map(State::name).filter(s -> !field.nullIn(s))
                    .findFirst().orElse(null);
            for (String value : state == null ? List.<String>of() : values) {
                tests.add(DynamicTest.dynamicTest(field.name() + " = " + value, () -> {
                    long id = driver.rowIn(state);
                    SQLException e = driver.refused(() -> driver.execute("UPDATE " + workflow.table() + " SET "
                            + field.column() + " = " + value + " WHERE id = " + id));
                    assertViolates(e, Naming.fieldCheck(workflow, field));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void onlyTheOwnerAddsRetiresOrTakesBackAnEdge() throws SQLException {
        String edges = Naming.transitionTable(workflow);
        Edge edge = workflow.edges().get(0);
        long retired = driver.count("SELECT count(*) FROM " + edges + " WHERE retired");
        for (String sql : List.of(
                "INSERT INTO " + edges + " (transition, from_state, to_state) VALUES ('forged', '" + edge.from()
                        + "', '" + edge.to() + "')",
                "UPDATE " + edges + " SET retired = true",
                "UPDATE " + edges + " SET retired = false",
                "UPDATE " + edges + " SET description = 'rewritten'")) {
            SQLException e = driver.refused(() -> driver.execute(sql));
            assertWithMessage(sql).that(e.getSQLState()).isEqualTo(SqlStates.INSUFFICIENT_PRIVILEGE);
        }
        assertThat(driver.count("SELECT count(*) FROM " + edges + " WHERE retired")).isEqualTo(retired);
    }

    @Test
    void aRowKeepsItsIdAndTheDatabaseSetsWhenAndByWhomItWasCreated() throws SQLException {
        String table = workflow.table();
        Edge edge = workflow.edges().get(0);
        long id = driver.rowIn(edge.from());
        driver.take(id, edge);
        SQLException e = driver.refused(() -> driver.execute("UPDATE " + table + " SET id = DEFAULT WHERE id = " + id));
        assertThat(e.getSQLState()).isEqualTo(SqlStates.HISTORY_IS_APPEND_ONLY);

        Map<String, Object> created = driver.row(id);
        driver.execute("UPDATE " + table + " SET created_at = '2000-01-01', updated_at = '2000-01-01',"
                + " created_by = 'mallory', created_login_role = 'postgres', version = 0 WHERE id = " + id);
        Map<String, Object> after = driver.row(id);
        for (String column : List.of(Naming.CREATED_AT, Naming.CREATED_BY, Naming.CREATED_REASON,
                Naming.CREATED_LOGIN_ROLE)) {
            assertWithMessage(column).that(after.get(column)).isEqualTo(created.get(column));
        }
        assertThat(driver.count("SELECT count(*) FROM " + table + " WHERE id = " + id + " AND "
                + Naming.CREATED_LOGIN_ROLE + " = session_user")).isEqualTo(1);
        assertThat(((Number) after.get(Naming.VERSION)).longValue())
                .isEqualTo(((Number) created.get(Naming.VERSION)).longValue() + 1);
        assertThat(driver.count("SELECT count(*) FROM " + table + " WHERE id = " + id
                + " AND updated_at > now() - interval '1 hour' AND created_at > now() - interval '1 hour'")).isEqualTo(1);
    }

    @Test
    void noTemporaryTableRedirectsTheTrigger() throws SQLException {
        String edges = Naming.transitionTable(workflow);
        String history = Naming.historyTable(workflow);
        Edge edge = workflow.edges().stream().filter(e -> !e.isSelfTransition()).findFirst().orElseThrow();
        Map.Entry<String, String> nonEdge = nonEdges().get(0);
        long illegal = driver.rowIn(nonEdge.getKey());
        long legal = driver.rowIn(edge.from());
        List<String> before = driver.history(legal);
        // One connection, fresh, so that no plan cached from an earlier statement hides a shadow.
        driver.onOneConnection(connection -> {
            String schema = connection.getSchema();
            connection.createStatement().execute("CREATE TEMP TABLE " + edges + " (LIKE " + schema + "." + edges
                    + " INCLUDING ALL)");
            connection.createStatement().execute("INSERT INTO " + edges + " (transition, from_state, to_state)"
                    + " VALUES ('forged', '" + nonEdge.getKey() + "', '" + nonEdge.getValue() + "')");
            connection.createStatement().execute("CREATE TEMP TABLE " + history + " (LIKE " + schema + "." + history
                    + " INCLUDING ALL)");
            SQLException e = driver.refused(() -> driver.update(connection, illegal,
                    driver.arrivalIn(nonEdge.getValue())));
            assertThat(e.getSQLState()).isEqualTo(SqlStates.ILLEGAL_TRANSITION);
            driver.take(connection, legal, edge);
        });
        assertThat(driver.history(legal)).hasSize(before.size() + 1);
        assertThat(driver.stateOf(illegal)).isEqualTo(nonEdge.getKey());
    }

    @Test
    void historyRowsNameTheLoginRoleAndNoOtherRoleWritesThemEvenThroughATrigger() throws SQLException {
        Edge edge = workflow.edges().get(0);
        long id = driver.rowIn(edge.from());
        driver.take(id, edge);
        String history = Naming.historyTable(workflow);
        assertThat(driver.count("SELECT count(*) FROM " + history + " WHERE " + Naming.historyEntityColumn(workflow)
                + " = " + id + " AND " + Naming.LOGIN_ROLE + " = session_user")).isGreaterThan(0);
        driver.onOneConnection(connection -> {
            var statement = connection.createStatement();
            statement.execute("CREATE TEMP TABLE forger (x int)");
            statement.execute("CREATE FUNCTION pg_temp.forge() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO " + connection.getSchema() + "." + history + " ("
                    + Naming.historyEntityColumn(workflow) + ", transition, from_state, to_state) VALUES ("
                    + id + ", '" + edge.name() + "', '" + edge.from() + "', '" + edge.to() + "'); RETURN NEW; END $$");
            statement.execute("CREATE TRIGGER forge BEFORE INSERT ON forger FOR EACH ROW EXECUTE FUNCTION pg_temp.forge()");
            SQLException e = driver.refused(() -> connection.createStatement().execute("INSERT INTO forger VALUES (1)"));
            assertThat(e.getSQLState()).isEqualTo(SqlStates.INSUFFICIENT_PRIVILEGE);
        });
    }

    @Test
    void theOwnersFunctionsAreNotTheApplicationsToRun() throws SQLException {
        assertThat(driver.count("SELECT count(*) FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace"
                + " AND has_function_privilege(p.oid, 'EXECUTE')")).isEqualTo(0);
        assertThat(driver.count("SELECT count(*) FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner"
                + " WHERE p.pronamespace = current_schema()::regnamespace AND r.rolsuper")).isEqualTo(0);
    }

    /** The pairs of distinct states that no edge joins, in declaration order. */
    private List<Map.Entry<String, String>> nonEdges() {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (State from : workflow.states()) {
            for (State to : workflow.states()) {
                if (!from.equals(to) && workflow.edges().stream()
                        .noneMatch(e -> e.from().equals(from.name()) && e.to().equals(to.name()))) {
                    pairs.add(Map.entry(from.name(), to.name()));
                }
            }
        }
        return pairs;
    }

    private static void assertViolates(SQLException e, String constraint) {
        assertWithMessage(e.getMessage()).that(e.getSQLState()).isEqualTo(SqlStates.CHECK_VIOLATION);
        assertThat(serverError(e).getConstraint()).isEqualTo(constraint);
    }

    private static org.postgresql.util.ServerErrorMessage serverError(SQLException e) {
        assertThat((Throwable) e).isInstanceOf(PSQLException.class);
        return ((PSQLException) e).getServerErrorMessage();
    }

    private static String describe(Edge edge) {
        return edge.from() + " -" + edge.name() + "-> " + edge.to();
    }
}
