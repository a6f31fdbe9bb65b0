-- Statewise: the schema of workflow workflows.Article.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE article (
    id                 bigint       GENERATED ALWAYS AS IDENTITY,
    stage              text         NOT NULL DEFAULT 'DRAFT',
    headline           varchar(200) NOT NULL,
    category           text         NOT NULL,
    author_id          uuid         NOT NULL,
    word_count         integer      NOT NULL,
    sponsored          boolean      NOT NULL,
    fee_eur            numeric(10, 2),
    cover_image        bytea,
    editor_approval    text,
    legal_approval     text,
    published_at       timestamptz,
    withdrawn_at       timestamp,
    revision           bigint,
    version            bigint       NOT NULL DEFAULT 0,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now(),
    stage_since        timestamptz  NOT NULL DEFAULT now(),
    created_by         text,
    created_reason     text,
    created_login_role text,
    transition         text,
    transition_actor   text,
    transition_reason  text,
    CONSTRAINT article_pkey PRIMARY KEY (id),
    CONSTRAINT article_stage_check CHECK (stage IN ('DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED', 'WITHDRAWN')),
    CONSTRAINT article_category_check CHECK (category IN ('NEWS', 'OPINION', 'FEATURE')),
    CONSTRAINT article_fee_eur_check CHECK (fee_eur NOT IN ('NaN', 'Infinity', '-Infinity')),
    CONSTRAINT article_published_at_check CHECK (isfinite(published_at) IS NOT FALSE),
    CONSTRAINT article_withdrawn_at_check CHECK (isfinite(withdrawn_at) IS NOT FALSE),
    CONSTRAINT article_draft_check CHECK (stage <> 'DRAFT' OR withdrawn_at IS NULL),
    CONSTRAINT article_in_review_check CHECK (stage <> 'IN_REVIEW' OR withdrawn_at IS NULL),
    CONSTRAINT article_approved_check CHECK (stage <> 'APPROVED' OR (editor_approval IS NOT NULL AND legal_approval IS NOT NULL AND withdrawn_at IS NULL)),
    CONSTRAINT article_published_check CHECK (stage <> 'PUBLISHED' OR (editor_approval IS NOT NULL AND legal_approval IS NOT NULL AND published_at IS NOT NULL AND withdrawn_at IS NULL)),
    CONSTRAINT article_withdrawn_check CHECK (stage <> 'WITHDRAWN' OR withdrawn_at IS NOT NULL)
);

COMMENT ON TABLE article IS 'An article that needs both an editor''s and a legal approval before it is published. The two approvals are gathered in IN_REVIEW by self-transitions.';
COMMENT ON COLUMN article.stage IS 'The state: one of DRAFT, IN_REVIEW, APPROVED, PUBLISHED, WITHDRAWN. It changes only along a transition listed in article_transition.';
COMMENT ON COLUMN article.author_id IS 'The author''s id in the identity service.';
COMMENT ON COLUMN article.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN article.stage_since IS 'When the row entered its current state, its creation included; a self-transition keeps it. Set by the triggers alone.';
COMMENT ON COLUMN article.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN article.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN article.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON COLUMN article.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in article_history, then reset to NULL.';
COMMENT ON COLUMN article.transition_actor IS 'Write-only: who takes the transition. Recorded in article_history, then reset to NULL.';
COMMENT ON COLUMN article.transition_reason IS 'Write-only: why the transition is taken. Recorded in article_history, then reset to NULL.';
COMMENT ON CONSTRAINT article_draft_check ON article IS 'A row in DRAFT has withdrawn_at NULL.';
COMMENT ON CONSTRAINT article_in_review_check ON article IS 'A row in IN_REVIEW has withdrawn_at NULL.';
COMMENT ON CONSTRAINT article_approved_check ON article IS 'APPROVED: Both approvals are in. A row in APPROVED has editor_approval, legal_approval set; withdrawn_at NULL.';
COMMENT ON CONSTRAINT article_published_check ON article IS 'A row in PUBLISHED has editor_approval, legal_approval, published_at set; withdrawn_at NULL.';
COMMENT ON CONSTRAINT article_withdrawn_check ON article IS 'A row in WITHDRAWN has withdrawn_at set.';

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
    ('submit', 'DRAFT', 'IN_REVIEW', NULL),
    ('approveAsEditor', 'IN_REVIEW', 'IN_REVIEW', NULL),
    ('approveAsLegal', 'IN_REVIEW', 'IN_REVIEW', NULL),
    ('approve', 'IN_REVIEW', 'APPROVED', 'Joins the two approvals; a generated guard checks both are in.'),
    ('reject', 'IN_REVIEW', 'DRAFT', NULL),
    ('reject', 'APPROVED', 'DRAFT', NULL),
    ('publish', 'APPROVED', 'PUBLISHED', NULL),
    ('withdraw', 'DRAFT', 'WITHDRAWN', NULL),
    ('withdraw', 'IN_REVIEW', 'WITHDRAWN', NULL),
    ('withdraw', 'APPROVED', 'WITHDRAWN', NULL);

