package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Golden;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference, a unique index and a jsonb field added to a workflow that has rows, then taken away:
 * each compile writes the next migrations (the foreign key added NOT VALID and validated by the
 * next file), and PostgreSQL applies them over existing rows and enforces the new rules.
 */
@PostgresTest
class ReferenceEvolutionTest {

    private static final Map<Integer, List<String>> MIGRATIONS = Map.of(
            1, List.of("V1__create_account.sql", "V2__create_invoice.sql"),
            2, List.of("V3__invoice_change_number_and_2_more_changes.sql", "V4__invoice_validate_constraints.sql"),
            3, List.of("V5__invoice_change_number_and_2_more_changes.sql"));

    @TempDir
    Path folder;

    @Test
    void referenceUniqueAndJsonbComeAndGoOnATableWithRows(TestSchema schema) throws Exception {
        DSLContext dsl = DSL.using(schema.dataSource(), SQLDialect.POSTGRES);
        step(1, schema);
        long account = dsl.fetchSingle("INSERT INTO account (holder) VALUES ('ada') RETURNING id").get(0, Long.class);
        dsl.execute("INSERT INTO invoice (number, account_id) VALUES ('A-1', ?)", account);
        dsl.execute("INSERT INTO invoice (number, account_id, status) VALUES ('A-1', NULL, 'DRAFT')");

        step(2, schema);

        DataAccessException noAccount = assertThrows(DataAccessException.class,
                () -> dsl.execute("INSERT INTO invoice (number, account_id) VALUES ('A-2', ?)", account + 1000));
        assertEquals("23503", noAccount.sqlState());
        dsl.execute("UPDATE invoice SET status = 'SENT' WHERE number = 'A-1' AND account_id IS NOT NULL");
        DataAccessException taken = assertThrows(DataAccessException.class,
                () -> dsl.execute("UPDATE invoice SET status = 'SENT' WHERE number = 'A-1' AND account_id IS NULL"));
        assertEquals("23505", taken.sqlState());
        dsl.execute("UPDATE invoice SET lines = '[{\"sku\": \"X\"}]'::jsonb WHERE account_id IS NOT NULL");
        assertEquals(0L, dsl.fetchValue("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"
                + " AND connamespace = current_schema()::regnamespace", Long.class));

        step(3, schema);

        dsl.execute("INSERT INTO invoice (number, account_id) VALUES ('A-3', ?)", account + 1000);
        dsl.execute("UPDATE invoice SET status = 'SENT' WHERE number = 'A-1' AND account_id IS NULL");
        assertEquals(3L, dsl.fetchValue("SELECT count(*) FROM invoice", Long.class));
    }

    @Test
    void compilingTheSameVersionAgainWritesNothing() throws Exception {
        compile(1);
        compile(2);
        Map<String, String> committed = EvolutionTest.files(folder);

        compile(2);

        assertThat(EvolutionTest.files(folder)).isEqualTo(committed);
    }

    /** Compiles the version, checks the migrations it adds against their golden files, applies them. */
    private void step(int version, TestSchema schema) throws Exception {
        Map<String, String> before = EvolutionTest.files(folder);
        compile(version);
        Map<String, String> after = EvolutionTest.files(folder);
        List<String> added = after.keySet().stream().filter(f -> f.startsWith("V") && !before.containsKey(f))
                .sorted(EvolutionTest::byVersion).toList();
        assertWithMessage("migrations added by version %s", version)
                .that(added).containsExactlyElementsIn(MIGRATIONS.get(version)).inOrder();
        for (String file : added) {
            Golden.assertMatches("evolution-references/" + file, after.get(file));
        }
        Path migrations = Files.createDirectories(folder.resolveSibling(folder.getFileName() + "-sql"));
        for (Map.Entry<String, String> file : after.entrySet()) {
            if (file.getKey().endsWith(".sql")) {
                Files.writeString(migrations.resolve(file.getKey()), file.getValue());
            }
        }
        Flyway.configure().dataSource(schema.dataSource()).schemas(schema.name())
                .locations("filesystem:" + migrations).load().migrate();
    }

    private void compile(int version) {
        Compilations.compile(List.of("-Astatewise.migrations=" + folder),
                "evolution-references/v" + version + "/Account.java",
                "evolution-references/v" + version + "/Invoice.java")
                .assertSucceededWithoutWarnings();
    }
}
