package dev.statewise.processor.sql;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.schema.Grants;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What one workflow's declaration and the files committed for it call for: the evolution policy
 * of decision 0009, apart from the files themselves. Committed migrations are checked against the
 * checksums in the snapshot and never rewritten; a changed declaration gets the next migration
 * (and one that validates its constraints), numbered after the folder's highest version, with the
 * new snapshot; in verify mode it gets an error instead. It reads through
 * {@link CommittedMigrations} and writes nothing: the processor writes {@link #files()}.
 *
 * <pre>{@code
 * Evolution evolution = Evolution.of(workflow, grants, verify, folder, lastVersion);
 * evolution.problems().forEach(reporter::report);
 * for (var file : evolution.files().entrySet()) {   // when evolution.snapshot() is present
 *     folder.write(file.getKey(), file.getValue());
 * }
 * }</pre>
 *
 * @param files the files to write into the folder, by name, in order: new migrations, then the
 *     snapshot; empty when nothing changed or a problem stops the workflow
 * @param snapshot what the workflow's migrations build once the files are written, its migrations
 *     oldest first; empty when a problem stops the workflow
 * @param problems what stops the workflow, or is worth a warning
 * @param lastVersion the highest migration version this compile has numbered: the one given, or
 *     that of the last new migration in {@link #files()}
 */
public record Evolution(Map<String, String> files, Optional<Snapshot> snapshot, List<Problem> problems,
        int lastVersion) {

    public Evolution {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        problems = List.copyOf(problems);
    }

    /**
     * Applies the policy.
     *
     * @param grants the roles the migrations grant privileges to
     * @param verify whether a workflow that needs a migration is an error instead of getting one
     * @param committed the folder's files, written by earlier workflows of this compile included
     * @param lastVersion the highest version this compile has numbered so far, 0 before the first
     * @throws IOException when a committed file cannot be read
     */
    public static Evolution of(Workflow workflow, Grants grants, boolean verify, CommittedMigrations committed,
            int lastVersion) throws IOException {
        return new Step(workflow, grants, verify, committed, lastVersion).evolve();
    }

    /**
     * Problems for references whose target's table no earlier migration creates.
     *
     * @param created whether a migration before this workflow's creates the table
     * @param where where those migrations are, for the message
     */
    public static List<Problem> missingTargets(Workflow workflow, Predicate<String> created, String where) {
        List<Problem> problems = new ArrayList<>();
        for (Field field : workflow.fields()) {
            if (field.reference().isEmpty() || created.test(field.reference().get().table())) {
                continue;
            }
            Field.Reference reference = field.reference().get();
            problems.add(Problem.of(Message.REFERENCE_TARGET_MISSING,
                    Location.of(workflow.qualifiedName(), Location.Kind.FIELD, field.name()).at("References", "value"),
                    field.name(), workflow.simpleName(), reference.simpleName(), reference.table(), where,
                    reference.simpleName()));
        }
        return problems;
    }

    /** One application of the policy, collecting the files and numbering the new migrations. */
    private static final class Step {

        private final Workflow workflow;
        private final Grants grants;
        private final boolean verify;
        private final CommittedMigrations committed;
        private final Location here;
        private final String snapshotFile;
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private int lastVersion;

        Step(Workflow workflow, Grants grants, boolean verify, CommittedMigrations committed, int lastVersion) {
            this.workflow = workflow;
            this.grants = grants;
            this.verify = verify;
            this.committed = committed;
            this.lastVersion = lastVersion;
            this.here = Location.of(workflow.qualifiedName());
            this.snapshotFile = MigrationFolder.snapshotFileName(workflow.table());
        }

        /** Compares the workflow with its committed snapshot, if it has one. */
        Evolution evolve() throws IOException {
            Optional<String> text = committed.readIfExists(snapshotFile);
            if (text.isEmpty()) {
                return first();
            }
            Snapshot old;
            try {
                old = Snapshot.parse(text.get());
            } catch (IllegalArgumentException e) {
                return stopped(Problem.of(Message.SNAPSHOT_UNREADABLE, here, snapshotFile, workflow.simpleName(),
                        e.getMessage()));
            }
            for (Snapshot.Migration migration : old.migrations()) {
                Optional<String> migrationText = committed.readIfExists(migration.file());
                if (migrationText.isEmpty()) {
                    problems.add(Problem.of(Message.MIGRATION_DELETED, here, migration.file(), workflow.simpleName(),
                            committed.path()));
                } else if (!Snapshot.sha256(migrationText.get()).equals(migration.sha256())) {
                    problems.add(Problem.of(Message.MIGRATION_EDITED, here, migration.file(), workflow.simpleName()));
                }
            }
            if (!problems.isEmpty()) {
                return stopped();
            }
            NextMigration.Result next = NextMigration.plan(old, workflow, grants, snapshotFile);
            problems.addAll(next.problems());
            if (next.plan().isEmpty()) {
                return problems.isEmpty() ? done(old) : stopped();
            }
            NextMigration.Plan plan = next.plan().get();
            if (verify) {
                return stopped(Problem.of(Message.MIGRATION_NEEDED, here, workflow.simpleName(), snapshotFile,
                        plan.words()));
            }
            problems.addAll(missingTargets());
            if (!problems.isEmpty()) {
                return stopped();
            }
            Snapshot snapshot = plan.snapshot().with(migration(plan.description(workflow.table()), plan.migration()));
            if (!plan.validation().isEmpty()) {
                snapshot = snapshot.with(migration(workflow.table() + "_validate_constraints", plan.validation()));
            }
            files.put(snapshotFile, snapshot.toJson());
            return done(snapshot);
        }

        /** The workflow's first migration, or the snapshot of one committed before snapshots existed. */
        private Evolution first() throws IOException {
            String sql = CreateWorkflowSql.of(workflow, grants);
            Optional<String> create = committed.createMigration(workflow.table());
            Snapshot.Migration migration;
            if (create.isPresent()) {
                if (!committed.readIfExists(create.get()).orElse("").equals(sql)) {
                    return stopped(Problem.of(Message.SNAPSHOT_MISSING, here, workflow.simpleName(), create.get(),
                            snapshotFile));
                }
                migration = new Snapshot.Migration(create.get(), Snapshot.sha256(sql));
            } else if (verify) {
                return stopped(Problem.of(Message.MIGRATION_NEEDED, here, workflow.simpleName(), snapshotFile,
                        "a new workflow, not created yet"));
            } else {
                problems.addAll(missingTargets());
                if (!problems.isEmpty()) {
                    return stopped();
                }
                migration = migration("create_" + workflow.table(), sql);
            }
            Snapshot snapshot = Snapshot.of(workflow, grants, List.of(migration));
            files.put(snapshotFile, snapshot.toJson());
            return done(snapshot);
        }

        /** A new migration with the next version, after the folder's highest and this compile's. */
        private Snapshot.Migration migration(String description, String sql) {
            lastVersion = Math.max(lastVersion, committed.highestVersion()) + 1;
            String fileName = MigrationFolder.fileName(lastVersion, description);
            files.put(fileName, sql);
            return new Snapshot.Migration(fileName, Snapshot.sha256(sql));
        }

        /** References whose target's snapshot is not in the folder, so no migration creates its table. */
        private List<Problem> missingTargets() throws IOException {
            List<String> created = new ArrayList<>();
            for (Field field : workflow.fields()) {
                String table = field.reference().map(Field.Reference::table).orElse(null);
                if (table != null && committed.readIfExists(MigrationFolder.snapshotFileName(table)).isPresent()) {
                    created.add(table);
                }
            }
            return Evolution.missingTargets(workflow, created::contains, "folder " + committed.path());
        }

        private Evolution done(Snapshot snapshot) {
            return new Evolution(files, Optional.of(snapshot), problems, lastVersion);
        }

        private Evolution stopped(Problem... more) {
            problems.addAll(List.of(more));
            return new Evolution(Map.of(), Optional.empty(), problems, lastVersion);
        }
    }
}