CREATE TABLE article_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    article_id  bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    login_role  text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT article_history_pkey PRIMARY KEY (id),
    CONSTRAINT article_history_actor_check CHECK (char_length(actor) <= 256),
    CONSTRAINT article_history_reason_check CHECK (char_length(reason) <= 2000)
);

COMMENT ON TABLE article_history IS 'Every state change of article, one row each, written only by trigger article_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of article_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN article_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';

CREATE INDEX article_history_article_id_idx ON article_history (article_id, occurred_at);

-- Each block writes the schema this migration runs in for @schema: no session can redirect a
-- function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.article_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.stage NOT IN ('DRAFT') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'article',
            COLUMN = 'stage',
            MESSAGE = format('Article: a new row starts in DRAFT, not in %s', NEW.stage);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'article',
            MESSAGE = 'Article: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.stage_since := NEW.created_at;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION article_before_insert() FROM PUBLIC;

CREATE TRIGGER article_before_insert BEFORE INSERT ON article
    FOR EACH ROW EXECUTE FUNCTION article_before_insert();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.article_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.article'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('article_before_update runs for table article only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'article',
            MESSAGE = format('Article %s: its id never changes, since article_history names the row by it', OLD.id);
    END IF;
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.article_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.article_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND NOT e.retired;
        END IF;
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
                                FROM @schema.article_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'article',
                COLUMN = 'transition',
                MESSAGE = format('Article %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.article_history (article_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.stage, NEW.stage, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.stage IS DISTINCT FROM OLD.stage THEN
        NEW.stage_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.stage_since := coalesce(OLD.stage_since,
            (SELECT max(h.occurred_at) FROM @schema.article_history h
              WHERE h.article_id = OLD.id AND h.from_state <> h.to_state),
            OLD.created_at);
    END IF;
    -- An update that changes nothing but this column (a migration that fills it) leaves
    -- the row as it was: it keeps its version.
    IF NEW.stage = OLD.stage AND NEW.transition IS NULL
            AND NEW.stage_since IS DISTINCT FROM OLD.stage_since
            AND to_jsonb(NEW) - ARRAY['stage_since'] = to_jsonb(OLD) - ARRAY['stage_since'] THEN
        RETURN NEW;
    END IF;
    NEW.version := OLD.version + 1;
    NEW.created_at := OLD.created_at;
    NEW.created_by := OLD.created_by;
    NEW.created_reason := OLD.created_reason;
    NEW.created_login_role := OLD.created_login_role;
    NEW.updated_at := now();
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION article_before_update() FROM PUBLIC;

CREATE TRIGGER article_before_update BEFORE UPDATE ON article
    FOR EACH ROW EXECUTE FUNCTION article_before_update();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.article_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.article'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('article_before_delete runs for table article only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.article_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'article',
                MESSAGE = 'article: TRUNCATE refused, since article_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.article_history h WHERE h.article_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'article',
            MESSAGE = format('Article %s: DELETE refused, since article_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION article_before_delete() FROM PUBLIC;

CREATE TRIGGER article_before_delete BEFORE DELETE ON article
    FOR EACH ROW EXECUTE FUNCTION article_before_delete();

CREATE TRIGGER article_before_truncate BEFORE TRUNCATE ON article
    FOR EACH STATEMENT EXECUTE FUNCTION article_before_delete();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.article_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'article_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'article_history is written only by trigger article_before_update: INSERT refused'
            ELSE format('article_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION article_history_append_only() FROM PUBLIC;

CREATE TRIGGER article_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON article_history
    FOR EACH STATEMENT EXECUTE FUNCTION article_history_append_only();

CREATE TRIGGER article_history_before_insert BEFORE INSERT ON article_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION article_history_append_only();

ALTER TABLE article_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY article_history_read ON article_history FOR SELECT USING (true);

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.article_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'article_transition',
        MESSAGE = format('article_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION article_transition_keep_edges() FROM PUBLIC;

CREATE TRIGGER article_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON article_transition
    FOR EACH STATEMENT EXECUTE FUNCTION article_transition_keep_edges();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.article_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'article_transition',
            MESSAGE = format('article_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION article_transition_owner_only() FROM PUBLIC;

CREATE TRIGGER article_transition_owner_only BEFORE INSERT OR UPDATE ON article_transition
    FOR EACH STATEMENT EXECUTE FUNCTION article_transition_owner_only();

