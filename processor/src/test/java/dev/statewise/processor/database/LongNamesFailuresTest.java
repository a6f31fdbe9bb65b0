package dev.statewise.processor.database;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.JavaFileObjects;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Compiled;
import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.Failures;
import dev.statewise.runtime.SqlStates;
import dev.statewise.runtime.WorkflowDescriptor;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table name long enough that Statewise shortens the names derived from it to 63 bytes: a raw
 * write that breaks one of its checks is still mapped back to the field or state it guards, by the
 * names the generated descriptor carries, run against the schema the migration built.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LongNamesFailuresTest {

    private static final String TABLE = "a_table_whose_name_leaves_hardly_any_room_for_its_checks";

    private static final JavaFileObject DECLARATION = JavaFileObjects.forSourceLines("test.Ledger",
            "package test;",
            "",
            "import dev.statewise.dsl.*;",
            "",
            "@Workflow(table = \"" + TABLE + "\")",
            "public interface Ledger {",
            "    enum Priority { LOW, HIGH }",
            "",
            "    enum Status { @Initial OPEN, @Terminal CLOSED }",
            "",
            "    @Nullable Priority priority();",
            "",
            "    @OnlyIn(\"CLOSED\") String closingNote();",
            "",
            "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
            "    Ledger close(String closingNote);",
            "}");

    private Workflow workflow;
    private WorkflowDescriptor descriptor;
    private TestSchema schema;

    @BeforeAll
    void migrate(TestSchema schema, @TempDir Path migrations) throws Exception {
        this.schema = schema;
        Compiled compiled = Compilations.compile(DECLARATION).assertSucceededWithoutWarnings();
        workflow = compiled.workflow("Ledger");
        String file = "V1__create_" + TABLE + ".sql";
        Files.writeString(migrations.resolve(file), compiled.migration(file));
        SchemaContract.applyMigrations(schema, migrations);
        descriptor = (WorkflowDescriptor) compiled.load("test.LedgerWorkflow").getField("DESCRIPTOR").get(null);
    }

    @Test
    void theNamesAreLongEnoughToBeShortened() {
        assertThat(Naming.fieldCheck(workflow, workflow.field("priority").orElseThrow()))
                .isNotEqualTo(TABLE + "_priority_check");
        assertThat(Naming.stateValuesCheck(workflow)).isNotEqualTo(TABLE + "_status_check");
        assertThat(Naming.stateCheck(workflow, "OPEN")).isNotEqualTo(TABLE + "_open_check");
    }

    @Test
    void aValueTheFieldsCheckRefusesNamesTheField() {
        SQLException error = assertThrows(SQLException.class,
                () -> execute("INSERT INTO " + TABLE + " (priority) VALUES ('URGENT')"));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, descriptor, null));
        assertThat(failure.constraint())
                .isEqualTo(Naming.fieldCheck(workflow, workflow.field("priority").orElseThrow()));
        assertThat(failure.state()).isNull();
        assertThat(failure.fields()).containsExactly("priority");
        assertThat(failure.sqlState()).isEqualTo(SqlStates.CHECK_VIOLATION);
    }

    @Test
    void aRowBreakingAStatesCheckNamesTheState() {
        SQLException error = assertThrows(SQLException.class,
                () -> execute("INSERT INTO " + TABLE + " (closing_note) VALUES ('too early')"));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, descriptor, null));
        assertThat(failure.constraint()).isEqualTo(Naming.stateCheck(workflow, "OPEN"));
        assertThat(failure.state()).isEqualTo("OPEN");
        assertThat(failure.fields()).containsExactly("closingNote");
    }

    /**
     * The triggers refuse an undeclared state before the CHECK would; with them disabled, which
     * only the owner can do, the state column's own check is what refuses it.
     */
    @Test
    void anUndeclaredStateTheStateColumnsCheckRefusesNamesNoField() throws SQLException {
        SQLException error;
        try (Connection connection = schema.ownerDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + TABLE + " DISABLE TRIGGER USER");
                error = assertThrows(SQLException.class, () -> statement.execute(
                        "INSERT INTO " + TABLE + " (status) VALUES ('NOWHERE')"));
            } finally {
                connection.rollback();
            }
        }

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, descriptor, null));
        assertThat(failure.constraint()).isEqualTo(Naming.stateValuesCheck(workflow));
        assertThat(descriptor.stateColumnCheck()).isEqualTo(Naming.stateValuesCheck(workflow));
        assertThat(failure.state()).isNull();
        assertThat(failure.fields()).isEmpty();
        assertThat(failure.sqlState()).isEqualTo(SqlStates.CHECK_VIOLATION);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = schema.ownerDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
