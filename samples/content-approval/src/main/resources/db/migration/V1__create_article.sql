-- Statewise: the schema of workflow dev.statewise.samples.content.Article.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE article (
    id                 bigint       GENERATED ALWAYS AS IDENTITY,
    stage              text         NOT NULL DEFAULT 'DRAFT',
    title              varchar(200) NOT NULL,
    body               text         NOT NULL,
    author             text         NOT NULL,
    editor_approved_by text,
    legal_approved_by  text,
    rejection_reason   text,
    published_at       timestamptz,
    withdrawal_reason  text,
    version            bigint       NOT NULL DEFAULT 0,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now(),
    transition         text,
    transition_actor   text,
    transition_reason  text,
    CONSTRAINT article_pkey PRIMARY KEY (id),
    CONSTRAINT article_stage_check CHECK (stage IN ('DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED', 'WITHDRAWN')),
    CONSTRAINT article_draft_check CHECK (stage <> 'DRAFT' OR (editor_approved_by IS NULL AND legal_approved_by IS NULL AND published_at IS NULL AND withdrawal_reason IS NULL)),
    CONSTRAINT article_in_review_check CHECK (stage <> 'IN_REVIEW' OR (rejection_reason IS NULL AND published_at IS NULL AND withdrawal_reason IS NULL)),
    CONSTRAINT article_approved_check CHECK (stage <> 'APPROVED' OR (editor_approved_by IS NOT NULL AND legal_approved_by IS NOT NULL AND rejection_reason IS NULL AND published_at IS NULL AND withdrawal_reason IS NULL)),
    CONSTRAINT article_published_check CHECK (stage <> 'PUBLISHED' OR (editor_approved_by IS NOT NULL AND legal_approved_by IS NOT NULL AND published_at IS NOT NULL AND rejection_reason IS NULL AND withdrawal_reason IS NULL)),
    CONSTRAINT article_withdrawn_check CHECK (stage <> 'WITHDRAWN' OR (withdrawal_reason IS NOT NULL AND editor_approved_by IS NULL AND legal_approved_by IS NULL AND rejection_reason IS NULL AND published_at IS NULL))
);

COMMENT ON TABLE article IS 'An article, from the author''s draft to its publication: an editor and legal must both approve it, in either order, and a rejection from either sends it back to the draft.';
COMMENT ON COLUMN article.stage IS 'The state: one of DRAFT, IN_REVIEW, APPROVED, PUBLISHED, WITHDRAWN. It changes only along a transition listed in article_transition.';
COMMENT ON COLUMN article.title IS 'The headline.';
COMMENT ON COLUMN article.body IS 'The text.';
COMMENT ON COLUMN article.author IS 'Who writes it.';
COMMENT ON COLUMN article.editor_approved_by IS 'The editor who approved it: given during the review, kept once approved, gone in a new draft.';
COMMENT ON COLUMN article.legal_approved_by IS 'The lawyer who approved it: given during the review, kept once approved, gone in a new draft.';
COMMENT ON COLUMN article.rejection_reason IS 'Why the review sent it back, for the author to read in the draft; gone when it is submitted again.';
COMMENT ON COLUMN article.published_at IS 'When it went online.';
COMMENT ON COLUMN article.withdrawal_reason IS 'Why the author took it back.';
COMMENT ON COLUMN article.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN article.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in article_history, then reset to NULL.';
COMMENT ON COLUMN article.transition_actor IS 'Write-only: who takes the transition. Recorded in article_history, then reset to NULL.';
COMMENT ON COLUMN article.transition_reason IS 'Write-only: why the transition is taken. Recorded in article_history, then reset to NULL.';
COMMENT ON CONSTRAINT article_draft_check ON article IS 'DRAFT: The author writes it; a rejection brings it back here, without its approvals. A row in DRAFT has editor_approved_by, legal_approved_by, published_at, withdrawal_reason NULL.';
COMMENT ON CONSTRAINT article_in_review_check ON article IS 'IN_REVIEW: Submitted: the editor and legal review it, in either order. A row in IN_REVIEW has rejection_reason, published_at, withdrawal_reason NULL.';
COMMENT ON CONSTRAINT article_approved_check ON article IS 'APPROVED: Both approvals are in: ready to go online. A row in APPROVED has editor_approved_by, legal_approved_by set; rejection_reason, published_at, withdrawal_reason NULL.';
COMMENT ON CONSTRAINT article_published_check ON article IS 'PUBLISHED: Online. A row in PUBLISHED has editor_approved_by, legal_approved_by, published_at set; rejection_reason, withdrawal_reason NULL.';
COMMENT ON CONSTRAINT article_withdrawn_check ON article IS 'WITHDRAWN: The author took it back. A row in WITHDRAWN has withdrawal_reason set; editor_approved_by, legal_approved_by, rejection_reason, published_at NULL.';

