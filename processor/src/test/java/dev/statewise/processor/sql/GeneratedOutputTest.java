package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Compiled;
import dev.statewise.processor.testing.Golden;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The generated SQL, Markdown and Java, byte for byte: what users commit and review. */
class GeneratedOutputTest {

    @Test
    void taskBoardMigration() {
        Compiled compiled = Compilations.compile("workflows/Task.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("V1__create_task.sql", compiled.migration("V1__create_task.sql"));
    }

    @Test
    void articleMigration() {
        Compiled compiled = Compilations.compile("workflows/Article.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("V1__create_article.sql", compiled.migration("V1__create_article.sql"));
    }

    @Test
    void eventFeedMigration() {
        Compiled compiled = Compilations.compile("workflows/Parcel.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("V1__create_parcel.sql", compiled.migration("V1__create_parcel.sql"));
    }

    @Test
    void eventFeedTravelsInTheDescriptor() {
        Compiled compiled = Compilations.compile("workflows/Parcel.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("ParcelWorkflow.java",
                compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/ParcelWorkflow.java"));
    }

    @Test
    void taskBoardPage() {
        Compiled compiled = Compilations.compile("workflows/Task.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("task.md", compiled.text(StandardLocation.SOURCE_OUTPUT, "statewise/task.md"));
    }

    @Test
    void taskBoardValueType() {
        Compiled compiled = Compilations.compile("workflows/Task.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("TaskValue.java", compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/TaskValue.java"));
    }

    @Test
    void taskBoardRepository() {
        Compiled compiled = Compilations.compile("workflows/Task.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("TaskRepository.java",
                compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/TaskRepository.java"));
    }

    @Test
    void articleValueTypeChecksWhatTheCompilerCouldNotProve() {
        Compiled compiled = Compilations.compile("workflows/Article.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("ArticleValue.java",
                compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/ArticleValue.java"));
    }

    @Test
    void rulesBetweenFieldsMigration() {
        Compiled compiled = Compilations.compile("workflows/Loan.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("V1__create_loan.sql", compiled.migration("V1__create_loan.sql"));
    }

    @Test
    void rulesBetweenFieldsPageListsThemApartFromTheGuards() {
        Compiled compiled = Compilations.compile("workflows/Loan.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("loan.md", compiled.text(StandardLocation.SOURCE_OUTPUT, "statewise/loan.md"));
    }

    @Test
    void rulesBetweenFieldsValueTypeChecksTheRulesOfItsState() {
        Compiled compiled = Compilations.compile("workflows/Loan.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("LoanValue.java", compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/LoanValue.java"));
    }

    @Test
    void rulesBetweenFieldsTravelInTheDescriptor() {
        Compiled compiled = Compilations.compile("workflows/Loan.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("LoanWorkflow.java",
                compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/LoanWorkflow.java"));
    }

    @Test
    void allowedInMigration() {
        Compiled compiled = Compilations.compile("workflows/Manuscript.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("V1__create_manuscript.sql", compiled.migration("V1__create_manuscript.sql"));
    }

    @Test
    void allowedInPage() {
        Compiled compiled = Compilations.compile("workflows/Manuscript.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("manuscript.md",
                compiled.text(StandardLocation.SOURCE_OUTPUT, "statewise/manuscript.md"));
    }

    @Test
    void allowedInValueTypeClearsAndChecks() {
        Compiled compiled = Compilations.compile("workflows/Manuscript.java").assertSucceededWithoutWarnings();
        Golden.assertMatches("ManuscriptValue.java",
                compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/ManuscriptValue.java"));
    }

    @Test
    void workflowsCompiledTogetherAreNumberedInNameOrder() {
        Compiled compiled = Compilations.compile("workflows/Task.java", "workflows/Article.java")
                .assertSucceededWithoutWarnings();
        assertThat(compiled.migration("V1__create_article.sql")).contains("CREATE TABLE article (");
        assertThat(compiled.migration("V2__create_task.sql")).contains("CREATE TABLE task (");
    }

    @Test
    void referencedWorkflowIsCreatedFirstWithForeignKeysUniqueIndexesAndJsonb() {
        // Delivery comes first by name, but references Purchase, whose table must exist first.
        Compiled compiled = Compilations.compile("workflows/Delivery.java", "workflows/Purchase.java")
                .assertSucceededWithoutWarnings();
        Golden.assertMatches("V1__create_purchase.sql", compiled.migration("V1__create_purchase.sql"));
        Golden.assertMatches("V2__create_delivery.sql", compiled.migration("V2__create_delivery.sql"));
        Golden.assertMatches("DeliveryWorkflow.java",
                compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/DeliveryWorkflow.java"));
    }

    @Test
    void outputIsDeterministic() {
        Compiled first = Compilations.compile("workflows/Task.java", "workflows/Article.java");
        Compiled second = Compilations.compile("workflows/Article.java", "workflows/Task.java");
        for (String file : new String[] {"V1__create_article.sql", "V2__create_task.sql"}) {
            assertThat(second.migration(file)).isEqualTo(first.migration(file));
        }
        for (String file : new String[] {"statewise/task.md", "workflows/TaskRepository.java",
                "workflows/jooq/tables/Task.java", "workflows/jooq/Keys.java"}) {
            assertThat(second.text(StandardLocation.SOURCE_OUTPUT, file))
                    .isEqualTo(first.text(StandardLocation.SOURCE_OUTPUT, file));
        }
    }
}
