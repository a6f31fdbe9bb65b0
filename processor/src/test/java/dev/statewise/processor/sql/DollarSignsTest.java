package dev.statewise.processor.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.runtime.SqlStates;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code $} in a state's name or in Javadoc ends no dollar quote of a function's body, and
 * {@code ${...}} in Javadoc is no Flyway placeholder: the migration applies, with Flyway's
 * placeholders on, and says what the declaration says.
 */
@PostgresTest
class DollarSignsTest {

    @TempDir
    Path folder;

    @Test
    void dollarSignsInNamesAndJavadocAreText(TestSchema schema) throws Exception {
        String migration = Compilations.compile(List.of("-Astatewise.migrations=" + folder), "dollars/Ledger.java")
                .assertSucceededWithoutWarnings().migration("V1__create_ledger.sql");
        assertEquals(migration, Files.readString(folder.resolve("V1__create_ledger.sql")));
        Flyway.configure().dataSource(schema.ownerDataSource()).schemas(schema.name())
                .locations("filesystem:" + folder).load().migrate();
        DSLContext dsl = DSL.using(schema.ownerDataSource(), SQLDialect.POSTGRES);

        long id = dsl.fetchSingle("INSERT INTO ledger (title) VALUES ('rent') RETURNING id").get(0, Long.class);
        dsl.execute("UPDATE ledger SET status = 'HELD$$' WHERE id = ?", id);
        DataAccessException refused = assertThrows(DataAccessException.class,
                () -> dsl.execute("UPDATE ledger SET status = 'OPEN' WHERE id = ?", id));
        assertEquals(SqlStates.ILLEGAL_TRANSITION, refused.sqlState());
        assertEquals("Ledger " + id + ": no transition from HELD$$ to OPEN; allowed from HELD$$: CLOSED$function$ (close)",
                refused.getCause().getMessage().lines().findFirst().orElseThrow().replaceFirst("^ERROR: ", ""));
        dsl.execute("UPDATE ledger SET status = 'CLOSED$function$' WHERE id = ?", id);

        assertEquals(List.of("hold", "close"),
                dsl.fetchValues("SELECT transition FROM ledger_history WHERE ledger_id = ? ORDER BY id", id));
        assertEquals("Costs in ${currency}, which Flyway must not take for a placeholder.",
                dsl.fetchValue("SELECT obj_description('ledger'::regclass, 'pg_class')"));
        assertEquals("Holds it; costs $5.", dsl.fetchValue("SELECT description FROM ledger_transition"
                + " WHERE transition = 'hold'"));
    }
}
