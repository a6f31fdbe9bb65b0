package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;

import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.State;
import dev.statewise.processor.model.Transition;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.schema.Grants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evolution policy on its own, without javac: a workflow model built by hand, a folder of
 * committed files, and what {@link Evolution} says to write or refuse.
 */
class EvolutionPolicyTest {

    private static final Field TITLE = field("title", Field.Presence.ALWAYS, FieldType.Kind.STRING, "java.lang.String");
    private static final Field AMOUNT =
            field("amount", Field.Presence.OPTIONAL, FieldType.Kind.DECIMAL, "java.math.BigDecimal");
    private static final Workflow MEMO = memo(TITLE);
    private static final Workflow MEMO_WITH_AMOUNT = memo(TITLE, AMOUNT);

    @TempDir
    Path folder;

    @Test
    void aNewWorkflowGetsItsCreateMigrationAndSnapshot() throws IOException {
        Evolution evolution = evolve(MEMO, false, 0);

        String sql = CreateWorkflowSql.of(MEMO, Grants.NONE);
        assertThat(evolution.problems()).isEmpty();
        assertThat(List.copyOf(evolution.files().keySet()))
                .containsExactly("V1__create_memo.sql", "memo.snapshot.json").inOrder();
        assertThat(evolution.files().get("V1__create_memo.sql")).isEqualTo(sql);
        Snapshot snapshot = evolution.snapshot().orElseThrow();
        assertThat(snapshot.migrations())
                .containsExactly(new Snapshot.Migration("V1__create_memo.sql", Snapshot.sha256(sql)));
        assertThat(evolution.files().get("memo.snapshot.json")).isEqualTo(snapshot.toJson());
        assertThat(evolution.lastVersion()).isEqualTo(1);
    }

    /** A snapshot edited by hand into something no Statewise writes is unreadable, not an internal error. */
    @Test
    void aSnapshotWithATypeOrCommentNoStatewiseWritesIsUnreadable() throws IOException {
        commit(evolve(MEMO, false, 0));
        Path snapshot = folder.resolve("memo.snapshot.json");
        String committed = Files.readString(snapshot);
        for (String edited : List.of(committed.replace("\"type\": \"text\"", "\"type\": \"text[]\""),
                committed.replace("\"COLUMN memo.version\"", "\"COLUMN memo\""))) {
            assertThat(edited).isNotEqualTo(committed);
            Files.writeString(snapshot, edited);

            Evolution evolution = evolve(MEMO, false, 0);

            assertThat(messages(evolution)).containsExactly(Message.SNAPSHOT_UNREADABLE);
        }
    }

    @Test
    void anUnchangedWorkflowWritesNothing() throws IOException {
        commit(evolve(MEMO, false, 0));

        Evolution evolution = evolve(MEMO, false, 0);

        assertThat(evolution.problems()).isEmpty();
        assertThat(evolution.files()).isEmpty();
        assertThat(evolution.snapshot().orElseThrow().migrations()).hasSize(1);
        assertThat(evolution.lastVersion()).isEqualTo(0);
    }

    @Test
    void aChangedWorkflowGetsTheNextMigrationItsValidationAndANewSnapshot() throws IOException {
        commit(evolve(MEMO, false, 0));

        Evolution evolution = evolve(MEMO_WITH_AMOUNT, false, 0);

        assertThat(evolution.problems()).isEmpty();
        List<String> names = List.copyOf(evolution.files().keySet());
        assertThat(names).hasSize(3);
        assertThat(names.get(0)).startsWith("V2__memo_");
        assertThat(names.get(1)).isEqualTo("V3__memo_validate_constraints.sql");
        assertThat(names.get(2)).isEqualTo("memo.snapshot.json");
        assertThat(evolution.files().get(names.get(1))).contains("VALIDATE CONSTRAINT");
        Snapshot snapshot = evolution.snapshot().orElseThrow();
        assertThat(snapshot.migrations().stream().map(Snapshot.Migration::file).toList())
                .containsExactly("V1__create_memo.sql", names.get(0), names.get(1)).inOrder();
        assertThat(evolution.files().get("memo.snapshot.json")).isEqualTo(snapshot.toJson());
        assertThat(evolution.lastVersion()).isEqualTo(3);
    }

