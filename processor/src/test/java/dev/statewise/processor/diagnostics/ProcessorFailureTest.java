package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compiler;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(compilation).hadErrorContaining("option -Astatewise.applicationRole=App-Service is not a role name"
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
        assertThat(compilation).hadErrorContaining("option -Astatewise.readOnlyRole=app_service is not a role name"
                + " the migrations can grant to: it is the application role too, which may write");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aBooleanOptionThatIsNeitherTrueNorFalseIsRefused() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.verify=yes", "-Astatewise.jooq.lean=${statewise.lean}")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("option -Astatewise.verify=yes is neither true nor false;"
                + " pass -Astatewise.verify=true or false (a build property left as ${...} was never defined)");
        assertThat(compilation).hadErrorContaining("option -Astatewise.jooq.lean=${statewise.lean} is neither true"
                + " nor false");
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void aMigrationsOptionThatIsNoPathIsABadOption() {
        Compilation compilation = compiler()
                .withOptions("-Astatewise.migrations=migrations\u0000")
                .compile(TASK);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("option -Astatewise.migrations=migrations");
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
                .hadErrorContaining("cannot write the migration of workflow test.Task (java.nio.file.")
                .inFile(TASK).onLine(6);
        assertThat(compilation).hadErrorContaining("check that -Astatewise.migrations names a folder");
        assertThat(compilation).hadErrorCount(1);
    }
}
