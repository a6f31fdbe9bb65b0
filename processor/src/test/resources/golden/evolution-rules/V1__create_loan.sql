-- Statewise: the schema of workflow evolution.Loan.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE loan (
    id                 bigint         GENERATED ALWAYS AS IDENTITY,
    stage              text           NOT NULL DEFAULT 'SUBMITTED',
    applicant          text           NOT NULL,
    amount             numeric(12, 2) NOT NULL,
    underwriter        text,
    funded_amount      numeric(12, 2),
    version            bigint         NOT NULL DEFAULT 0,
    created_at         timestamptz    NOT NULL DEFAULT now(),
    updated_at         timestamptz    NOT NULL DEFAULT now(),
    stage_since        timestamptz    NOT NULL DEFAULT now(),
    created_by         text,
    created_reason     text,
    created_login_role text,
    transition         text,
    transition_actor   text,
    transition_reason  text,
    CONSTRAINT loan_pkey PRIMARY KEY (id),
    CONSTRAINT loan_stage_check CHECK (stage IN ('SUBMITTED', 'APPROVED', 'FUNDED', 'REJECTED')),
    CONSTRAINT loan_amount_check CHECK (amount NOT IN ('NaN', 'Infinity', '-Infinity')),
    CONSTRAINT loan_funded_amount_check CHECK (funded_amount NOT IN ('NaN', 'Infinity', '-Infinity')),
    CONSTRAINT loan_submitted_check CHECK (stage <> 'SUBMITTED' OR funded_amount IS NULL),
    CONSTRAINT loan_approved_check CHECK (stage <> 'APPROVED' OR (underwriter IS NOT NULL AND funded_amount IS NULL)),
    CONSTRAINT loan_funded_check CHECK (stage <> 'FUNDED' OR (underwriter IS NOT NULL AND funded_amount IS NOT NULL)),
    CONSTRAINT loan_rejected_check CHECK (stage <> 'REJECTED' OR funded_amount IS NULL)
);

COMMENT ON TABLE loan IS 'Version 1: no rule between fields yet, so rows may break those that come.';
COMMENT ON COLUMN loan.stage IS 'The state: one of SUBMITTED, APPROVED, FUNDED, REJECTED. It changes only along a transition listed in loan_transition.';
COMMENT ON COLUMN loan.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN loan.stage_since IS 'When the row entered its current state, its creation included; a self-transition keeps it. Set by the triggers alone.';
COMMENT ON COLUMN loan.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN loan.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN loan.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON COLUMN loan.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in loan_history, then reset to NULL.';
COMMENT ON COLUMN loan.transition_actor IS 'Write-only: who takes the transition. Recorded in loan_history, then reset to NULL.';
COMMENT ON COLUMN loan.transition_reason IS 'Write-only: why the transition is taken. Recorded in loan_history, then reset to NULL.';
COMMENT ON CONSTRAINT loan_submitted_check ON loan IS 'A row in SUBMITTED has funded_amount NULL.';
COMMENT ON CONSTRAINT loan_approved_check ON loan IS 'A row in APPROVED has underwriter set; funded_amount NULL.';
COMMENT ON CONSTRAINT loan_funded_check ON loan IS 'A row in FUNDED has underwriter, funded_amount set.';
COMMENT ON CONSTRAINT loan_rejected_check ON loan IS 'A row in REJECTED has funded_amount NULL.';

CREATE INDEX loan_stage_idx ON loan (stage);
CREATE INDEX loan_active_idx ON loan (stage, id) WHERE stage NOT IN ('FUNDED', 'REJECTED');

CREATE TABLE loan_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT loan_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE loan_transition IS 'The transitions of workflow Loan: a row of loan may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN loan_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO loan_transition (transition, from_state, to_state, description) VALUES
    ('approve', 'SUBMITTED', 'APPROVED', NULL),
    ('fund', 'APPROVED', 'FUNDED', NULL),
    ('reject', 'SUBMITTED', 'REJECTED', NULL);

