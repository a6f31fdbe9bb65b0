package workflows;

import dev.statewise.dsl.Column;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * An article that needs both an editor's and a legal approval before it is published.
 * The two approvals are gathered in {@code IN_REVIEW} by self-transitions.
 */
@Workflow
public interface Article {

    enum Category { NEWS, OPINION, FEATURE }

    enum Stage {
        @Initial DRAFT,
        IN_REVIEW,
        /** Both approvals are in. */
        APPROVED,
        @Terminal PUBLISHED,
        @Terminal WITHDRAWN
    }

    @Column(length = 200) String headline();

    Category category();

    /** The author's id in the identity service. */
    UUID authorId();

    int wordCount();

    boolean sponsored();

    @Column(name = "fee_eur", precision = 10, scale = 2) @Nullable BigDecimal fee();

    @Nullable byte[] coverImage();

    @RequiredIn({"APPROVED", "PUBLISHED"}) String editorApproval();

    @RequiredIn({"APPROVED", "PUBLISHED"}) String legalApproval();

    @RequiredIn("PUBLISHED") Instant publishedAt();

    @OnlyIn("WITHDRAWN") LocalDateTime withdrawnAt();

    @Nullable Long revision();

    @Transition(from = "DRAFT", to = "IN_REVIEW")
    Article submit();

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Article approveAsEditor(String editorApproval);

    @Transition(from = "IN_REVIEW", to = "IN_REVIEW")
    Article approveAsLegal(String legalApproval);

    /** Joins the two approvals; a generated guard checks both are in. */
    @Transition(from = "IN_REVIEW", to = "APPROVED")
    Article approve();

    @Transition(from = {"IN_REVIEW", "APPROVED"}, to = "DRAFT")
    Article reject();

    @Transition(from = "APPROVED", to = "PUBLISHED")
    Article publish(Instant publishedAt);

    @Transition(from = {"DRAFT", "IN_REVIEW", "APPROVED"}, to = "WITHDRAWN")
    Article withdraw(LocalDateTime withdrawnAt);
}
