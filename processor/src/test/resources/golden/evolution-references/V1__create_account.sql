-- Statewise: the schema of workflow billing.Account.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE account (
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    status            text        NOT NULL DEFAULT 'OPEN',
    holder            text        NOT NULL,
    version           bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    transition        text,
    transition_actor  text,
    transition_reason text,
    CONSTRAINT account_pkey PRIMARY KEY (id),
    CONSTRAINT account_status_check CHECK (status IN ('OPEN', 'CLOSED'))
);

COMMENT ON TABLE account IS 'A customer account.';
COMMENT ON COLUMN account.status IS 'The state: one of OPEN, CLOSED. It changes only along a transition listed in account_transition.';
COMMENT ON COLUMN account.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN account.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in account_history, then reset to NULL.';
COMMENT ON COLUMN account.transition_actor IS 'Write-only: who takes the transition. Recorded in account_history, then reset to NULL.';
COMMENT ON COLUMN account.transition_reason IS 'Write-only: why the transition is taken. Recorded in account_history, then reset to NULL.';

CREATE INDEX account_status_idx ON account (status);
CREATE INDEX account_active_idx ON account (status, id) WHERE status NOT IN ('CLOSED');

CREATE TABLE account_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT account_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE account_transition IS 'The transitions of workflow Account: a row of account may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN account_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO account_transition (transition, from_state, to_state, description) VALUES
    ('close', 'OPEN', 'CLOSED', NULL);

CREATE TABLE account_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    account_id  bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_history_pkey PRIMARY KEY (id)
);

COMMENT ON TABLE account_history IS 'Every state change of account, one row each, written only by trigger account_before_update, for repository and raw SQL alike, along an edge of account_transition. Append-only.';

CREATE INDEX account_history_account_id_idx ON account_history (account_id, occurred_at);

CREATE FUNCTION account_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.status NOT IN ('OPEN') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'account',
            COLUMN = 'status',
            MESSAGE = format('Account: a new row starts in OPEN, not in %s', NEW.status);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER account_before_insert BEFORE INSERT ON account
    FOR EACH ROW EXECUTE FUNCTION account_before_insert();

CREATE FUNCTION account_before_update() RETURNS trigger
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
              FROM account_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM account_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'account',
                COLUMN = 'status',
                MESSAGE = format('Account %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM account_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'account',
                COLUMN = 'transition',
                MESSAGE = format('Account %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status);
        END IF;
        INSERT INTO account_history (account_id, transition, from_state, to_state, actor, reason)
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

CREATE TRIGGER account_before_update BEFORE UPDATE ON account
    FOR EACH ROW EXECUTE FUNCTION account_before_update();

CREATE FUNCTION account_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM account_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'account',
                MESSAGE = 'account: TRUNCATE refused, since account_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM account_history h WHERE h.account_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'account',
            MESSAGE = format('Account %s: DELETE refused, since account_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER account_before_delete BEFORE DELETE ON account
    FOR EACH ROW EXECUTE FUNCTION account_before_delete();

CREATE TRIGGER account_before_truncate BEFORE TRUNCATE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION account_before_delete();

CREATE FUNCTION account_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'account_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'account_history is written only by trigger account_before_update: INSERT refused'
            ELSE format('account_history is append-only: %s refused', TG_OP) END;
END
$$;

CREATE TRIGGER account_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON account_history
    FOR EACH STATEMENT EXECUTE FUNCTION account_history_append_only();

CREATE TRIGGER account_history_before_insert BEFORE INSERT ON account_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION account_history_append_only();

CREATE FUNCTION account_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'account_transition',
        MESSAGE = format('account_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$;

CREATE TRIGGER account_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON account_transition
    FOR EACH STATEMENT EXECUTE FUNCTION account_transition_keep_edges();

