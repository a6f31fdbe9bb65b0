package dev.statewise.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compiler;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.statewise.processor.StatewiseProcessor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures outside the declaration reach the user as errors that say what to fix, never as a
 * javac crash: had an exception escaped the processor, compile() would rethrow it.
 */
class ProcessorFailureTest {

    private static final JavaFileObject TASK = source("test.Task",
            "package test;",
            "",
            "import dev.statewise.dsl.*;",
            "",
            "@Workflow",
            "public interface Task {",
            "    enum Status { @Initial OPEN, @Terminal DONE }",
            "",
            "    @Transition(from = \"OPEN\", to = \"DONE\")",
            "    Task close();",
            "}");

    @Test
    void aRoleOptionThatWouldNeedQuotesIsRefused() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.applicationRole=App-Service")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[BAD_ROLE_OPTION] option -Astatewise.applicationRole=App-Service is not a role name"
                + " the migrations can grant to: it would need quotes; name the role in lowercase letters, digits and"
                + " underscores, e.g. -Astatewise.applicationRole=app_service");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void theReadOnlyRoleMayNotBeTheApplicationRole() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.applicationRole=app_service", "-Astatewise.readOnlyRole=app_service")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[BAD_ROLE_OPTION] option -Astatewise.readOnlyRole=app_service is not a role name"
                + " the migrations can grant to: it is the application role too, which may write");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aBooleanOptionThatIsNeitherTrueNorFalseIsRefused() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.verify=yes")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[BAD_BOOLEAN_OPTION] option -Astatewise.verify=yes is neither"
                + " true nor false; pass -Astatewise.verify=true or false");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void anUndefinedBuildPropertyIsRefusedForEveryOption() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.migrations=${statewise.migrations}", "-Astatewise.jooq.lean=${statewise.lean}",
                        "-Astatewise.jooq.package=${jooq.package}", "-Astatewise.applicationRole=${app.role}")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[BAD_OPTION] option -Astatewise.migrations=${statewise.migrations}"
                + " is a build property that was never defined; pass the folder where migrations are committed, e.g."
                + " -Astatewise.migrations=${project.basedir}/src/main/resources/db/migration, or define the property"
                + " in the build");
        assertThat(compilation).hadErrorContaining("[BAD_OPTION] option -Astatewise.jooq.lean=${statewise.lean} is a"
                + " build property that was never defined; pass true or false");
        assertThat(compilation).hadErrorContaining("[BAD_OPTION] option -Astatewise.jooq.package=${jooq.package} is a"
                + " build property that was never defined; pass a Java package name");
        assertThat(compilation).hadErrorContaining("[BAD_OPTION] option -Astatewise.applicationRole=${app.role} is a"
                + " build property that was never defined; pass a role name");
        assertThat(compilation).hadErrorCount(4);
    }

    @Test
    void aJooqPackageThatIsNoJavaPackageNameIsRefused() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.jooq.package=com.example.1jooq")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[BAD_OPTION] option -Astatewise.jooq.package=com.example.1jooq is"
                + " not a Java package name; pass a Java package name, e.g. -Astatewise.jooq.package=com.example.jooq");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aMisspeltOptionIsAnErrorNotJustJavacsWarning() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.verfy=true")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[UNKNOWN_OPTION] option -Astatewise.verfy is not an option of"
                + " Statewise, which would go on without it; did you mean statewise.verify?");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void optionsOfOtherProcessorsAreTheirs() {
        Compilation compilation = compiler()
                .withOptions("-Amapstruct.defaultComponentModel=spring", "-Astatewisely=1")
                .compile(TASK);

        assertThat(compilation).succeeded();
    }

    @Test
    void aMigrationsOptionThatIsNoPathIsABadOption() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.migrations=migrations\u0000")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[BAD_OPTION] option -Astatewise.migrations=migrations");
        assertThat(compilation).hadErrorContaining("is not a usable folder");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aMigrationsFolderThatCannotBeWrittenIsAnErrorOnTheWorkflow(@TempDir Path temp) throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("migrations"), "a file, not a folder");

        Compilation compilation = compiler()
                .withOptions("-Astatewise.migrations=" + notAFolder)
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CANNOT_WRITE] cannot write the migration of workflow test.Task (java.nio.file.")
                .inFile(TASK).onLine(6);
        assertThat(compilation).hadErrorContaining("check that -Astatewise.migrations names a folder");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void anInternalFailureIsAnErrorOnTheWorkflowThatCarriesTheStackTrace() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new SourcesRefused(new StatewiseProcessor()))
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("Statewise failed on workflow test.Task: java.lang.IllegalStateException: no"
                        + " sources today; this is a bug in Statewise, please report it with the declaration")
                .inFile(TASK).onLine(6);
        // The trace follows on the next lines, which javac indents.
        assertThat(compilation).hadErrorContaining("declaration\n  java.lang.IllegalStateException: no sources today\n");
        assertThat(compilation).hadErrorContaining("\tat dev.statewise.processor.StatewiseProcessor.source(");
        assertThat(compilation).hadErrorContaining("\tat dev.statewise.processor.StatewiseProcessor.process(");
        assertThat(compilation.errors().get(0).getMessage(null)).doesNotContain("com.sun.tools.javac");
        assertThat(compilation).hadErrorCount(1);
    }

    /**
     * The processor, run with a Filer that refuses every source file: a failure inside the processor
     * that no declaration can cause.
     */
    private static final class SourcesRefused extends AbstractProcessor {

        private final Processor processor;

        SourcesRefused(Processor processor) {
            this.processor = processor;
        }

        @Override
        public synchronized void init(ProcessingEnvironment environment) {
            super.init(environment);
            Filer filer = proxy(Filer.class, (proxy, method, args) -> {
                if (method.getName().equals("createSourceFile")) {
                    throw new IllegalStateException("no sources today");
                }
                return invoke(method, environment.getFiler(), args);
            });
            processor.init(proxy(ProcessingEnvironment.class, (proxy, method, args) ->
                    method.getName().equals("getFiler") ? filer : invoke(method, environment, args)));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return processor.getSupportedAnnotationTypes();
        }

        @Override
        public Set<String> getSupportedOptions() {
            return processor.getSupportedOptions();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return processor.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return processor.process(annotations, round);
        }

        private static <T> T proxy(Class<T> type, InvocationHandler handler) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
        }

        private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
