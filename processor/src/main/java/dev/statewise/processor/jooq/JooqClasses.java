package dev.statewise.processor.jooq;

import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.sql.CreateWorkflowSql;
import dev.statewise.runtime.Columns.FeedPosition;
import dev.statewise.runtime.Columns.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.codegen.GenerationTool;
import org.jooq.codegen.JavaGenerator;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.OnError;
import org.jooq.meta.jaxb.Property;
import org.jooq.meta.jaxb.Target;

/**
 * Runs jOOQ's own code generator on the schema Statewise derived, so users get the {@code Tables},
 * {@code Keys} and record classes they know, typed with their own enums.
 */
public final class JooqClasses {

    private JooqClasses() {}

    /**
     * Generates the classes of the workflows' tables into one package.
     *
     * @param lean leave out implicit join paths and the {@code RecordN} interfaces, which large
     *     schemas pay for in compile time
     * @return the generated sources by qualified class name, in name order
     */
    public static Map<String, String> generate(List<Workflow> workflows, String packageName, boolean lean)
            throws Exception {
        Path directory = Files.createTempDirectory("statewise-jooq");
        try {
            GenerationTool tool = new GenerationTool();
            tool.setClassLoader(JooqClasses.class.getClassLoader());
            tool.run(configuration(workflows, packageName, lean, directory));
            return read(directory);
        } finally {
            delete(directory);
        }
    }

    private static Configuration configuration(List<Workflow> workflows, String packageName, boolean lean,
            Path directory) {
        Set<String> tables = workflows.stream().map(Workflow::table).collect(Collectors.toSet());
        String ddl = workflows.stream().map(w -> CreateWorkflowSql.relations(w, tables))
                .collect(Collectors.joining("\n"));
        return new Configuration()
                .withLogging(Logging.WARN)
                .withOnError(OnError.FAIL)
                .withGenerator(new Generator()
                        .withName(JavaGenerator.class.getName())
                        .withDatabase(new Database()
                                .withName(StatewiseDatabase.class.getName())
                                .withProperties(new Property().withKey(StatewiseDatabase.DDL).withValue(ddl))
                                .withForcedTypes(forcedTypes(workflows)))
                        .withGenerate(generate(lean))
                        .withTarget(new Target()
                                .withPackageName(packageName)
                                .withDirectory(directory.toString())
                                .withEncoding(StandardCharsets.UTF_8.name())));
    }

    /** jOOQ's defaults, or for a lean profile without what costs compile time in a large schema. */
    private static Generate generate(boolean lean) {
        Generate generate = new Generate().withJavaTimeTypes(true).withGeneratedAnnotation(false);
        if (lean) {
            generate.withImplicitJoinPathsToOne(false)
                    .withImplicitJoinPathsToMany(false)
                    .withRecordsImplementingRecordN(false);
        }
        return generate;
    }

    /**
     * Columns typed with the user's own Java types: the state enum, enum fields, {@code Instant}
     * fields, and {@code Instant} for the moments the triggers keep.
     */
    static List<ForcedType> forcedTypes(List<Workflow> workflows) {
        List<ForcedType> forced = new ArrayList<>();
        for (Workflow workflow : workflows) {
            String states = workflow.qualifiedName() + "." + workflow.stateEnum();
            forced.add(enumType(states, column(workflow.table(), workflow.stateColumn()),
                    column(Naming.transitionTable(workflow), "from_state"),
                    column(Naming.transitionTable(workflow), "to_state"),
                    column(Naming.historyTable(workflow), "from_state"),
                    column(Naming.historyTable(workflow), "to_state")));
            for (String time : Naming.stateTimeColumns(workflow)) {
                forced.add(new ForcedType().withName("INSTANT").withIncludeExpression(column(workflow.table(), time)));
            }
            if (workflow.feed()) {
                // xid8, which jOOQ knows only as OTHER: read as a Long, written by the triggers and the runtime alone.
                forced.add(new ForcedType().withName("BIGINT").withIncludeExpression(String.join("|",
                        column(workflow.table(), Naming.stateFeedXid(workflow)),
                        column(Naming.historyTable(workflow), History.FEED_XID),
                        column(Naming.feedPositionTable(workflow), FeedPosition.FEED_XID))));
            }
            for (Field field : workflow.fields()) {
                String column = column(workflow.table(), field.column());
                if (field.type().kind() == FieldType.Kind.ENUM) {
                    forced.add(enumType(field.type().javaName(), column));
                } else if (field.type().kind() == FieldType.Kind.INSTANT) {
                    forced.add(new ForcedType().withName("INSTANT").withIncludeExpression(column));
                }
            }
        }
        return forced;
    }

    private static ForcedType enumType(String enumName, String... columns) {
        return new ForcedType()
                .withUserType(enumName)
                .withEnumConverter(true)
                .withIncludeExpression(String.join("|", columns));
    }

    /** A regular expression that matches the column, qualified or not. */
    private static String column(String table, String column) {
        return "(.*\\.)?" + table + "\\." + column;
    }

    private static Map<String, String> read(Path directory) throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String relative = directory.relativize(file).toString();
                String className = relative.substring(0, relative.length() - ".java".length())
                        .replace(file.getFileSystem().getSeparator(), ".");
                sources.put(className, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return sources;
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
