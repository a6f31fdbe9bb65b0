package dev.statewise.samples.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.runtime.Audit;
import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.Failures;
import dev.statewise.runtime.GuardRefusedException;
import dev.statewise.runtime.HistoryEntry;
import dev.statewise.runtime.IllegalTransitionException;
import dev.statewise.runtime.StaleException;
import dev.statewise.test.PostgresTest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every path of an article, through the generated repository, on a real PostgreSQL with the
 * committed migration applied to this class's own schema: the approvals in either order, the join
 * that waits for both, the rejection that clears them, publication and withdrawal from every stage
 * that allows it, and what the guards, the stage machine and the database refuse.
 */
@PostgresTest(migrations = "classpath:db/migration")
class ArticleTest {

    private static final Instant ONLINE_AT = Instant.parse("2026-11-25T10:00:00Z");

    private static DSLContext dsl;
    private static ArticleRepository articles;

    @BeforeAll
    static void connect(DSLContext context) {
        dsl = context;
        articles = new ArticleRepository(context);
    }

    private static ArticleValue inReview() {
        return articles.submit(articles.create("Rivers return", "The salmon are back.", "ada"));
    }

    @Test
    void theEditorThenLegalApproveAndItIsPublished() {
        ArticleValue article = inReview();
        article = articles.approveAsEditor(article, "grace", Audit.by("grace"));
        article = articles.approveAsLegal(article, "linus", Audit.by("linus"));
        article = articles.approve(article, Audit.by("grace").because("both approvals in"));
        article = articles.publish(article, ONLINE_AT);

        assertEquals(Article.Stage.PUBLISHED, article.stage());
        assertEquals("grace", article.editorApprovedBy());
        assertEquals("linus", article.legalApprovedBy());
        assertEquals(ONLINE_AT, article.publishedAt());
        assertEquals(article, articles.get(article.id()));
        List<HistoryEntry> history = articles.history(article.id());
        assertEquals(List.of("submit", "approveAsEditor", "approveAsLegal", "approve", "publish"),
                history.stream().map(HistoryEntry::transition).toList());
        assertEquals(List.of("DRAFT", "IN_REVIEW", "IN_REVIEW", "IN_REVIEW", "APPROVED"),
                history.stream().map(HistoryEntry::fromState).toList());
        assertEquals("both approvals in", history.get(3).reason());
    }

    @Test
    void legalMayApproveBeforeTheEditor() {
        ArticleValue article = articles.approveAsEditor(articles.approveAsLegal(inReview(), "linus"), "grace");

        article = articles.approve(article);

        assertEquals(Article.Stage.APPROVED, article.stage());
        assertEquals(List.of("submit", "approveAsLegal", "approveAsEditor", "approve"),
                articles.history(article.id()).stream().map(HistoryEntry::transition).toList());
    }

    @Test
    void theJoinIsRefusedWhileAnApprovalIsMissing() {
        ArticleValue none = inReview();
        GuardRefusedException noApproval = assertThrows(GuardRefusedException.class, () -> articles.approve(none));
        assertEquals("requires editorApprovedBy", noApproval.guard());

        ArticleValue editorOnly = articles.approveAsEditor(none, "grace");
        GuardRefusedException legalMissing = assertThrows(GuardRefusedException.class,
                () -> articles.approve(editorOnly));

        assertEquals("requires legalApprovedBy", legalMissing.guard());
        assertEquals("legalApprovedBy must be set before approve leads to APPROVED", legalMissing.reason());
        // Nothing was written: the row is as the editor's approval left it.
        assertEquals(editorOnly, articles.get(editorOnly.id()));
        assertEquals(Article.Stage.IN_REVIEW, articles.get(editorOnly.id()).stage());
        assertEquals(2, articles.history(editorOnly.id()).size());
    }

    @Test
    void aRejectionReturnsItToTheDraftWithoutItsApprovals() {
        ArticleValue approvedTwice = articles.approveAsLegal(articles.approveAsEditor(inReview(), "grace"), "linus");

        ArticleValue draft = articles.reject(approvedTwice, "sources missing", Audit.by("linus"));

        assertEquals(Article.Stage.DRAFT, draft.stage());
        assertNull(draft.editorApprovedBy());
        assertNull(draft.legalApprovedBy());
        assertEquals("sources missing", draft.rejectionReason());
        // In the row itself, not only in the value.
        assertEquals(Arrays.asList("DRAFT", null, null, "sources missing"), Arrays.asList(dsl.fetchOne(
                "SELECT stage, editor_approved_by, legal_approved_by, rejection_reason FROM article WHERE id = ?",
                draft.id()).intoArray()));
        assertEquals("linus", articles.history(draft.id()).get(3).actor());
    }

    @Test
    void aResubmittedDraftStartsItsReviewOver() {
        ArticleValue rejected = articles.reject(articles.approveAsEditor(inReview(), "grace"), "too long");

        ArticleValue again = articles.submit(rejected);

        assertEquals(Article.Stage.IN_REVIEW, again.stage());
        assertNull(again.rejectionReason());
        assertNull(again.editorApprovedBy());
        assertThrows(GuardRefusedException.class, () -> articles.approve(again));
        ArticleValue approved = articles.approve(articles.approveAsLegal(articles.approveAsEditor(again, "grace"), "linus"));
        assertEquals(List.of("submit", "approveAsEditor", "reject", "submit", "approveAsEditor", "approveAsLegal",
                        "approve"),
                articles.history(approved.id()).stream().map(HistoryEntry::transition).toList());
    }

