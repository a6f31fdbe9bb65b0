package dev.statewise.processor.database;

/** Self-transitions gathering two approvals, two terminal states, and every kind of column type. */
class ArticleSchemaTest extends SchemaContract {

    @Override
    String resource() {
        return "workflows/Article.java";
    }

    @Override
    String workflowName() {
        return "Article";
    }
}