    @Test
    void verifyModeRefusesAChangeInsteadOfWritingIt() throws IOException {
        commit(evolve(MEMO, false, 0));

        Evolution evolution = evolve(MEMO_WITH_AMOUNT, true, 0);

        assertThat(messages(evolution)).containsExactly(Message.MIGRATION_NEEDED);
        assertThat(evolution.problems().get(0).text()).contains("workflow Memo differs from its committed snapshot"
                + " memo.snapshot.json");
        assertThat(evolution.files()).isEmpty();
        assertThat(evolution.snapshot()).isEmpty();
    }

    @Test
    void verifyModeRefusesANewWorkflow() throws IOException {
        Evolution evolution = evolve(MEMO, true, 0);

        assertThat(messages(evolution)).containsExactly(Message.MIGRATION_NEEDED);
        assertThat(evolution.problems().get(0).text()).contains("a new workflow, not created yet");
        assertThat(evolution.files()).isEmpty();
    }

    @Test
    void verifyModePassesAnUnchangedWorkflow() throws IOException {
        commit(evolve(MEMO, false, 0));

        Evolution evolution = evolve(MEMO, true, 0);

        assertThat(evolution.problems()).isEmpty();
        assertThat(evolution.snapshot()).isPresent();
    }

    @Test
    void anEditedMigrationStopsTheWorkflow() throws IOException {
        commit(evolve(MEMO, false, 0));
        Files.writeString(folder.resolve("V1__create_memo.sql"), "-- edited\n", StandardOpenOption.APPEND);

        Evolution evolution = evolve(MEMO_WITH_AMOUNT, false, 0);

        assertThat(messages(evolution)).containsExactly(Message.MIGRATION_EDITED);
        assertThat(evolution.problems().get(0).text()).contains("committed migration V1__create_memo.sql of"
                + " workflow Memo was changed");
        assertThat(evolution.files()).isEmpty();
        assertThat(evolution.snapshot()).isEmpty();
    }

    @Test
    void aDeletedMigrationStopsTheWorkflow() throws IOException {
        commit(evolve(MEMO, false, 0));
        Files.delete(folder.resolve("V1__create_memo.sql"));

        Evolution evolution = evolve(MEMO, false, 0);

        assertThat(messages(evolution)).containsExactly(Message.MIGRATION_DELETED);
        assertThat(evolution.problems().get(0).text()).contains("committed migration V1__create_memo.sql of"
                + " workflow Memo is missing from " + folder);
        assertThat(evolution.snapshot()).isEmpty();
    }

    @Test
    void anUnreadableSnapshotStopsTheWorkflow() throws IOException {
        Files.writeString(folder.resolve("memo.snapshot.json"), "{\"format\": 99}");

        Evolution evolution = evolve(MEMO, false, 0);

        assertThat(messages(evolution)).containsExactly(Message.SNAPSHOT_UNREADABLE);
        // A snapshot of a format this version does not know is refused by its format, before its fields are read.
        assertThat(evolution.problems().get(0).text()).startsWith("[SNAPSHOT_UNREADABLE] the snapshot"
                + " memo.snapshot.json of workflow Memo cannot be read (not a Statewise snapshot of format 1 to 4)");
        assertThat(evolution.files()).isEmpty();
        assertThat(evolution.snapshot()).isEmpty();
    }

    @Test
    void aCreateMigrationCommittedWithoutSnapshotThatMatchesGetsItsSnapshot() throws IOException {
        String sql = CreateWorkflowSql.of(MEMO, Grants.NONE);
        Files.writeString(folder.resolve("V3__create_memo.sql"), sql);

        Evolution evolution = evolve(MEMO, false, 0);

        assertThat(evolution.problems()).isEmpty();
        assertThat(List.copyOf(evolution.files().keySet())).containsExactly("memo.snapshot.json");
        assertThat(evolution.snapshot().orElseThrow().migrations())
                .containsExactly(new Snapshot.Migration("V3__create_memo.sql", Snapshot.sha256(sql)));
        assertThat(evolution.lastVersion()).isEqualTo(0);
    }

