package dev.statewise.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compiler;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A declaration compared with its committed snapshot: each change the next migration cannot make
 * on its own, and each committed file found changed, is refused on the element at fault, and
 * nothing in the folder is written.
 */
class EvolutionDiagnosticsTest {

    /** The committed version; each test changes some of its lines. */
    private static final List<String> COMMITTED = List.of(
            "package test;",                                                  // 1
            "",                                                               // 2
            "import dev.statewise.dsl.*;",                                    // 3
            "",                                                               // 4
            "@Workflow",                                                      // 5
            "public interface Task {",                                        // 6
            "    enum Status { @Initial OPEN, WAITING, @Terminal DONE }",     // 7
            "    String title();",                                            // 8
            "    @Nullable String notes();",                                  // 9
            "    @Transition(from = \"OPEN\", to = \"WAITING\")",             // 10
            "    Task hold();",                                               // 11
            "    @Transition(from = {\"OPEN\", \"WAITING\"}, to = \"DONE\")", // 12
            "    Task close();",                                              // 13
            "}");                                                             // 14

    @TempDir
    Path folder;

    private Map<String, String> committedFiles;

    @BeforeEach
    void commitTheFirstVersion() throws IOException {
        assertThat(compile(List.of(), source("test.Task", COMMITTED.toArray(String[]::new)))).succeededWithoutWarnings();
        committedFiles = files();
    }

    /** The committed declaration with lines replaced, by line number. */
    private static JavaFileObject changed(Map<Integer, String> replacements) {
        List<String> lines = new ArrayList<>(COMMITTED);
        replacements.forEach((line, text) -> lines.set(line - 1, text));
        return source("test.Task", lines.toArray(String[]::new));
    }

    private Compilation compile(List<String> options, JavaFileObject source) {
        List<String> all = new ArrayList<>(options);
        all.add("-Astatewise.migrations=" + folder);
        return compiler().withOptions(all).compile(source);
    }

    private Map<String, String> files() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    private void assertNothingWritten() throws IOException {
        assertThat(files()).isEqualTo(committedFiles);
    }

    @Test
    void aStateRemovedWithoutSayingWhereItsRowsGo() throws IOException {
        JavaFileObject task = changed(Map.of(
                7, "    enum Status { @Initial OPEN, @Terminal DONE }",
                10, "",
                11, "",
                12, "    @Transition(from = \"OPEN\", to = \"DONE\")"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[STATE_DROPPED] state WAITING is in the committed snapshot task.snapshot.json "
                + "but no longer declared, and rows may be in it; say where they go: @RenamedFrom(\"WAITING\") on "
                + "the state it became, or @RemovedState(value = \"WAITING\", movedTo = \"...\") on Task")
                .inFile(task).onLine(7);
        assertThat(compilation).hadErrorCount(1);
        assertNothingWritten();
    }

    @Test
    void aFieldRemovedWithoutSayingSo() throws IOException {
        JavaFileObject task = changed(Map.of(9, ""));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[FIELD_DROPPED] field notes is in the committed snapshot task.snapshot.json "
                + "but no longer declared; add @RenamedFrom(\"notes\") to the field it became, or "
                + "@RemovedField(\"notes\") on Task to drop its column and its values").inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
        assertNothingWritten();
    }

