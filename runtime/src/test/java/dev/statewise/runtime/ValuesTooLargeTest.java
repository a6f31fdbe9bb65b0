package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.test.PostgresTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A value too large for the size {@code @Column} gave its column (SQLSTATE 22003 for a numeric,
 * 22001 for a varchar), provoked for real on PostgreSQL, which names only the column's type: the
 * failure names the fields of that type.
 */
@PostgresTest
class ValuesTooLargeTest {

    private static final WorkflowDescriptor INVOICE = new WorkflowDescriptor("Invoice", "invoice", "status",
            List.of(new StateDescriptor("OPEN", true, true, List.of(), List.of(), null)),
            List.of(),
            List.of(new FieldDescriptor("total", "total", BigDecimal.class, "numeric(10, 2)", null, null, null),
                    new FieldDescriptor("code", "code", String.class, "varchar(5)", null, null, null),
                    new FieldDescriptor("net", "net", BigDecimal.class, "numeric(12, 2)", null, null, null),
                    new FieldDescriptor("gross", "gross", BigDecimal.class, "numeric(12, 2)", null, null, null),
                    new FieldDescriptor("lines", "lines", int.class, "integer", null, null, null)));

    private static DSLContext dsl;

    @BeforeAll
    static void createSchema(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE invoice (
                        id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        status text NOT NULL DEFAULT 'OPEN',
                        total  numeric(10, 2),
                        code   varchar(5),
                        net    numeric(12, 2),
                        gross  numeric(12, 2),
                        lines  integer
                    );
                    """);
        }
        dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Test
    void aNumberTooLargeForItsNumericNamesTheFieldAndTheType() {
        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO invoice (total) VALUES (?)", new BigDecimal("123456789.00")));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, INVOICE, null));

        assertEquals(List.of("total"), failure.fields());
        assertEquals("22003", failure.sqlState());
        assertNull(failure.state());
        assertNull(failure.constraint());
        assertSame(error, failure.getCause());
        assertEquals("Invoice: total does not fit its column, numeric(10, 2), which holds values that round to less"
                + " than 10^8 in absolute value (SQLSTATE 22003)", failure.getMessage());
    }

    @Test
    void aStringTooLongForItsVarcharNamesTheFieldAndTheType() {
        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO invoice (code) VALUES (?)", "ABCDEF"));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, INVOICE, null));

        assertEquals(List.of("code"), failure.fields());
        assertEquals("22001", failure.sqlState());
        assertEquals("Invoice: code does not fit its column, varchar(5), which holds at most 5 characters"
                + " (SQLSTATE 22001)", failure.getMessage());
    }

    @Test
    void fieldsOfTheSameTypeAreAllNamedSincePostgresqlSaysNotWhichColumn() {
        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO invoice (net, gross) VALUES (1, ?)", new BigDecimal("1e11")));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, INVOICE, null));

        assertEquals(List.of("net", "gross"), failure.fields());
        assertEquals("Invoice: the value of one of net, gross does not fit its column, numeric(12, 2), which holds"
                + " values that round to less than 10^10 in absolute value (SQLSTATE 22003)", failure.getMessage());
    }

    @Test
    void anOverflowOfNoSizedColumnIsLeftToTheCaller() {
        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO invoice (lines) VALUES (2147483647 + 1)"));

        assertNull(Failures.translate(error, INVOICE, null));
    }
}