    @Test
    void aCreateMigrationCommittedWithoutSnapshotThatDiffersStopsTheWorkflow() throws IOException {
        Files.writeString(folder.resolve("V3__create_memo.sql"), CreateWorkflowSql.of(MEMO, Grants.NONE));

        Evolution evolution = evolve(MEMO_WITH_AMOUNT, false, 0);

        assertThat(messages(evolution)).containsExactly(Message.SNAPSHOT_MISSING);
        assertThat(evolution.problems().get(0).text()).contains("workflow Memo has the committed migration"
                + " V3__create_memo.sql but no snapshot memo.snapshot.json beside it");
        assertThat(evolution.files()).isEmpty();
    }

    @Test
    void newMigrationsAreNumberedAfterTheFoldersHighestVersion() throws IOException {
        Files.writeString(folder.resolve("V7__seed_reference_data.sql"), "SELECT 1;\n");

        assertThat(evolve(MEMO, false, 0).files()).containsKey("V8__create_memo.sql");
    }

    @Test
    void newMigrationsAreNumberedAfterThoseThisCompileNumbered() throws IOException {
        Files.writeString(folder.resolve("V7__seed_reference_data.sql"), "SELECT 1;\n");

        Evolution evolution = evolve(MEMO, false, 11);

        assertThat(evolution.files()).containsKey("V12__create_memo.sql");
        assertThat(evolution.lastVersion()).isEqualTo(12);
    }

    @Test
    void aChangeIsNumberedAfterAMigrationCommittedSinceTheSnapshot() throws IOException {
        commit(evolve(MEMO, false, 0));
        Files.writeString(folder.resolve("V5__seed_reference_data.sql"), "SELECT 1;\n");

        Evolution evolution = evolve(MEMO_WITH_AMOUNT, false, 0);

        assertThat(List.copyOf(evolution.files().keySet()).get(0)).startsWith("V6__memo_");
        assertThat(evolution.files()).containsKey("V7__memo_validate_constraints.sql");
    }

    @Test
    void aReferenceToATableNoCommittedSnapshotCreatesStopsTheWorkflow() throws IOException {
        Field owner = new Field("ownerId", "owner_id", FieldType.of(FieldType.Kind.LONG, "long"), Field.Presence.ALWAYS,
                List.of(), List.of(), ColumnSize.DEFAULT, "", "", "",
                Optional.of(new Field.Reference("test.Owner", "owner")), Optional.empty());

        Evolution evolution = evolve(memo(TITLE, owner), false, 0);

        assertThat(messages(evolution)).containsExactly(Message.REFERENCE_TARGET_MISSING);
        assertThat(evolution.problems().get(0).text()).contains("(folder " + folder + ")");
        assertThat(evolution.files()).isEmpty();
    }

    private Evolution evolve(Workflow workflow, boolean verify, int lastVersion) throws IOException {
        return Evolution.of(workflow, Grants.NONE, verify, new MigrationFolder(folder), lastVersion);
    }

    /** Writes the files as the processor does, as if they had been committed. */
    private void commit(Evolution evolution) throws IOException {
        assertThat(evolution.problems()).isEmpty();
        for (Map.Entry<String, String> file : evolution.files().entrySet()) {
            new MigrationFolder(folder).write(file.getKey(), file.getValue());
        }
    }

    private static List<Message> messages(Evolution evolution) {
        List<Message> messages = new ArrayList<>();
        for (Problem problem : evolution.problems()) {
            messages.add(problem.message());
        }
        return messages;
    }

    private static Workflow memo(Field... fields) {
        return new Workflow("test.Memo", "memo", "Status", "status",
                List.of(new State("DRAFT", true, false, "", ""), new State("SENT", false, true, "", "")),
                List.of(fields),
                List.of(new Transition("send", List.of("DRAFT"), "SENT", List.of(), "")),
                List.of(), "", List.of(), List.of(), List.of());
    }

    private static Field field(String name, Field.Presence presence, FieldType.Kind kind, String javaName) {
        return new Field(name, name, FieldType.of(kind, javaName), presence, List.of(), List.of(), ColumnSize.DEFAULT,
                "", "", "", Optional.empty(), Optional.empty());
    }
}
