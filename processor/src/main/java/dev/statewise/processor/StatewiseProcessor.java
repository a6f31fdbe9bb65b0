package dev.statewise.processor;

import com.google.auto.service.AutoService;
import dev.statewise.processor.checks.SchemaChecks;
import dev.statewise.processor.checks.WorkflowChecks;
import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.docs.WorkflowMarkdown;
import com.palantir.javapoet.JavaFile;
import dev.statewise.processor.java.DescriptorWriter;
import dev.statewise.processor.java.RepositoryWriter;
import dev.statewise.processor.java.ValueWriter;
import dev.statewise.processor.jooq.JooqClasses;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.reading.Reporter;
import dev.statewise.processor.reading.Sources;
import dev.statewise.processor.reading.WorkflowReader;
import dev.statewise.processor.sql.CreateWorkflowSql;
import dev.statewise.processor.sql.MigrationFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Derives, for every {@code @Workflow} interface, the PostgreSQL schema that enforces it, written
 * as a Flyway migration on the class output and, when {@value #MIGRATIONS_OPTION} names a folder,
 * into that folder to be committed with a Markdown page of the workflow beside it.
 *
 * <p>Elements are read into a model, the model is checked, and only a workflow without errors is
 * written. Nothing escapes to javac: an internal failure is reported as an error on the workflow.
 */
@AutoService(Processor.class)
@SupportedOptions({
    StatewiseProcessor.MIGRATIONS_OPTION,
    StatewiseProcessor.JOOQ_PACKAGE_OPTION,
    StatewiseProcessor.JOOQ_LEAN_OPTION
})
public final class StatewiseProcessor extends AbstractProcessor {

    /** The folder, absolute or relative to the compiler's working directory, for committed migrations. */
    public static final String MIGRATIONS_OPTION = "statewise.migrations";

    /** The package of the jOOQ classes; by default {@code <workflow's package>.jooq}. */
    public static final String JOOQ_PACKAGE_OPTION = "statewise.jooq.package";

    /** {@code true} leaves implicit join paths and {@code RecordN} interfaces out of the jOOQ classes. */
    public static final String JOOQ_LEAN_OPTION = "statewise.jooq.lean";

    static {
        // jOOQ prints a banner and a tip when it first loads; a compiler's output is no place for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    /** Where migrations go on the class output: Flyway's default location. */
    static final String CLASSPATH_MIGRATIONS = "db/migration/";

    private static final String WORKFLOW = "dev.statewise.dsl.Workflow";

    /** Workflows written in earlier rounds, which later ones must not clash with. */
    private final List<Workflow> written = new ArrayList<>();
    /** Packages whose jOOQ classes are written: the Filer writes a class once per compile. */
    private final Set<String> jooqPackagesWritten = new TreeSet<>();
    /** Workflows javac could not resolve yet, read again next round. */
    private final Set<String> deferred = new TreeSet<>();
    private int lastVersion;
    /** The folder named by {@value #MIGRATIONS_OPTION}, if any. */
    private Optional<MigrationFolder> folder = Optional.empty();
    private boolean optionsUsable = true;

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        String option = processingEnv.getOptions().get(MIGRATIONS_OPTION);
        if (option == null || option.isBlank()) {
            return;
        }
        try {
            folder = Optional.of(new MigrationFolder(Path.of(option)));
        } catch (InvalidPathException e) {
            optionsUsable = false;
            new Reporter(processingEnv.getMessager()).report(
                    Message.BAD_OPTION.format(MIGRATIONS_OPTION, option, e.getMessage(), MIGRATIONS_OPTION));
        }
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(WORKFLOW);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    private record Candidate(TypeElement type, Workflow workflow, Sources sources) {}

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement workflowAnnotation = processingEnv.getElementUtils().getTypeElement(WORKFLOW);
        if (workflowAnnotation == null || !optionsUsable) {
            return false;
        }
        Reporter reporter = new Reporter(processingEnv.getMessager());
        List<Candidate> valid = new ArrayList<>();
        for (TypeElement type : workflowsOf(round, workflowAnnotation)) {
            guarded(type, reporter, () -> read(type, reporter, round.processingOver()).ifPresent(valid::add));
        }
        List<Workflow> all = new ArrayList<>(written);
        valid.forEach(c -> all.add(c.workflow()));
        for (Problem problem : SchemaChecks.check(all)) {
            valid.stream()
                    .filter(c -> c.workflow().qualifiedName().equals(problem.location().workflow()))
                    .findFirst()
                    .ifPresent(c -> {
                        reporter.report(problem, c.sources(), c.type());
                        valid.remove(c);
                    });
        }
        if (valid.isEmpty()) {
            return false;
        }
        List<Candidate> writtenNow = new ArrayList<>();
        for (Candidate candidate : valid) {
            guarded(candidate.type(), reporter, () -> {
                if (write(candidate, reporter)) {
                    writtenNow.add(candidate);
                }
            });
            written.add(candidate.workflow());
        }
        Map<String, List<Candidate>> byPackage = new TreeMap<>();
        for (Candidate candidate : writtenNow) {
            byPackage.computeIfAbsent(jooqPackage(candidate.workflow()), p -> new ArrayList<>()).add(candidate);
        }
        byPackage.forEach((jooqPackage, candidates) -> {
            if (!jooqPackagesWritten.add(jooqPackage)) {
                candidates.forEach(c -> reporter.report(Problem.of(Message.JOOQ_PACKAGE_WRITTEN,
                        Location.of(c.workflow().qualifiedName()), c.workflow().simpleName(), jooqPackage),
                        c.sources(), c.type()));
                return;
            }
            guarded(candidates.get(0).type(), reporter, () -> writeJava(jooqPackage, candidates));
        });
        return false;
    }

    private String jooqPackage(Workflow workflow) {
        String option = processingEnv.getOptions().get(JOOQ_PACKAGE_OPTION);
        if (option != null && !option.isBlank()) {
            return option;
        }
        return Naming.packageOf(workflow) + ".jooq";
    }

    /** jOOQ's classes for the workflows of one package, then each workflow's own types over them. */
    private void writeJava(String jooqPackage, List<Candidate> candidates) throws Exception {
        boolean lean = Boolean.parseBoolean(processingEnv.getOptions().get(JOOQ_LEAN_OPTION));
        Map<String, String> sources = JooqClasses.generate(
                candidates.stream().map(Candidate::workflow).toList(), jooqPackage, lean);
        TypeElement[] origins = candidates.stream().map(Candidate::type).toArray(TypeElement[]::new);
        for (Map.Entry<String, String> source : sources.entrySet()) {
            source(source.getKey(), source.getValue(), origins);
        }
        for (Candidate candidate : candidates) {
            Workflow workflow = candidate.workflow();
            for (JavaFile file : List.of(DescriptorWriter.of(workflow), ValueWriter.of(workflow),
                    RepositoryWriter.of(workflow, jooqPackage))) {
                String name = file.packageName().isEmpty() ? file.typeSpec().name()
                        : file.packageName() + "." + file.typeSpec().name();
                source(name, file.toString(), candidate.type());
            }
        }
    }

    private void source(String qualifiedName, String content, TypeElement... origins) throws IOException {
        JavaFileObject file = processingEnv.getFiler().createSourceFile(qualifiedName, origins);
        try (Writer writer = file.openWriter()) {
            writer.write(content);
        }
    }

    /** This round's workflows and those deferred from earlier rounds, in name order. */
    private List<TypeElement> workflowsOf(RoundEnvironment round, TypeElement workflowAnnotation) {
        Map<String, TypeElement> types = new TreeMap<>();
        for (String name : deferred) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null) {
                types.put(name, type);
            }
        }
        deferred.clear();
        for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(workflowAnnotation))) {
            types.put(type.getQualifiedName().toString(), type);
        }
        return List.copyOf(types.values());
    }

    private Optional<Candidate> read(TypeElement type, Reporter reporter, boolean lastRound) {
        WorkflowReader.Reading reading =
                new WorkflowReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils()).read(type);
        if (reading.unresolved()) {
            // Another processor may generate the missing type; if none does, javac reports it.
            if (!lastRound) {
                deferred.add(type.getQualifiedName().toString());
            }
            return Optional.empty();
        }
        List<Problem> problems = new ArrayList<>(reading.problems());
        reading.workflow().ifPresent(w -> problems.addAll(WorkflowChecks.check(w)));
        problems.forEach(p -> reporter.report(p, reading.sources(), type));
        if (reading.workflow().isEmpty() || problems.stream().anyMatch(Problem::isError)) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(type, reading.workflow().get(), reading.sources()));
    }

    /** Writes the workflow's migration and page; false when a committed migration stops it. */
    private boolean write(Candidate candidate, Reporter reporter) throws IOException {
        Workflow workflow = candidate.workflow();
        String sql = CreateWorkflowSql.of(workflow);
        String markdown = WorkflowMarkdown.of(workflow);
        String fileName;
        if (folder.isPresent()) {
            Optional<Path> committed = folder.get().createMigration(workflow.table());
            if (committed.isPresent()) {
                fileName = committed.get().getFileName().toString();
                if (!folder.get().read(committed.get()).equals(sql)) {
                    reporter.report(Problem.of(Message.MIGRATION_OUTDATED,
                            Location.of(workflow.qualifiedName()), workflow.simpleName(), fileName,
                            committed.get()), candidate.sources(), candidate.type());
                    return false;
                }
            } else {
                lastVersion = Math.max(lastVersion, folder.get().highestVersion()) + 1;
                fileName = MigrationFolder.createFileName(lastVersion, workflow.table());
                folder.get().write(fileName, sql);
            }
            folder.get().write(workflow.table() + ".md", markdown);
        } else {
            fileName = MigrationFolder.createFileName(++lastVersion, workflow.table());
            resource(StandardLocation.SOURCE_OUTPUT, "statewise/" + workflow.table() + ".md", markdown,
                    candidate.type());
        }
        resource(StandardLocation.CLASS_OUTPUT, CLASSPATH_MIGRATIONS + fileName, sql, candidate.type());
        return true;
    }

    private void resource(StandardLocation location, String path, String content, TypeElement origin)
            throws IOException {
        FileObject file = processingEnv.getFiler().createResource(location, "", path, origin);
        try (Writer writer = file.openWriter()) {
            writer.write(content);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step for one workflow, turning any failure into an error on that workflow. */
    private void guarded(TypeElement type, Reporter reporter, Step step) {
        String name = type.getQualifiedName().toString();
        try {
            step.run();
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            reporter.report(Problem.of(Message.CANNOT_WRITE, Location.of(name), name, cause), null, type);
        } catch (Exception | LinkageError e) {
            reporter.report(Problem.of(Message.INTERNAL_ERROR, Location.of(name), name, e), null, type);
        }
    }
}
