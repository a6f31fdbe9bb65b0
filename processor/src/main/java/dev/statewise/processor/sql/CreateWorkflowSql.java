package dev.statewise.processor.sql;

import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.schema.Grants;
import dev.statewise.processor.schema.Sql.Dialect;
import dev.statewise.processor.schema.WorkflowSchema;
import dev.statewise.processor.schema.WorkflowSchema.Comment;
import dev.statewise.processor.schema.WorkflowSchema.Index;
import dev.statewise.processor.schema.WorkflowSchema.OnConstraint;
import dev.statewise.processor.schema.WorkflowSchema.Privileges;
import dev.statewise.processor.schema.WorkflowSchema.RowSecurity;
import dev.statewise.processor.schema.WorkflowSchema.Rows;
import dev.statewise.processor.schema.WorkflowSchema.SchemaObject;
import dev.statewise.processor.schema.WorkflowSchema.Table;
import dev.statewise.processor.schema.WorkflowSchema.Trigger;
import dev.statewise.processor.schema.WorkflowSchema.TriggerFunction;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The first migration of a workflow, which creates its whole schema, and the part of it that
 * jOOQ's code generator reads. PostgreSQL 14 or later.
 */
public final class CreateWorkflowSql {

    private CreateWorkflowSql() {}

    /** The migration that creates the workflow's schema, granting nothing. */
    public static String of(Workflow workflow) {
        return of(workflow, Grants.NONE);
    }

    /** The migration that creates the workflow's schema and grants the roles their privileges. */
    public static String of(Workflow workflow, Grants grants) {
        WorkflowSchema schema = WorkflowSchema.of(workflow, grants);
        StringBuilder sql = new StringBuilder();
        sql.append("-- Statewise: the schema of workflow ").append(workflow.qualifiedName()).append(".\n");
        sql.append("-- Generated from its declaration. Commit this file and never edit it: Flyway checks\n");
        sql.append("-- its checksum, and a change to the workflow is written as the next migration.\n\n");
        if (!schema.table().foreignKeys().isEmpty()) {
            // A foreign key locks the table it references, which others use: wait for it no longer.
            sql.append(MigrationSql.LOCK_TIMEOUT).append("\n\n");
        }
        return sql.append(write(schema, schema.objects(), Dialect.POSTGRES, table -> true)).toString();
    }

    /**
     * The same tables, keys, checks, indexes and column comments, without the rows, functions and
     * triggers: what jOOQ's code generator needs, in the subset its DDL interpreter understands.
     *
     * @param tablesBeside the tables jOOQ generates classes for together with this one: foreign
     *     keys to others are left out, since the interpreter cannot resolve them
     */
    public static String relations(Workflow workflow, Set<String> tablesBeside) {
        WorkflowSchema schema = WorkflowSchema.of(workflow, Grants.NONE);
        List<SchemaObject> objects = schema.objects().stream()
                .filter(o -> o instanceof Table || o instanceof Index
                        || o instanceof Comment c && !(c.on() instanceof OnConstraint))
                .toList();
        return write(schema, objects, Dialect.JOOQ, tablesBeside::contains);
    }

    /**
     * The objects' statements in order, for the reader the dialect names.
     *
     * @param foreignKeys the referenced tables whose foreign keys are declared
     */
    private static String write(WorkflowSchema schema, List<SchemaObject> objects, Dialect dialect,
            Predicate<String> foreignKeys) {
        StringBuilder sql = new StringBuilder();
        boolean functionsNoted = false;
        for (int i = 0; i < objects.size(); i++) {
            SchemaObject object = objects.get(i);
            if (object instanceof Table table) {
                sql.append(SchemaSql.table(table, dialect, table != schema.edges(), foreignKeys));
            } else if (object instanceof Comment comment) {
                sql.append(SchemaSql.comment(comment, dialect)).append('\n');
            } else if (object instanceof Index index) {
                sql.append(SchemaSql.index(index, dialect)).append('\n');
            } else if (object instanceof Rows rows) {
                sql.append(SchemaSql.rows(rows));
            } else if (object instanceof TriggerFunction function) {
                if (!functionsNoted) {
                    sql.append(SchemaSql.commentLines(SchemaSql.FUNCTIONS_NOTE));
                    functionsNoted = true;
                }
                sql.append(SchemaSql.createFunction(function, false))
                        .append(SchemaSql.revokeExecute(List.of(function.name()))).append('\n');
            } else if (object instanceof Trigger trigger) {
                sql.append(SchemaSql.trigger(trigger));
            } else if (object instanceof RowSecurity security) {
                sql.append(SchemaSql.rowSecurity(security)).append('\n');
            } else if (object instanceof Privileges privileges) {
                sql.append(SchemaSql.commentLines(SchemaSql.GRANTS_NOTE)).append(SchemaSql.grant(privileges));
            }
            if (endsGroup(objects, i)) {
                sql.append('\n');
            }
        }
        return sql.toString();
    }

    /** Whether a blank line follows the object: comments and indexes come in runs, the others alone. */
    private static boolean endsGroup(List<SchemaObject> objects, int i) {
        SchemaObject object = objects.get(i);
        boolean run = object instanceof Comment || object instanceof Index;
        return !run || i + 1 == objects.size() || objects.get(i + 1).getClass() != object.getClass();
    }
}
