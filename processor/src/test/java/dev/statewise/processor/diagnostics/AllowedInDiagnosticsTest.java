package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @AllowedIn}: its states, the {@code @RequiredIn} beside it, the annotations it contradicts,
 * and the rules of transitions over a field that is NULL outside its states.
 */
class AllowedInDiagnosticsTest {

    /** The members of each test start on this line of {@link #article}. */
    private static final int FIRST_MEMBER_LINE = 10;

    /**
     * An article whose {@code editor} approval is gathered in IN_REVIEW by a self-transition; the
     * members given are declared from line {@value #FIRST_MEMBER_LINE} on, before its transitions.
     */
    private static JavaFileObject article(String... members) {
        List<String> lines = new ArrayList<>(List.of(
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Article {",
                "    enum Stage { @Initial DRAFT, IN_REVIEW, APPROVED, @Terminal PUBLISHED }",
                "",
                "    String title();"));
        lines.addAll(List.of(members));
        lines.addAll(List.of(
                "    @Transition(from = \"DRAFT\", to = \"IN_REVIEW\") Article submit();",
                "    @Transition(from = \"IN_REVIEW\", to = \"IN_REVIEW\") Article approveAsEditor(String editor);",
                "    @Transition(from = \"IN_REVIEW\", to = \"APPROVED\") Article approve();",
                "    @Transition(from = \"IN_REVIEW\", to = \"DRAFT\") Article reject();",
                "    @Transition(from = \"APPROVED\", to = \"PUBLISHED\") Article publish();",
                "}"));
        return source("test.Article", lines.toArray(String[]::new));
    }

    @Test
    void allowedAndRequiredWhereTheSelfTransitionGathersIt() {
        Compilation compilation = compile(article(
                "    @AllowedIn({\"IN_REVIEW\", \"APPROVED\", \"PUBLISHED\"})",
                "    @RequiredIn({\"APPROVED\", \"PUBLISHED\"})",
                "    String editor();"));

        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void nullableAndAllowedIn() {
        JavaFileObject article = article(
                "    @Nullable",
                "    @AllowedIn(\"IN_REVIEW\")",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CONTRADICTORY_ANNOTATIONS] field editor is both @Nullable and @AllowedIn; @Nullable makes the field "
                        + "optional in every state while @AllowedIn makes it NULL outside its states; keep one")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 1);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void onlyInAndAllowedIn() {
        JavaFileObject article = article(
                "    @OnlyIn({\"APPROVED\", \"PUBLISHED\"})",
                "    @AllowedIn({\"IN_REVIEW\", \"APPROVED\", \"PUBLISHED\"})",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CONTRADICTORY_ANNOTATIONS] field editor is both @OnlyIn and @AllowedIn; @OnlyIn already allows the "
                        + "field only in its states and requires it there; keep @OnlyIn, or replace it with "
                        + "@AllowedIn and a @RequiredIn naming where it is required")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 1);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void requiredWhereNotAllowed() {
        JavaFileObject article = article(
                "    @AllowedIn({\"IN_REVIEW\", \"APPROVED\"})",
                "    @RequiredIn({",
                "            \"APPROVED\",",
                "            \"PUBLISHED\"})",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[REQUIRED_NOT_ALLOWED] @RequiredIn on editor names PUBLISHED, where @AllowedIn(IN_REVIEW, APPROVED) "
                        + "makes the field NULL; add PUBLISHED to @AllowedIn, or remove PUBLISHED from @RequiredIn")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 3);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unknownStateInAllowedIn() {
        JavaFileObject article = article(
                "    @AllowedIn({",
                "            \"IN_REVEIW\",",
                "            \"APPROVED\"})",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_STATE] @AllowedIn on editor names unknown state \"IN_REVEIW\"; did you mean IN_REVIEW?")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 1);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unknownStateInTheRequiredInBesideAllowedIn() {
        JavaFileObject article = article(
                "    @AllowedIn({\"IN_REVIEW\", \"APPROVED\"})",
                "    @RequiredIn(\"APROVED\")",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_STATE] @RequiredIn on editor names unknown state \"APROVED\"; did you mean APPROVED?")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 1);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void duplicateStateInAllowedIn() {
        JavaFileObject article = article(
                "    @AllowedIn({\"IN_REVIEW\",",
                "            \"IN_REVIEW\"})",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DUPLICATE_STATE] @AllowedIn on editor names state IN_REVIEW twice; remove one")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 1);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void emptyAllowedIn() {
        JavaFileObject article = article(
                "    @AllowedIn({})",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[EMPTY_STATES] @AllowedIn on editor names no state; name the states where the field may "
                        + "be set")
                .inFile(article).onLine(FIRST_MEMBER_LINE);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void emptyRequiredInBesideAllowedIn() {
        JavaFileObject article = article(
                "    @AllowedIn(\"IN_REVIEW\")",
                "    @RequiredIn({})",
                "    String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[EMPTY_STATES] @RequiredIn on editor names no state; remove it, and the field is optional "
                        + "in every state @AllowedIn names")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 1);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void parameterThatIsNullInTheTarget() {
        JavaFileObject article = article(
                "    @AllowedIn({\"IN_REVIEW\", \"APPROVED\", \"PUBLISHED\"})",
                "    String editor();",
                "    @Transition(from = \"IN_REVIEW\", to = \"DRAFT\")",
                "    Article sendBack(",
                "            String editor);");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[PARAMETER_NULL_IN_TARGET] transition sendBack sets editor, but editor is @AllowedIn(IN_REVIEW, APPROVED, "
                        + "PUBLISHED) and so NULL in DRAFT; remove the parameter or add DRAFT to @AllowedIn")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 4);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void requirementThatTheSourceStateForbids() {
        JavaFileObject article = article(
                "    @AllowedIn(\"PUBLISHED\") @RequiredIn(\"PUBLISHED\")",
                "    String publisher();",
                "    @Nullable String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[REQUIREMENT_UNMET] transition publish (APPROVED -> PUBLISHED) cannot meet a requirement of "
                        + "PUBLISHED: field publisher is required there but NULL in APPROVED and nothing sets it "
                        + "while there; add a parameter 'String publisher' to publish")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 7);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void primitiveAllowedIn() {
        JavaFileObject article = article(
                "    @AllowedIn(\"IN_REVIEW\")",
                "    int score();",
                "    @Nullable String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[PRIMITIVE_MAY_BE_NULL] field score has primitive type int but is NULL in some states (@AllowedIn); "
                        + "declare it as Integer")
                .inFile(article).onLine(FIRST_MEMBER_LINE + 1);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void allowedInOnATransition() {
        JavaFileObject article = article(
                "    @AllowedIn(\"IN_REVIEW\")",
                "    @Transition(from = \"IN_REVIEW\", to = \"IN_REVIEW\")",
                "    Article comment();",
                "    @Nullable String editor();");

        Compilation compilation = compile(article);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[FIELD_ANNOTATION_ON_NON_FIELD] @AllowedIn describes a field, an abstract method without parameters, and "
                        + "comment is a transition; remove the annotation")
                .inFile(article).onLine(FIRST_MEMBER_LINE);
        assertThat(compilation).hadErrorCount(1);
    }
}