CREATE TABLE loan_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    loan_id     bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    login_role  text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT loan_history_pkey PRIMARY KEY (id),
    CONSTRAINT loan_history_actor_check CHECK (char_length(actor) <= 256),
    CONSTRAINT loan_history_reason_check CHECK (char_length(reason) <= 2000)
);

COMMENT ON TABLE loan_history IS 'Every state change of loan, one row each, written only by trigger loan_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of loan_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN loan_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';

CREATE INDEX loan_history_loan_id_idx ON loan_history (loan_id, occurred_at);

-- Each block writes the schema this migration runs in for @schema: no session can redirect a
-- function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.loan_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.stage NOT IN ('SUBMITTED') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'loan',
            COLUMN = 'stage',
            MESSAGE = format('Loan: a new row starts in SUBMITTED, not in %s', NEW.stage);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'loan',
            MESSAGE = 'Loan: who creates a row is at most 256 characters, and why at most 2000';
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
REVOKE EXECUTE ON FUNCTION loan_before_insert() FROM PUBLIC;

CREATE TRIGGER loan_before_insert BEFORE INSERT ON loan
    FOR EACH ROW EXECUTE FUNCTION loan_before_insert();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.loan_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.loan'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('loan_before_update runs for table loan only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'loan',
            MESSAGE = format('Loan %s: its id never changes, since loan_history names the row by it', OLD.id);
    END IF;
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.loan_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.loan_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan',
                COLUMN = 'stage',
                MESSAGE = format('Loan %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.stage, NEW.stage, OLD.stage,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.loan_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan',
                COLUMN = 'transition',
                MESSAGE = format('Loan %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.loan_history (loan_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.stage, NEW.stage, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.stage IS DISTINCT FROM OLD.stage THEN
        NEW.stage_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.stage_since := coalesce(OLD.stage_since,
            (SELECT max(h.occurred_at) FROM @schema.loan_history h
              WHERE h.loan_id = OLD.id AND h.from_state <> h.to_state),
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
REVOKE EXECUTE ON FUNCTION loan_before_update() FROM PUBLIC;

CREATE TRIGGER loan_before_update BEFORE UPDATE ON loan
    FOR EACH ROW EXECUTE FUNCTION loan_before_update();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.loan_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.loan'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('loan_before_delete runs for table loan only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.loan_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'loan',
                MESSAGE = 'loan: TRUNCATE refused, since loan_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.loan_history h WHERE h.loan_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'loan',
            MESSAGE = format('Loan %s: DELETE refused, since loan_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION loan_before_delete() FROM PUBLIC;

CREATE TRIGGER loan_before_delete BEFORE DELETE ON loan
    FOR EACH ROW EXECUTE FUNCTION loan_before_delete();

CREATE TRIGGER loan_before_truncate BEFORE TRUNCATE ON loan
    FOR EACH STATEMENT EXECUTE FUNCTION loan_before_delete();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.loan_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'loan_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'loan_history is written only by trigger loan_before_update: INSERT refused'
            ELSE format('loan_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION loan_history_append_only() FROM PUBLIC;

CREATE TRIGGER loan_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON loan_history
    FOR EACH STATEMENT EXECUTE FUNCTION loan_history_append_only();

CREATE TRIGGER loan_history_before_insert BEFORE INSERT ON loan_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION loan_history_append_only();

ALTER TABLE loan_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY loan_history_read ON loan_history FOR SELECT USING (true);

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.loan_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'loan_transition',
        MESSAGE = format('loan_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION loan_transition_keep_edges() FROM PUBLIC;

CREATE TRIGGER loan_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON loan_transition
    FOR EACH STATEMENT EXECUTE FUNCTION loan_transition_keep_edges();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.loan_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'loan_transition',
            MESSAGE = format('loan_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION loan_transition_owner_only() FROM PUBLIC;

CREATE TRIGGER loan_transition_owner_only BEFORE INSERT OR UPDATE ON loan_transition
    FOR EACH STATEMENT EXECUTE FUNCTION loan_transition_owner_only();

