package dev.statewise.processor.database;

/**
 * {@code @AllowedIn} fields, with and without a {@code @RequiredIn} beside them: NULL outside their
 * states, optional or required inside, as the contract's cases derive from the model.
 */
class ManuscriptSchemaTest extends SchemaContract {

    @Override
    String resource() {
        return "workflows/Manuscript.java";
    }

    @Override
    String workflowName() {
        return "Manuscript";
    }
}
