package dev.statewise.processor.jooq;

import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PostgresParityTest} for workflows with a foreign key between them, unique partial indexes
 * and jsonb columns: jOOQ sees the same keys, indexes and types with or without a database.
 */
@PostgresTest
class ReferencesParityTest {

    @Test
    void matchesJooqWithReferencesUniqueIndexesAndJsonb(TestSchema schema, @TempDir Path temp) throws Exception {
        PostgresParityTest.assertParity(schema, temp, List.of("workflows/Delivery.java", "workflows/Purchase.java"),
                List.of("V1__create_purchase.sql", "V2__create_delivery.sql"));
    }
}
