package dev.statewise.benchmarks;

/**
 * One schema of the run, holding a workflow table ({@code task}, or {@code timed_task} for the task
 * board with a timeout) and, but for BARE, its history and transition tables.
 *
 * @param name the PostgreSQL schema
 * @param label what the report calls it
 * @param design the design whose statements write to it
 * @param ddl the SQL that creates its tables, or null for the one Flyway migrates
 * @param stateChecks whether it has the per-state CHECKs, which the pre-flight check then expects to refuse
 * @param proof a query returning true when the schema really carries the change it is named after
 * @param workflow the workflow's table, unqualified; its history is {@code <workflow>_history}
 */
record Schema(String name, String label, Design design, String ddl, boolean stateChecks, String proof,
        String workflow) {

    /** The generated migration, applied by Flyway from the classpath. */
    static final String STATEWISE = "statewise";

    /**
     * The same migration text run in a schema of its own, the way every variant is created, so the
     * variants are compared with it rather than with what Flyway created.
     */
    static final String STATEWISE_COPY = "statewise_copy";

    /** The task board's table, which every schema but the timed one holds. */
    static final String TASK = "task";

    /** A schema of the task board's table {@code task}. */
    Schema(String name, String label, Design design, String ddl, boolean stateChecks, String proof) {
        this(name, label, design, ddl, stateChecks, proof, TASK);
    }

    String table(String table) {
        return name + "." + table;
    }

    /** The workflow's table, qualified: {@code statewise.task}. */
    String workflowTable() {
        return table(workflow);
    }

    /** The workflow's history table, qualified: {@code statewise.task_history}. */
    String historyTable() {
        return table(workflow + "_history");
    }
}
