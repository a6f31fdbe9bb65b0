-- Statewise: changes workflow dev.statewise.samples.loan.LoanApplication: update the schema to this
-- version of Statewise.
-- Generated from its declaration and loan_application.snapshot.json. Commit this file and never
-- edit it: Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Trigger functions
CREATE OR REPLACE FUNCTION loan_application_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM loan_application_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM loan_application_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan_application',
                COLUMN = 'stage',
                MESSAGE = format('LoanApplication %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.stage, NEW.stage, OLD.stage,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM loan_application_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan_application',
                COLUMN = 'transition',
                MESSAGE = format('LoanApplication %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage);
        END IF;
        INSERT INTO loan_application_history (loan_application_id, transition, from_state, to_state, actor, reason)
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
CREATE OR REPLACE FUNCTION loan_application_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM loan_application_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'loan_application',
                MESSAGE = 'loan_application: TRUNCATE refused, since loan_application_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM loan_application_history h WHERE h.loan_application_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'loan_application',
            MESSAGE = format('LoanApplication %s: DELETE refused, since loan_application_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$;
CREATE OR REPLACE FUNCTION loan_application_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'loan_application_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'loan_application_history is written only by trigger loan_application_before_update: INSERT refused'
            ELSE format('loan_application_history is append-only: %s refused', TG_OP) END;
END
$$;
CREATE OR REPLACE FUNCTION loan_application_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'loan_application_transition',
        MESSAGE = format('loan_application_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$;

-- Triggers that keep the history whole without foreign keys (decision 0018)
CREATE TRIGGER loan_application_before_delete BEFORE DELETE ON loan_application
    FOR EACH ROW EXECUTE FUNCTION loan_application_before_delete();
CREATE TRIGGER loan_application_before_truncate BEFORE TRUNCATE ON loan_application
    FOR EACH STATEMENT EXECUTE FUNCTION loan_application_before_delete();
CREATE TRIGGER loan_application_history_before_insert BEFORE INSERT ON loan_application_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION loan_application_history_append_only();
CREATE TRIGGER loan_application_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON loan_application_transition
    FOR EACH STATEMENT EXECUTE FUNCTION loan_application_transition_keep_edges();
ALTER TABLE loan_application_history DROP CONSTRAINT IF EXISTS loan_application_history_loan_application_fkey, DROP CONSTRAINT IF EXISTS loan_application_history_transition_fkey;

-- Comments
COMMENT ON TABLE loan_application_history IS 'Every state change of loan_application, one row each, written only by trigger loan_application_before_update, for repository and raw SQL alike, along an edge of loan_application_transition. Append-only.';
