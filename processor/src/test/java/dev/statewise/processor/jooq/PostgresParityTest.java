package dev.statewise.processor.jooq;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Compiled;
import dev.statewise.test.PostgresTest;
import dev.statewise.test.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.StandardLocation;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classes generated without a database match what jOOQ's own {@code PostgresDatabase}
 * generates from the same schema on a real PostgreSQL: every generated file, line for line, except
 * the texts of CHECK clauses and column defaults, which PostgreSQL returns in its own normal form
 * ({@code 'DRAFT'::text}, {@code now()}) and jOOQ's interpreter in jOOQ's. They only matter to
 * jOOQ's DDL export, never to a query (docs/decisions/0008).
 */
@PostgresTest
class PostgresParityTest {

    @Test
    void matchesJooqOnARealPostgres(TestSchema schema, @TempDir Path temp) throws Exception {
        assertParity(schema, temp, List.of("workflows/Task.java", "workflows/Article.java"),
                List.of("V1__create_article.sql", "V2__create_task.sql"));
    }

    /** Compiles the declarations, applies their migrations to the schema and compares both routes' classes. */
    static void assertParity(TestSchema schema, Path temp, List<String> declarations, List<String> files)
            throws Exception {
        Compiled compiled = Compilations.compile(declarations.toArray(String[]::new))
                .assertSucceededWithoutWarnings();
        Path migrations = Files.createDirectories(temp.resolve("migrations"));
        for (String file : files) {
            Files.writeString(migrations.resolve(file), compiled.migration(file));
        }
        Flyway.configure().dataSource(schema.dataSource()).schemas(schema.name())
                .locations("filesystem:" + migrations).load().migrate();

        Path fromPostgres = temp.resolve("postgres");
        GenerationTool.generate(new Configuration()
                .withLogging(Logging.WARN)
                .withJdbc(new Jdbc().withUrl(schema.jdbcUrl()).withUser(schema.user()).withPassword(schema.password()))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema(schema.name())
                                .withOutputSchemaToDefault(true)
                                .withExcludes("flyway_schema_history|.*_before_insert|.*_before_update|.*_append_only")
                                .withForcedTypes(JooqClasses.forcedTypes(compiled.workflows())))
                        .withGenerate(new Generate().withJavaTimeTypes(true).withGeneratedAnnotation(false))
                        .withTarget(new Target().withPackageName("workflows.jooq").withDirectory(fromPostgres.toString()))));

        Map<String, String> expected = read(fromPostgres);
        List<String> ours = compiled.compilation().generatedSourceFiles().stream()
                .map(file -> file.toUri().getPath())
                .filter(path -> path.contains("/workflows/jooq/"))
                .map(path -> path.substring(path.indexOf("workflows/jooq/")))
                .toList();
        com.google.common.truth.Truth.assertThat(ours).containsExactlyElementsIn(expected.keySet());
        Map<String, String> actual = new TreeMap<>();
        for (String file : expected.keySet()) {
            actual.put(file, normalized(compiled.text(StandardLocation.SOURCE_OUTPUT, file)));
        }
        expected.replaceAll((file, text) -> normalized(text));
        com.google.common.truth.Truth.assertThat(actual).containsExactlyEntriesIn(expected);
    }

    private static Map<String, String> read(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files.put(root.relativize(path).toString(), Files.readString(path));
            }
        }
        return files;
    }

    /** The texts of check clauses and defaults set aside; everything else must match. */
    private static String normalized(String source) {
        return source
                .replaceAll("(Internal\\.createCheck\\(this, DSL\\.name\\(\"[^\"]+\"\\), )\"(?:[^\"\\\\]|\\\\.)*\"",
                        "$1\"<clause>\"")
                .replaceAll("DSL\\.raw\\(\"(?:[^\"\\\\]|\\\\.)*\"\\)", "DSL.raw(\"<default>\")");
    }
}
