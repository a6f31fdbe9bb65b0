package dev.statewise.test;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Makes the {@code DSLContext} of a test schema. The only class that names jOOQ, an optional
 * dependency: the JVM loads it only when a test asks for a {@code DSLContext}.
 */
final class JooqContexts {

    static final String DSL_CONTEXT_CLASS = "org.jooq.DSLContext";

    private JooqContexts() {}

    /**
     * A context for PostgreSQL over one of a test schema's data sources. Table names are rendered without a
     * schema, so classes that jOOQ generated against another schema (often {@code public}) still
     * reach the test's own tables through the {@code search_path}.
     */
    static DSLContext of(DataSource schemaDataSource) {
        return DSL.using(schemaDataSource, SQLDialect.POSTGRES,
                new Settings().withRenderSchema(false));
    }
}
