-- Statewise: the schema of workflow evolution.Manuscript.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE manuscript (
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    status            text        NOT NULL DEFAULT 'DRAFT',
    title             text        NOT NULL,
    first_referee     text,
    second_referee    text,
    referee_notes     text,
    version           bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    transition        text,
    transition_actor  text,
    transition_reason text,
    CONSTRAINT manuscript_pkey PRIMARY KEY (id),
    CONSTRAINT manuscript_status_check CHECK (status IN ('DRAFT', 'IN_REVIEW', 'ACCEPTED', 'PUBLISHED')),
    CONSTRAINT manuscript_accepted_check CHECK (status <> 'ACCEPTED' OR (first_referee IS NOT NULL AND second_referee IS NOT NULL)),
    CONSTRAINT manuscript_published_check CHECK (status <> 'PUBLISHED' OR (first_referee IS NOT NULL AND second_referee IS NOT NULL))
);

COMMENT ON TABLE manuscript IS 'Version 1: the verdicts are required once accepted and optional, so kept, everywhere else.';
COMMENT ON COLUMN manuscript.status IS 'The state: one of DRAFT, IN_REVIEW, ACCEPTED, PUBLISHED. It changes only along a transition listed in manuscript_transition.';
COMMENT ON COLUMN manuscript.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN manuscript.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in manuscript_history, then reset to NULL.';
COMMENT ON COLUMN manuscript.transition_actor IS 'Write-only: who takes the transition. Recorded in manuscript_history, then reset to NULL.';
COMMENT ON COLUMN manuscript.transition_reason IS 'Write-only: why the transition is taken. Recorded in manuscript_history, then reset to NULL.';
COMMENT ON CONSTRAINT manuscript_accepted_check ON manuscript IS 'A row in ACCEPTED has first_referee, second_referee set.';
COMMENT ON CONSTRAINT manuscript_published_check ON manuscript IS 'A row in PUBLISHED has first_referee, second_referee set.';

CREATE INDEX manuscript_status_idx ON manuscript (status);
CREATE INDEX manuscript_active_idx ON manuscript (status, id) WHERE status NOT IN ('PUBLISHED');

CREATE TABLE manuscript_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT manuscript_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE manuscript_transition IS 'The transitions of workflow Manuscript: a row of manuscript may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN manuscript_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO manuscript_transition (transition, from_state, to_state, description) VALUES
    ('submit', 'DRAFT', 'IN_REVIEW', NULL),
    ('acceptAsFirst', 'IN_REVIEW', 'IN_REVIEW', NULL),
    ('acceptAsSecond', 'IN_REVIEW', 'IN_REVIEW', NULL),
    ('annotate', 'IN_REVIEW', 'IN_REVIEW', NULL),
    ('accept', 'IN_REVIEW', 'ACCEPTED', NULL),
    ('reject', 'IN_REVIEW', 'DRAFT', NULL),
    ('publish', 'ACCEPTED', 'PUBLISHED', NULL);

CREATE TABLE manuscript_history (
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    manuscript_id bigint      NOT NULL,
    transition    text        NOT NULL,
    from_state    text        NOT NULL,
    to_state      text        NOT NULL,
    actor         text,
    reason        text,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT manuscript_history_pkey PRIMARY KEY (id)
);

COMMENT ON TABLE manuscript_history IS 'Every state change of manuscript, one row each, written only by trigger manuscript_before_update, for repository and raw SQL alike, along an edge of manuscript_transition. Append-only.';

CREATE INDEX manuscript_history_manuscript_id_idx ON manuscript_history (manuscript_id, occurred_at);

CREATE FUNCTION manuscript_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.status NOT IN ('DRAFT') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'manuscript',
            COLUMN = 'status',
            MESSAGE = format('Manuscript: a new row starts in DRAFT, not in %s', NEW.status);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER manuscript_before_insert BEFORE INSERT ON manuscript
    FOR EACH ROW EXECUTE FUNCTION manuscript_before_insert();

CREATE FUNCTION manuscript_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM manuscript_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM manuscript_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'manuscript',
                COLUMN = 'status',
                MESSAGE = format('Manuscript %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM manuscript_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'manuscript',
                COLUMN = 'transition',
                MESSAGE = format('Manuscript %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status);
        END IF;
        INSERT INTO manuscript_history (manuscript_id, transition, from_state, to_state, actor, reason)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason);
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

CREATE TRIGGER manuscript_before_update BEFORE UPDATE ON manuscript
    FOR EACH ROW EXECUTE FUNCTION manuscript_before_update();

CREATE FUNCTION manuscript_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM manuscript_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'manuscript',
                MESSAGE = 'manuscript: TRUNCATE refused, since manuscript_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM manuscript_history h WHERE h.manuscript_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'manuscript',
            MESSAGE = format('Manuscript %s: DELETE refused, since manuscript_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER manuscript_before_delete BEFORE DELETE ON manuscript
    FOR EACH ROW EXECUTE FUNCTION manuscript_before_delete();

CREATE TRIGGER manuscript_before_truncate BEFORE TRUNCATE ON manuscript
    FOR EACH STATEMENT EXECUTE FUNCTION manuscript_before_delete();

CREATE FUNCTION manuscript_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'manuscript_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'manuscript_history is written only by trigger manuscript_before_update: INSERT refused'
            ELSE format('manuscript_history is append-only: %s refused', TG_OP) END;
END
$$;

CREATE TRIGGER manuscript_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON manuscript_history
    FOR EACH STATEMENT EXECUTE FUNCTION manuscript_history_append_only();

CREATE TRIGGER manuscript_history_before_insert BEFORE INSERT ON manuscript_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION manuscript_history_append_only();

CREATE FUNCTION manuscript_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'manuscript_transition',
        MESSAGE = format('manuscript_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$;

CREATE TRIGGER manuscript_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON manuscript_transition
    FOR EACH STATEMENT EXECUTE FUNCTION manuscript_transition_keep_edges();

