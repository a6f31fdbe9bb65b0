-- Statewise: changes workflow dev.statewise.samples.loan.LoanApplication: update the schema to this
-- version of Statewise.
-- Generated from its declaration and loan_application.snapshot.json. Commit this file and never
-- edit it: Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Who created each row, and which login role made each change (decision 0019)
ALTER TABLE loan_application ADD COLUMN created_by text, ADD COLUMN created_reason text, ADD COLUMN created_login_role text;
ALTER TABLE loan_application_history ADD COLUMN login_role text;

-- Trigger functions. Each block writes the schema this migration runs in for @schema: no session
-- can redirect a function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.stage NOT IN ('SUBMITTED') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'loan_application',
            COLUMN = 'stage',
            MESSAGE = format('LoanApplication: a new row starts in SUBMITTED, not in %s', NEW.stage);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'loan_application',
            MESSAGE = 'LoanApplication: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.loan_application'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('loan_application_before_update runs for table loan_application only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'loan_application',
            MESSAGE = format('LoanApplication %s: its id never changes, since loan_application_history names the row by it', OLD.id);
    END IF;
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.loan_application_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.loan_application_transition e
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
                                FROM @schema.loan_application_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan_application',
                COLUMN = 'transition',
                MESSAGE = format('LoanApplication %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.loan_application_history (loan_application_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.stage, NEW.stage, NEW.transition_actor, NEW.transition_reason, session_user);
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
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.loan_application'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('loan_application_before_delete runs for table loan_application only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.loan_application_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'loan_application',
                MESSAGE = 'loan_application: TRUNCATE refused, since loan_application_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.loan_application_history h WHERE h.loan_application_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'loan_application',
            MESSAGE = format('LoanApplication %s: DELETE refused, since loan_application_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'loan_application_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'loan_application_history is written only by trigger loan_application_before_update: INSERT refused'
            ELSE format('loan_application_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'loan_application_transition',
        MESSAGE = format('loan_application_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'loan_application_transition',
            MESSAGE = format('loan_application_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;

-- The history written by the owner's trigger alone, the edges by the owner alone, and the functions
-- run by their triggers alone (decision 0019); its actor and reason bounded, checked for new rows
-- now and for the rows it holds by the next migration
ALTER TABLE loan_application_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY loan_application_history_read ON loan_application_history FOR SELECT USING (true);
ALTER TABLE loan_application_history ADD CONSTRAINT loan_application_history_actor_check CHECK (char_length(actor) <= 256) NOT VALID;
ALTER TABLE loan_application_history ADD CONSTRAINT loan_application_history_reason_check CHECK (char_length(reason) <= 2000) NOT VALID;
CREATE TRIGGER loan_application_transition_owner_only BEFORE INSERT OR UPDATE ON loan_application_transition
    FOR EACH STATEMENT EXECUTE FUNCTION loan_application_transition_owner_only();
REVOKE EXECUTE ON FUNCTION loan_application_before_insert(), loan_application_before_update(), loan_application_before_delete(), loan_application_history_append_only(), loan_application_transition_keep_edges(), loan_application_transition_owner_only() FROM PUBLIC;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE loan_application ADD CONSTRAINT loan_application_amount_check CHECK (amount NOT IN ('NaN', 'Infinity', '-Infinity')) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_approved_on_check CHECK (isfinite(approved_on) IS NOT FALSE) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_funded_amount_check CHECK (funded_amount NOT IN ('NaN', 'Infinity', '-Infinity')) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_funded_at_check CHECK (isfinite(funded_at) IS NOT FALSE) NOT VALID;

-- Comments
COMMENT ON COLUMN loan_application.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN loan_application.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN loan_application.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON TABLE loan_application_history IS 'Every state change of loan_application, one row each, written only by trigger loan_application_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of loan_application_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN loan_application_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';
