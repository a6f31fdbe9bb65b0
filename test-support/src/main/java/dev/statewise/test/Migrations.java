package dev.statewise.test;

import org.flywaydb.core.Flyway;

/**
 * Applies a test class's Flyway migrations to its schema. The only class that names Flyway, an
 * optional dependency: the JVM loads it only for a class that asks for migrations.
 */
final class Migrations {

    static final String FLYWAY_CLASS = "org.flywaydb.core.Flyway";

    private Migrations() {}

    /**
     * Migrates the schema, and only it, as its owner role: what the migrations create is owned by
     * that role, no superuser, as it is where a careful team deploys. Flyway's history table goes
     * there too, and its session's {@code search_path} is the schema, which the generated trigger
     * functions capture with {@code SET search_path FROM CURRENT}.
     *
     * @param locations Flyway locations, e.g. {@code classpath:db/migration}
     * @param loader the class loader that {@code classpath:} locations are read from
     */
    static void apply(TestSchema schema, String[] locations, ClassLoader loader) {
        Flyway.configure(loader)
                .dataSource(schema.ownerDataSource())
                .schemas(schema.name())
                .defaultSchema(schema.name())
                .locations(locations)
                // A misspelt location would otherwise leave the schema empty without a word.
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** Whether Flyway can be loaded, without loading it. */
    static boolean flywayOnClasspath(ClassLoader loader) {
        try {
            Class.forName(FLYWAY_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
