package dev.statewise.processor.jooq;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Check;
import org.jooq.DSLContext;
import org.jooq.ForeignKey;
import org.jooq.Index;
import org.jooq.Meta;
import org.jooq.SQLDialect;
import org.jooq.Schema;
import org.jooq.SortField;
import org.jooq.Source;
import org.jooq.Table;
import org.jooq.UniqueKey;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.meta.AbstractIndexDefinition;
import org.jooq.meta.AbstractMetaDatabase;
import org.jooq.meta.DefaultCheckConstraintDefinition;
import org.jooq.meta.DefaultIndexColumnDefinition;
import org.jooq.meta.DefaultRelations;
import org.jooq.meta.IndexColumnDefinition;
import org.jooq.meta.IndexDefinition;
import org.jooq.meta.SchemaDefinition;
import org.jooq.meta.TableDefinition;

/**
 * The schema Statewise derived, as jOOQ's code generator sees a database: built by jOOQ's own DDL
 * interpreter from the generated DDL, with no database and no H2. It keeps the constraint names the
 * DDL gives, where jOOQ's {@link AbstractMetaDatabase} would invent {@code PK_<table>} and drop the
 * checks, so that the classes match what jOOQ generates against a real PostgreSQL.
 *
 * <p>This leans on jooq-meta's extension points, which is why the jOOQ version is pinned and a test
 * compares the output with jOOQ's {@code PostgresDatabase} on a real server.
 */
public final class StatewiseDatabase extends AbstractMetaDatabase {

    /** The property of the code generator's database configuration that holds the DDL. */
    public static final String DDL = "statewise.ddl";

    private Meta meta;

    public StatewiseDatabase() {
        // The dialect decides jOOQ's naming of keys, among others: it is PostgreSQL's.
        setDialect(SQLDialect.POSTGRES);
    }

    @Override
    protected Meta getMeta0() {
        if (meta == null) {
            // PostgreSQL functions jOOQ's parser does not know, such as isfinite() in a CHECK, are
            // kept as written rather than refused.
            Settings settings = new Settings().withParseUnknownFunctions(ParseUnknownFunctions.IGNORE);
            meta = DSL.using(SQLDialect.POSTGRES, settings).meta(Source.of(getProperties().getProperty(DDL)));
        }
        return meta;
    }

    private interface TableVisitor {
        void visit(SchemaDefinition schema, TableDefinition definition, Table<?> table);
    }

    private void forEachTable(TableVisitor visitor) {
        for (Schema schema : getMeta0().getSchemas()) {
            SchemaDefinition schemaDefinition = getSchema(schema.getName());
            if (schemaDefinition == null) {
                continue;
            }
            for (Table<?> table : schema.getTables()) {
                TableDefinition definition = getTable(schemaDefinition, table.getName());
                if (definition != null) {
                    visitor.visit(schemaDefinition, definition, table);
                }
            }
        }
    }

    @Override
    protected void loadPrimaryKeys(DefaultRelations relations) {
        forEachTable((schema, definition, table) -> {
            UniqueKey<?> key = table.getPrimaryKey();
            if (key != null) {
                key.getFields().forEach(field ->
                        relations.addPrimaryKey(key.getName(), definition, definition.getColumn(field.getName())));
            }
        });
    }

    @Override
    protected void loadUniqueKeys(DefaultRelations relations) {
        forEachTable((schema, definition, table) -> {
            for (UniqueKey<?> key : table.getUniqueKeys()) {
                key.getFields().forEach(field ->
                        relations.addUniqueKey(key.getName(), definition, definition.getColumn(field.getName())));
            }
        });
    }

    @Override
    protected void loadForeignKeys(DefaultRelations relations) {
        forEachTable((schema, definition, table) -> {
            for (ForeignKey<?, ?> key : table.getReferences()) {
                TableDefinition referenced = getTable(schema, key.getKey().getTable().getName());
                if (referenced == null) {
                    continue;
                }
                key.getFields().forEach(field -> relations.addForeignKey(key.getName(), definition,
                        definition.getColumn(field.getName()), key.getKey().getName(), referenced));
            }
        });
    }

    @Override
    protected List<IndexDefinition> getIndexes0() {
        List<IndexDefinition> indexes = new ArrayList<>();
        forEachTable((schema, definition, table) -> {
            for (Index index : table.getIndexes()) {
                indexes.add(new AbstractIndexDefinition(schema, index.getName(), definition, index.getUnique()) {
                    @Override
                    protected List<IndexColumnDefinition> getIndexColumns0() {
                        List<IndexColumnDefinition> columns = new ArrayList<>();
                        List<SortField<?>> fields = index.getFields();
                        for (int i = 0; i < fields.size(); i++) {
                            SortField<?> field = fields.get(i);
                            columns.add(new DefaultIndexColumnDefinition(this,
                                    definition.getColumn(field.getName()), field.getOrder(), i + 1));
                        }
                        return columns;
                    }
                });
            }
        });
        return indexes;
    }

    @Override
    protected void loadCheckConstraints(DefaultRelations relations) {
        DSLContext postgres = DSL.using(SQLDialect.POSTGRES);
        forEachTable((schema, definition, table) -> {
            for (Check<?> check : table.getChecks()) {
                String clause = postgres.renderInlined(check.condition());
                relations.addCheckConstraint(definition,
                        new DefaultCheckConstraintDefinition(schema, definition, check.getName(), clause));
            }
        });
    }
}