CREATE INDEX article_stage_idx ON article (stage);
CREATE INDEX article_active_idx ON article (stage, id) WHERE stage NOT IN ('PUBLISHED', 'WITHDRAWN');

CREATE TABLE article_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT article_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE article_transition IS 'The transitions of workflow Article: a row of article may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN article_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO article_transition (transition, from_state, to_state, description) VALUES
    ('submit', 'DRAFT', 'IN_REVIEW', 'The author hands the draft to the reviewers.'),
    ('approveAsEditor', 'IN_REVIEW', 'IN_REVIEW', 'The editor approves; legal may already have, or not yet.'),
    ('approveAsLegal', 'IN_REVIEW', 'IN_REVIEW', 'Legal approves; the editor may already have, or not yet.'),
    ('approve', 'IN_REVIEW', 'APPROVED', 'Joins the two approvals: refused until both are in.'),
    ('reject', 'IN_REVIEW', 'DRAFT', 'The editor or legal sends it back to the author, and the approvals start over.'),
    ('publish', 'APPROVED', 'PUBLISHED', 'It goes online.'),
    ('withdraw', 'DRAFT', 'WITHDRAWN', 'The author takes it back before it is online.'),
    ('withdraw', 'IN_REVIEW', 'WITHDRAWN', 'The author takes it back before it is online.'),
    ('withdraw', 'APPROVED', 'WITHDRAWN', 'The author takes it back before it is online.');

CREATE TABLE article_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    article_id  bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT article_history_pkey PRIMARY KEY (id),
    CONSTRAINT article_history_article_fkey FOREIGN KEY (article_id) REFERENCES article (id),
    CONSTRAINT article_history_transition_fkey FOREIGN KEY (from_state, to_state, transition)
        REFERENCES article_transition (from_state, to_state, transition)
);

COMMENT ON TABLE article_history IS 'Every state change of article, one row each, written by trigger article_before_update for repository and raw SQL alike. Append-only.';

CREATE INDEX article_history_article_id_idx ON article_history (article_id, occurred_at);

CREATE FUNCTION article_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.stage NOT IN ('DRAFT') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'article',
            COLUMN = 'stage',
            MESSAGE = format('Article: a new row starts in DRAFT, not in %s', NEW.stage);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER article_before_insert BEFORE INSERT ON article
    FOR EACH ROW EXECUTE FUNCTION article_before_insert();

CREATE FUNCTION article_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        SELECT count(*), min(e.transition) INTO edge_count, edge_name
          FROM article_transition e
         WHERE e.from_state = OLD.stage
           AND e.to_state = NEW.stage
           AND NOT e.retired
           AND (NEW.transition IS NULL OR e.transition = NEW.transition);
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'article',
                COLUMN = 'stage',
                MESSAGE = format('Article %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.stage, NEW.stage, OLD.stage,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM article_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'article',
                COLUMN = 'transition',
                MESSAGE = format('Article %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage);
        END IF;
        INSERT INTO article_history (article_id, transition, from_state, to_state, actor, reason)
        VALUES (OLD.id, edge_name, OLD.stage, NEW.stage, NEW.transition_actor, NEW.transition_reason);
    END IF;
    NEW.version := OLD.version + 1;
    NEW.created_at := OLD.created_at;
    NEW.updated_at := now();
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER article_before_update BEFORE UPDATE ON article
    FOR EACH ROW EXECUTE FUNCTION article_before_update();

CREATE FUNCTION article_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'article_history',
        MESSAGE = format('article_history is append-only: %s refused', TG_OP);
END
$$;

CREATE TRIGGER article_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON article_history
    FOR EACH STATEMENT EXECUTE FUNCTION article_history_append_only();

