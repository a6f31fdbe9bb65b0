package dev.statewise.processor.jooq;

import static com.google.common.truth.Truth.assertThat;

import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Compiled;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** jOOQ's classes for the derived schema, generated in the same compile and typed with the user's types. */
class JooqClassesTest {

    private static String source(Compiled compiled, String className) {
        return compiled.text(StandardLocation.SOURCE_OUTPUT, className.replace('.', '/') + ".java");
    }

    @Test
    void generatesTheTablesKeysAndRecordsOfEveryWorkflowTable() {
        Compiled compiled = Compilations.compile("workflows/Task.java").assertSucceededWithoutWarnings();

        for (String className : List.of("workflows.jooq.Tables", "workflows.jooq.Keys",
                "workflows.jooq.tables.Task", "workflows.jooq.tables.TaskTransition",
                "workflows.jooq.tables.TaskHistory", "workflows.jooq.tables.records.TaskRecord")) {
            assertThat(source(compiled, className)).isNotEmpty();
        }
        String task = source(compiled, "workflows.jooq.tables.Task");
        assertThat(task).contains("import workflows.Task.Status;");
        assertThat(task).contains("TableField<TaskRecord, Status> STATUS");
        assertThat(task).contains("Internal.createCheck(this, DSL.name(\"task_in_progress_check\")");
        String keys = source(compiled, "workflows.jooq.Keys");
        assertThat(keys).contains("DSL.name(\"task_pkey\")");
        assertThat(keys).contains("DSL.name(\"task_history_pkey\")");
        assertThat(keys).doesNotContain("ForeignKey");
    }

    @Test
    void typesEnumAndInstantFieldsWithTheDeclaredJavaTypes() {
        Compiled compiled = Compilations.compile("workflows/Article.java").assertSucceededWithoutWarnings();

        String article = source(compiled, "workflows.jooq.tables.Article");
        assertThat(article).contains("TableField<ArticleRecord, Category> CATEGORY");
        assertThat(article).contains("TableField<ArticleRecord, Instant> PUBLISHED_AT");
        assertThat(article).contains("TableField<ArticleRecord, Stage> STAGE");
    }

    @Test
    void theLeanOptionLeavesOutImplicitJoinPaths() {
        // A @References field's foreign key is the only one a path follows: the history has none (decision 0018).
        Compiled full = Compilations.compile("workflows/Delivery.java", "workflows/Purchase.java");
        Compiled lean = Compilations.compile(List.of("-Astatewise.jooq.lean=true"), "workflows/Delivery.java",
                        "workflows/Purchase.java")
                .assertSucceededWithoutWarnings();

        assertThat(source(full, "workflows.jooq.tables.Delivery")).contains("public PurchasePath ");
        assertThat(source(lean, "workflows.jooq.tables.Delivery")).doesNotContain("PurchasePath");
    }

    @Test
    void thePackageOptionNamesThePackage() {
        Compiled compiled = Compilations.compile(List.of("-Astatewise.jooq.package=com.example.db"),
                "workflows/Task.java").assertSucceededWithoutWarnings();

        assertThat(source(compiled, "com.example.db.Tables")).contains("package com.example.db;");
    }

    /** The processor refuses a workflow whose jOOQ classes a user's type would clash with, by these names. */
    @Test
    void namingKnowsEveryClassJooqGenerates() {
        for (List<String> options : List.of(List.<String>of(), List.of("-Astatewise.jooq.lean=true"))) {
            Compiled compiled = Compilations.compile(options, "workflows/Purchase.java", "workflows/Delivery.java",
                    "workflows/Note.java").assertSucceededWithoutWarnings();

            Set<String> named = new TreeSet<>();
            Naming.JOOQ_PACKAGE_CLASSES.forEach(c -> named.add("workflows.jooq." + c));
            for (Workflow workflow : compiled.workflows()) {
                for (String table : Naming.tables(workflow)) {
                    named.add(Naming.jooqTableClass("workflows.jooq", table));
                    named.add(Naming.jooqRecordClass("workflows.jooq", table));
                }
            }
            Set<String> generated = new TreeSet<>();
            for (var file : compiled.compilation().generatedSourceFiles()) {
                String path = file.toUri().getPath();
                String className = path.substring(path.indexOf("/workflows/") + 1, path.length() - ".java".length())
                        .replace('/', '.');
                if (className.startsWith("workflows.jooq.")) {
                    generated.add(className);
                }
            }
            assertThat(generated).isEqualTo(named);
        }
    }

    @Test
    void namesThatTripGeneratorsStillCompile() {
        // A column named like its table becomes NOTE_ in jOOQ's classes; LEVEL and PRIOR are Oracle
        // pseudo-columns to jOOQ's parser; a field named current must not clash with the repository's.
        Compiled compiled = Compilations.compile("workflows/Note.java").assertSucceededWithoutWarnings();

        assertThat(source(compiled, "workflows.jooq.tables.Note")).contains("TableField<NoteRecord, String> NOTE_");
        assertThat(source(compiled, "workflows.NoteRepository")).contains("NoteValue current_");
    }
}
