package dev.statewise.benchmarks;

/**
 * One schema of the run, holding a table {@code task} (and, but for BARE, {@code task_history}).
 *
 * @param name the PostgreSQL schema
 * @param label what the report calls it
 * @param design the design whose statements write to it
 * @param ddl the SQL that creates its tables, or null for the one Flyway migrates
 * @param stateChecks whether it has the per-state CHECKs, which the pre-flight check then expects to refuse
 * @param proof a query returning true when the schema really carries the change it is named after
 */
record Schema(String name, String label, Design design, String ddl, boolean stateChecks, String proof) {

    /** The generated migration, applied by Flyway from the classpath. */
    static final String STATEWISE = "statewise";

    /**
     * The same migration text run in a schema of its own, the way every variant is created, so the
     * variants are compared with it rather than with what Flyway created.
     */
    static final String STATEWISE_COPY = "statewise_copy";

    String table(String table) {
        return name + "." + table;
    }
}
