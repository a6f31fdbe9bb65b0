package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.test.PostgresTest;
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
 * A {@code @References} field's foreign key (23503) and a {@code @Unique} field's partial index
 * (23505), provoked for real on PostgreSQL, name the field they concern; other keys are left alone.
 */
@PostgresTest
class KeyViolationsTest {

    private static final WorkflowDescriptor BOARD = new WorkflowDescriptor("Board", "board", "status",
            List.of(new StateDescriptor("OPEN", true, true, List.of(), List.of(), null)),
            List.of(), List.of());

    private static final WorkflowDescriptor CARD = new WorkflowDescriptor("Card", "card", "status",
            List.of(new StateDescriptor("TODO", true, false, List.of(), List.of(), null),
                    new StateDescriptor("DONE", false, true, List.of(), List.of(), null)),
            List.of(new EdgeDescriptor("finish", "TODO", "DONE", List.of())),
            List.of(new FieldDescriptor("boardId", "board_id", long.class,
                            new FieldDescriptor.Reference(BOARD, "card_board_id_fkey"), null),
                    new FieldDescriptor("code", "code", String.class,
                            null, new FieldDescriptor.Unique(List.of("DONE"), "card_code_key")),
                    new FieldDescriptor("slug", "slug", String.class),
                    new FieldDescriptor("serial", "serial", String.class,
                            null, new FieldDescriptor.Unique(List.of(), "card_serial_key"))));

    private static DSLContext dsl;
    private static long board;

    @BeforeAll
    static void createSchema(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE board (
                        id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        status text NOT NULL DEFAULT 'OPEN'
                    );
                    CREATE TABLE card (
                        id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        status   text   NOT NULL DEFAULT 'TODO',
                        board_id bigint NOT NULL,
                        code     text   NOT NULL,
                        slug     text,
                        serial   text,
                        CONSTRAINT card_board_id_fkey FOREIGN KEY (board_id) REFERENCES board (id),
                        CONSTRAINT card_slug_key UNIQUE (slug)
                    );
                    CREATE UNIQUE INDEX card_code_key ON card (code) WHERE status IN ('DONE');
                    CREATE UNIQUE INDEX card_serial_key ON card (serial);
                    """);
        }
        dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        board = dsl.fetchSingle("INSERT INTO board DEFAULT VALUES RETURNING id").get(0, Long.class);
    }

    @Test
    void foreignKeyNamesTheFieldAndTheWorkflowItReferences() {
        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO card (board_id, code) VALUES (?, 'a')", board + 1000));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, CARD, null));

        assertEquals("Card", failure.workflow());
        assertNull(failure.state());
        assertEquals(List.of("boardId"), failure.fields());
        assertEquals("card_board_id_fkey", failure.constraint());
        assertEquals("23503", failure.sqlState());
        assertSame(error, failure.getCause());
        assertEquals("Card: boardId names no row of Board (card_board_id_fkey)", failure.getMessage());
    }

    @Test
    void uniqueIndexNamesTheFieldAndTheStatesItIsUniqueAmong() {
        dsl.execute("INSERT INTO card (board_id, code, status) VALUES (?, 'same', 'TODO')", board);
        dsl.execute("INSERT INTO card (board_id, code, status) VALUES (?, 'same', 'TODO')", board);
        long id = dsl.fetchSingle("INSERT INTO card (board_id, code) VALUES (?, 'same') RETURNING id", board).get(0, Long.class);
        dsl.execute("UPDATE card SET status = 'DONE' WHERE id = ?", id);
        long other = dsl.fetchSingle("INSERT INTO card (board_id, code) VALUES (?, 'same') RETURNING id", board).get(0, Long.class);

        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("UPDATE card SET status = 'DONE' WHERE id = ?", other));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, CARD, other));
        assertEquals(List.of("code"), failure.fields());
        assertEquals("card_code_key", failure.constraint());
        assertEquals("23505", failure.sqlState());
        assertEquals("Card: another row in DONE has the same code, which must be unique there (card_code_key)",
                failure.getMessage());
    }

    @Test
    void aValueUniqueAmongAllRowsIsSaidToBe() {
        dsl.execute("INSERT INTO card (board_id, code, serial) VALUES (?, 'd', 'S-1')", board);

        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO card (board_id, code, serial) VALUES (?, 'e', 'S-1')", board));

        ConstraintViolationException failure = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(error, CARD, null));
        assertEquals(List.of("serial"), failure.fields());
        assertEquals("Card: another row has the same serial, which must be unique among all rows (card_serial_key)",
                failure.getMessage());
    }

    @Test
    void keysOfNoFieldAreLeftToTheCaller() {
        dsl.execute("INSERT INTO card (board_id, code, slug) VALUES (?, 'b', 'taken')", board);

        DataAccessException error = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO card (board_id, code, slug) VALUES (?, 'c', 'taken')", board));

        assertNull(Failures.translate(error, CARD, null));
    }
}