    @Test
    void aRenameFromANameTheSnapshotDoesNotHave() throws IOException {
        JavaFileObject task = changed(Map.of(
                7, "    enum Status { @Initial OPEN, @RenamedFrom(\"WATING\") ON_HOLD, @Terminal DONE }",
                10, "    @Transition(from = \"OPEN\", to = \"ON_HOLD\")",
                12, "    @Transition(from = {\"OPEN\", \"ON_HOLD\"}, to = \"DONE\")"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[RENAMED_FROM_UNKNOWN] @RenamedFrom(\"WATING\") on state ON_HOLD names no state of "
                + "the committed snapshot task.snapshot.json; did you mean WAITING?").inFile(task).onLine(7);
        assertNothingWritten();
    }

    @Test
    void aRenameFromANameStillDeclared() throws IOException {
        JavaFileObject task = changed(Map.of(9, "    @RenamedFrom(\"title\") @Nullable String notes();"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[RENAMED_FROM_DECLARED] @RenamedFrom(\"title\") on field notes names a field that is "
                + "still declared; a rename leaves the old name behind").inFile(task).onLine(9);
        assertNothingWritten();
    }

    @Test
    void aRemovalOfSomethingStillDeclared() throws IOException {
        JavaFileObject task = changed(Map.of(5, "@Workflow @RemovedField(\"notes\")"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[REMOVED_BUT_DECLARED] @RemovedField(\"notes\") removes a field that is still "
                + "declared; remove the annotation or the field").inFile(task).onLine(5);
        assertNothingWritten();
    }

    @Test
    void aRepeatedRemovalIsReportedOnTheOneAtFault() throws IOException {
        // Two @RemovedField make a container that javac adds; the error is still on the second, line 4.
        JavaFileObject task = changed(Map.of(2, "@RemovedField(\"title\")", 3, "", 4, "@RemovedField(\"notes\")",
                1, "package test; import dev.statewise.dsl.*;"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[REMOVED_BUT_DECLARED] @RemovedField(\"title\") removes a field that is "
                + "still declared; remove the annotation or the field").inFile(task).onLine(2);
        assertThat(compilation).hadErrorContaining("[REMOVED_BUT_DECLARED] @RemovedField(\"notes\") removes a field that is "
                + "still declared; remove the annotation or the field").inFile(task).onLine(4);
        assertNothingWritten();
    }

    @Test
    void rowsMovedToAnUnknownState() throws IOException {
        JavaFileObject task = changed(Map.of(
                5, "@Workflow @RemovedState(value = \"WAITING\", movedTo = \"OPN\")",
                7, "    enum Status { @Initial OPEN, @Terminal DONE }",
                10, "",
                11, "",
                12, "    @Transition(from = \"OPEN\", to = \"DONE\")"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[MOVED_TO_UNKNOWN] @RemovedState(movedTo = \"OPN\") names no declared state; "
                + "did you mean OPEN?").inFile(task).onLine(5);
        assertNothingWritten();
    }

    @Test
    void aNewRequiredFieldWithoutBackfill() throws IOException {
        JavaFileObject task = changed(Map.of(9, "    @Nullable String notes(); String owner();"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[NEEDS_BACKFILL] field owner becomes required in OPEN, WAITING, DONE, where rows "
                + "of the committed schema may have it NULL; give them a value with an SQL expression, e.g. "
                + "@Backfill(\"'unknown'\"), or keep the field optional there").inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
        assertNothingWritten();
    }

    @Test
    void rowsMovedIntoAStateThatAlreadyRequiresTheField() throws IOException {
        assertThat(compile(List.of(), changed(Map.of(
                9, "    @RequiredIn(\"DONE\") @Backfill(\"'none'\") String notes();",
                13, "    Task close(String notes);")))).succeeded();
        JavaFileObject task = changed(Map.of(
                5, "@Workflow @RemovedState(value = \"WAITING\", movedTo = \"DONE\")",
                7, "    enum Status { @Initial OPEN, @Terminal DONE }",
                9, "    @RequiredIn(\"DONE\") String notes();",
                10, "",
                11, "",
                12, "    @Transition(from = \"OPEN\", to = \"DONE\")",
                13, "    Task close(String notes);"));
        Map<String, String> before = files();

        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[NEEDS_BACKFILL] field notes is required in DONE already, but the"
                + " rows that @RemovedState moves there from WAITING may have it NULL; give them a value with an SQL"
                + " expression, e.g. @Backfill(\"'unknown'\"), or move those rows to a state where the field is"
                + " optional").inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aTypeChangeThatLosesValues() throws IOException {
        JavaFileObject task = changed(Map.of(8, "    int title();"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[TYPE_CHANGE_UNSAFE] field title changes from text to integer, which PostgreSQL "
                + "cannot convert without losing values").inFile(task).onLine(8);
        assertNothingWritten();
    }

    @Test
    void anEditedMigration() throws IOException {
        Path migration = folder.resolve("V1__create_task.sql");
        Files.writeString(migration, "-- tuned by hand\n" + Files.readString(migration));
        committedFiles = files();

        JavaFileObject task = changed(Map.of());
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[MIGRATION_EDITED] committed migration V1__create_task.sql of workflow Task was "
                + "changed after it was generated").inFile(task).onLine(6);
        assertNothingWritten();
    }

    @Test
    void aDeletedMigration() throws IOException {
        Files.delete(folder.resolve("V1__create_task.sql"));
        committedFiles = files();

        JavaFileObject task = changed(Map.of());
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[MIGRATION_DELETED] committed migration V1__create_task.sql of workflow Task is "
                + "missing from " + folder).inFile(task).onLine(6);
        assertNothingWritten();
    }

    @Test
    void aMissingSnapshot() throws IOException {
        Files.delete(folder.resolve("task.snapshot.json"));
        committedFiles = files();

        JavaFileObject task = changed(Map.of(9, "    @Nullable String comments();",
                5, "@Workflow @RemovedField(\"notes\")"));
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[SNAPSHOT_MISSING] workflow Task has the committed migration V1__create_task.sql "
                + "but no snapshot task.snapshot.json beside it").inFile(task).onLine(6);
        assertNothingWritten();
    }

    @Test
    void anUnreadableSnapshot() throws IOException {
        Files.writeString(folder.resolve("task.snapshot.json"), "{ \"format\": 1, ");
        committedFiles = files();

        JavaFileObject task = changed(Map.of());
        Compilation compilation = compile(List.of(), task);

        assertThat(compilation).hadErrorContaining("[SNAPSHOT_UNREADABLE] the snapshot task.snapshot.json of workflow Task cannot be read")
                .inFile(task).onLine(6);
        assertNothingWritten();
    }

    @Test
    void verifyModeRefusesAChangeWithoutItsMigration() throws IOException {
        JavaFileObject task = changed(Map.of(9, "    @Nullable String notes(); @Nullable String owner();"));
        Compilation compilation = compile(List.of("-Astatewise.verify=true"), task);

        assertThat(compilation).hadErrorContaining("[MIGRATION_NEEDED] workflow Task differs from its committed snapshot "
                + "task.snapshot.json (add field owner) and -Astatewise.verify=true forbids writing migrations; "
                + "compile without it and commit the new migration").inFile(task).onLine(6);
        assertNothingWritten();
    }

    @Test
    void verifyModeAcceptsTheCommittedDeclaration() throws IOException {
        JavaFileObject task = changed(Map.of());
        Compilation compilation = compile(List.of("-Astatewise.verify=true"), task);

        assertThat(compilation).succeededWithoutWarnings();
        assertNothingWritten();
    }
}
