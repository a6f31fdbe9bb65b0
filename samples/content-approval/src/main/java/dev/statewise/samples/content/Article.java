package dev.statewise.samples.content;

import dev.statewise.dsl.AllowedIn;
import dev.statewise.dsl.Column;
import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.time.Instant;

/**
 * An article, from the author's draft to its publication: an editor and legal must both approve
 * it, in either order, and a rejection from either sends it back to the draft.
 */
@Workflow
public interface Article {

    enum Stage {
        /** The author writes it; a rejection brings it back here, without its approvals. */
        @Initial DRAFT,
        /** Submitted: the editor and legal review it, in either order. */
        IN_REVIEW,
        /** Both approvals are in: ready to go online. */
        APPROVED,
        /** Online. */
        @Terminal PUBLISHED,
        /** The author took it back. */
        @Terminal WITHDRAWN
    }

    /** The headline. */
    @Column(length = 200) String title();

    /** The text. */
    String body();

    /** Who writes it. */
    String author();

    // tag::approvals[]
    /** The editor who approved it: given during the review, kept once approved, gone in a new draft. */
    @AllowedIn({"IN_REVIEW", "APPROVED", "PUBLISHED"})
    @RequiredIn({"APPROVED", "PUBLISHED"})
    String editorApprovedBy();

    // end::approvals[]

    /** The lawyer who approved it: given during the review, kept once approved, gone in a new draft. */
    @AllowedIn({"IN_REVIEW", "APPROVED", "PUBLISHED"})
    @RequiredIn({"APPROVED", "PUBLISHED"})
    String legalApprovedBy();

    /** Why the review sent it back, for the author to read in the draft; gone when it is submitted again. */
    @AllowedIn("DRAFT") String rejectionReason();

    /** When it went online. */
    @OnlyIn("PUBLISHED") Instant publishedAt();

    /** Why the author took it back. */
    @OnlyIn("WITHDRAWN") String withdrawalReason();

    /** The author hands the draft to the reviewers. */
    @Transition(from = "DRAFT", to = "IN_REVIEW")
    Article submit();

    // tag::approvals[]
    /** The editor approves; legal may already have, or not yet. */
    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Article approveAsEditor(String editorApprovedBy);

    // end::approvals[]

    /** Legal approves; the editor may already have, or not yet. */
    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Article approveAsLegal(String legalApprovedBy);

    // tag::approvals[]
    /** Joins the two approvals: refused until both are in. */
    @Transition(from = "IN_REVIEW", to = "APPROVED")
    Article approve();

    /** The editor or legal sends it back to the author, and the approvals start over. */
    @Transition(from = "IN_REVIEW", to = "DRAFT")
    Article reject(String rejectionReason);
    // end::approvals[]

    /** It goes online. */
    @Transition(from = "APPROVED", to = "PUBLISHED")
    Article publish(Instant publishedAt);

    /** The author takes it back before it is online. */
    @Transition(from = {"DRAFT", "IN_REVIEW", "APPROVED"}, to = "WITHDRAWN")
    Article withdraw(String withdrawalReason);

    /** An author may not approve their own article as its editor. */
    @Guard("approveAsEditor")
    default boolean editorIsNotTheAuthor(String editorApprovedBy) {
        return !author().equals(editorApprovedBy);
    }

    /** An author may not approve their own article for legal. */
    @Guard("approveAsLegal")
    default boolean lawyerIsNotTheAuthor(String legalApprovedBy) {
        return !author().equals(legalApprovedBy);
    }
}
