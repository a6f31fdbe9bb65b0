package dev.statewise.processor;

import com.google.auto.service.AutoService;
import dev.statewise.processor.checks.ClassNameChecks;
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
import dev.statewise.processor.reading.SourceTypes;
import dev.statewise.processor.reading.Sources;
import dev.statewise.processor.reading.WorkflowReader;
import dev.statewise.processor.sql.CreateWorkflowSql;
import dev.statewise.processor.sql.Evolution;
import dev.statewise.processor.sql.MigrationFolder;
import dev.statewise.processor.sql.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
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
 * as Flyway migrations on the class output and, when {@code statewise.migrations} names a folder,
 * into that folder to be committed, with a snapshot of what they build and a Markdown page of the
 * workflow beside them. A changed declaration gets the next migration, derived from the snapshot;
 * committed migrations are never rewritten.
 *
 * <p>Elements are read into a model, the model is checked, and only a workflow without errors is
 * written. Nothing escapes to javac: an internal failure is reported as an error on the workflow.
 */
@AutoService(Processor.class)
@SupportedOptions({
    Options.MIGRATIONS,
    Options.JOOQ_PACKAGE,
    Options.JOOQ_LEAN,
    Options.VERIFY,
    Options.APPLICATION_ROLE,
    Options.READ_ONLY_ROLE
})
public final class StatewiseProcessor extends AbstractProcessor {

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
    /** The types the sources of this compile declare, whose names generated classes may not take. */
    private final SourceTypes sourceTypes = new SourceTypes();
    /** Tables whose create migration this compile wrote to the class output, without a folder. */
    private final Set<String> createdTables = new TreeSet<>();
    private Options options;
    /** The folder named by {@code statewise.migrations}, if any. */
    private Optional<MigrationFolder> folder = Optional.empty();

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        options = Options.read(processingEnv.getOptions());
        Reporter reporter = Reporter.of(processingEnv);
        options.errors().forEach(reporter::report);
        folder = options.migrations();
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
        sourceTypes.add(round);
        TypeElement workflowAnnotation = processingEnv.getElementUtils().getTypeElement(WORKFLOW);
        if (workflowAnnotation == null || !options.errors().isEmpty()) {
            return false;
        }
        Reporter reporter = Reporter.of(processingEnv);
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
        for (Candidate candidate : List.copyOf(valid)) {
            Workflow workflow = candidate.workflow();
            String jooqPackage = jooqPackage(workflow);
            List<Problem> problems = new ArrayList<>(ClassNameChecks.check(workflow, jooqPackage, sourceTypes::taken));
            if (jooqPackagesWritten.contains(jooqPackage)) {
                problems.add(Problem.of(Message.JOOQ_PACKAGE_WRITTEN, Location.of(workflow.qualifiedName()),
                        workflow.simpleName(), jooqPackage));
            }
            problems.forEach(p -> reporter.report(p, candidate.sources(), candidate.type()));
            if (!problems.isEmpty()) {
                valid.remove(candidate);
            }
        }
        if (valid.isEmpty()) {
            return false;
        }
        List<Candidate> writtenNow = new ArrayList<>();
        for (Candidate candidate : referencesFirst(valid)) {
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
            jooqPackagesWritten.add(jooqPackage);
            guarded(candidates.get(0).type(), reporter, () -> writeJava(jooqPackage, candidates));
        });
        return false;
    }

    /**
     * The candidates in the order their migrations are numbered: a workflow after those it
     * references, which must exist when its foreign keys are created, and otherwise by name.
     */
    private static List<Candidate> referencesFirst(List<Candidate> candidates) {
        List<Candidate> pending = new ArrayList<>(candidates);
        pending.sort(Comparator.comparing(c -> c.workflow().qualifiedName()));
        List<Candidate> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            Candidate next = pending.stream()
                    .filter(c -> c.workflow().fields().stream()
                            .flatMap(f -> f.reference().stream())
                            .noneMatch(r -> pending.stream().anyMatch(p -> p != c
                                    && p.workflow().qualifiedName().equals(r.workflow()))))
                    .findFirst()
                    // Cycles are refused by SchemaChecks; should one remain, name order decides.
                    .orElse(pending.get(0));
            pending.remove(next);
            ordered.add(next);
        }
        return ordered;
    }

    private String jooqPackage(Workflow workflow) {
        return options.jooqPackage().orElse(Naming.packageOf(workflow) + ".jooq");
    }

    /** jOOQ's classes for the workflows of one package, then each workflow's own types over them. */
    private void writeJava(String jooqPackage, List<Candidate> candidates) throws Exception {
        boolean lean = options.lean();
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
        sourceTypes.generated(qualifiedName);
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

    /** Writes the workflow's migrations and page; false when the committed ones stop it. */
    private boolean write(Candidate candidate, Reporter reporter) throws IOException {
        Workflow workflow = candidate.workflow();
        String markdown = WorkflowMarkdown.of(workflow);
        if (folder.isEmpty()) {
            List<Problem> missing = Evolution.missingTargets(workflow, createdTables::contains,
                    "the migrations of this compile");
            if (!missing.isEmpty()) {
                missing.forEach(p -> reporter.report(p, candidate.sources(), candidate.type()));
                return false;
            }
            createdTables.add(workflow.table());
            String fileName = MigrationFolder.createFileName(++lastVersion, workflow.table());
            resource(StandardLocation.CLASS_OUTPUT, CLASSPATH_MIGRATIONS + fileName, CreateWorkflowSql.of(workflow, options.grants()),
                    candidate.type());
            resource(StandardLocation.SOURCE_OUTPUT, "statewise/" + workflow.table() + ".md", markdown,
                    candidate.type());
            return true;
        }
        MigrationFolder migrations = folder.get();
        Evolution evolution = Evolution.of(workflow, options.grants(), options.verify(), migrations, lastVersion);
        evolution.problems().forEach(p -> reporter.report(p, candidate.sources(), candidate.type()));
        if (evolution.snapshot().isEmpty()) {
            return false;
        }
        for (Map.Entry<String, String> file : evolution.files().entrySet()) {
            migrations.write(file.getKey(), file.getValue());
        }
        lastVersion = evolution.lastVersion();
        migrations.write(workflow.table() + ".md", markdown);
        for (Snapshot.Migration migration : evolution.snapshot().get().migrations()) {
            resource(StandardLocation.CLASS_OUTPUT, CLASSPATH_MIGRATIONS + migration.file(),
                    migrations.readIfExists(migration.file()).orElseThrow(), candidate.type());
        }
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
            reporter.report(Problem.internalError(name, e), null, type);
        }
    }
}
