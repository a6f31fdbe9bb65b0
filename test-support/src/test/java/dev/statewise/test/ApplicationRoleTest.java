package dev.statewise.test;

// PostgresTest is this package's, imported all the same: docs/testing.md copies the imports.
// tag::application-role[]
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.jooq.impl.DSL.table;

import dev.statewise.test.PostgresTest;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

// end::application-role[]
/** The owner grants, the application role does only what it was granted: docs/testing.md shows it. */
// tag::application-role[]
@PostgresTest(migrations = "classpath:statewise-test/migration")
class ApplicationRoleTest {

    @BeforeAll
    static void grantReading(@AsOwner DSLContext owner, TestSchema schema) {
        owner.execute("GRANT SELECT ON widget TO " + schema.applicationRole());
    }

    @Test
    void readsWhatItWasGrantedAndNothingMore(@AsApplication DSLContext app) {
        assertEquals(1, app.fetchCount(table("widget")));
        DataAccessException refused = assertThrows(DataAccessException.class,
                () -> app.execute("DELETE FROM widget"));
        assertEquals("42501", refused.sqlState()); // insufficient_privilege
    }
}
// end::application-role[]