    @Test
    void theDatabaseRefusesAnApprovalInADraftFromRawSql() {
        ArticleValue draft = articles.create("Rivers return", "The salmon are back.", "ada");

        DataAccessException e = assertThrows(DataAccessException.class, () -> dsl.execute(
                "UPDATE article SET editor_approved_by = 'grace' WHERE id = ?", draft.id()));

        ConstraintViolationException violation = assertInstanceOf(ConstraintViolationException.class,
                Failures.translate(e, ArticleWorkflow.DESCRIPTOR, draft.id()));
        assertEquals("DRAFT", violation.state());
        assertEquals("article_draft_check", violation.constraint());
        assertEquals("23514", violation.sqlState());
        assertNull(articles.get(draft.id()).editorApprovedBy());
    }

    @Test
    void aNullArgumentKeepsTheApprovalAlreadyGathered() {
        ArticleValue approved = articles.approveAsEditor(inReview(), "grace");

        ArticleValue again = articles.approveAsEditor(approved, null);

        assertEquals("grace", again.editorApprovedBy());
        assertEquals(again, articles.get(approved.id()));
        assertEquals(approved.version() + 1, again.version());
        ArticleValue retracted = articles.approveAsLegal(again.withEditorApprovedBy(null), "linus");
        assertNull(retracted.editorApprovedBy());                   // clearing is explicit
        assertEquals("linus", articles.get(approved.id()).legalApprovedBy());
    }

    @Test
    void theDatabaseLetsAnApprovalComeAndGoInReview() {
        ArticleValue article = inReview();

        dsl.execute("UPDATE article SET legal_approved_by = 'linus' WHERE id = ?", article.id());
        assertEquals("linus", articles.get(article.id()).legalApprovedBy());
        dsl.execute("UPDATE article SET legal_approved_by = NULL WHERE id = ?", article.id());

        assertNull(articles.get(article.id()).legalApprovedBy());
        assertEquals(Article.Stage.IN_REVIEW, articles.get(article.id()).stage());
    }

    @Test
    void anAuthorCannotApproveTheirOwnArticle() {
        ArticleValue article = inReview();

        GuardRefusedException asEditor = assertThrows(GuardRefusedException.class,
                () -> articles.approveAsEditor(article, "ada"));
        GuardRefusedException asLawyer = assertThrows(GuardRefusedException.class,
                () -> articles.approveAsLegal(article, "ada"));

        assertEquals("editorIsNotTheAuthor", asEditor.guard());
        assertEquals("An author may not approve their own article as its editor.", asEditor.reason());
        assertEquals("lawyerIsNotTheAuthor", asLawyer.guard());
        assertEquals(article, articles.get(article.id()));
    }

    @Test
    void twoApprovalsFromTheSameReadingCannotBothBeStored() {
        ArticleValue read = inReview();
        articles.approveAsEditor(read, "grace");

        StaleException e = assertThrows(StaleException.class, () -> articles.approveAsLegal(read, "linus"));

        assertEquals(read.version(), e.expectedVersion());
        assertEquals(OptionalLong.of(read.version() + 1), e.actualVersion());
        ArticleValue fresh = articles.approveAsLegal(articles.get(read.id()), "linus");
        assertEquals("grace", fresh.editorApprovedBy());
        assertEquals("linus", fresh.legalApprovedBy());
    }

    @Test
    void theAuthorWithdrawsADraft() {
        ArticleValue article = articles.withdraw(articles.create("Rivers return", "Draft.", "ada"), "scooped");

        assertEquals(Article.Stage.WITHDRAWN, article.stage());
        assertEquals("scooped", article.withdrawalReason());
    }

    @Test
    void theAuthorWithdrawsAnArticleInReview() {
        ArticleValue article = articles.withdraw(articles.approveAsEditor(inReview(), "grace"), "scooped",
                Audit.by("ada"));

        assertEquals(Article.Stage.WITHDRAWN, article.stage());
        assertNull(article.editorApprovedBy());
        assertEquals(List.of("submit", "approveAsEditor", "withdraw"),
                articles.history(article.id()).stream().map(HistoryEntry::transition).toList());
    }

    @Test
    void theAuthorWithdrawsAnApprovedArticleAndItsApprovalsGo() {
        ArticleValue approved = articles.approve(articles.approveAsLegal(articles.approveAsEditor(inReview(), "grace"),
                "linus"));

        ArticleValue withdrawn = articles.withdraw(approved, "the story changed");

        assertEquals(Article.Stage.WITHDRAWN, withdrawn.stage());
        assertNull(withdrawn.editorApprovedBy());
        assertNull(withdrawn.legalApprovedBy());
        assertEquals(withdrawn, articles.get(withdrawn.id()));
    }

    @Test
    void nothingLeavesAPublishedArticleAndNothingSkipsTheReview() {
        ArticleValue draft = articles.create("Rivers return", "The salmon are back.", "ada");
        ArticleValue published = articles.publish(articles.approve(articles.approveAsLegal(
                articles.approveAsEditor(articles.submit(draft), "grace"), "linus")), ONLINE_AT);

        IllegalTransitionException fromPublished = assertThrows(IllegalTransitionException.class,
                () -> articles.withdraw(published, "too late"));
        IllegalTransitionException skippingReview = assertThrows(IllegalTransitionException.class,
                () -> articles.approve(draft));
        IllegalTransitionException publishingUnapproved = assertThrows(IllegalTransitionException.class,
                () -> articles.publish(inReview(), ONLINE_AT));

        assertEquals("PUBLISHED", fromPublished.fromState());
        assertEquals(List.of("DRAFT", "IN_REVIEW", "APPROVED"), fromPublished.allowedFrom());
        assertEquals("DRAFT", skippingReview.fromState());
        assertEquals(List.of("APPROVED"), publishingUnapproved.allowedFrom());
        assertEquals(published, articles.get(published.id()));
    }
}
