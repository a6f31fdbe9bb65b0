package dev.statewise.processor.database;

/** The task board of the design, five states with a reverse edge and a multi-source edge. */
class TaskSchemaTest extends SchemaContract {

    @Override
    String resource() {
        return "workflows/Task.java";
    }

    @Override
    String workflowName() {
        return "Task";
    }
}
