-- Statewise: changes workflow dev.statewise.samples.taskboard.Task: update the schema to this
-- version of Statewise.
-- Generated from its declaration and task.snapshot.json. Commit this file and never edit it: Flyway
-- checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- When each row entered its state, and its deadline if it has one: kept by the triggers (decision
-- 0026)
ALTER TABLE task ADD COLUMN status_since timestamptz;
ALTER TABLE task ALTER COLUMN status_since SET DEFAULT now();

-- Who created each row, and which login role made each change (decision 0019)
ALTER TABLE task ADD COLUMN created_by text, ADD COLUMN created_reason text, ADD COLUMN created_login_role text;
ALTER TABLE task_history ADD COLUMN login_role text;

-- Trigger functions. Each block writes the schema this migration runs in for @schema: no session
-- can redirect a function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.task_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('BACKLOG') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'task',
            COLUMN = 'status',
            MESSAGE = format('Task: a new row starts in BACKLOG, not in %s', NEW.status);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'task',
            MESSAGE = 'Task: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.status_since := NEW.created_at;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.task_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.task'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('task_before_update runs for table task only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'task',
            MESSAGE = format('Task %s: its id never changes, since task_history names the row by it', OLD.id);
    END IF;
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.task_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.task_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'task',
                COLUMN = 'status',
                MESSAGE = format('Task %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.task_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'task',
                COLUMN = 'transition',
                MESSAGE = format('Task %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.task_history (task_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.status_since := coalesce(OLD.status_since,
            (SELECT max(h.occurred_at) FROM @schema.task_history h
              WHERE h.task_id = OLD.id AND h.from_state <> h.to_state),
            OLD.created_at);
    END IF;
    -- An update that changes nothing but this column (a migration that fills it) leaves
    -- the row as it was: it keeps its version.
    IF NEW.status = OLD.status AND NEW.transition IS NULL
            AND NEW.status_since IS DISTINCT FROM OLD.status_since
            AND to_jsonb(NEW) - ARRAY['status_since'] = to_jsonb(OLD) - ARRAY['status_since'] THEN
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
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.task_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.task'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('task_before_delete runs for table task only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.task_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'task',
                MESSAGE = 'task: TRUNCATE refused, since task_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.task_history h WHERE h.task_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'task',
            MESSAGE = format('Task %s: DELETE refused, since task_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.task_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'task_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'task_history is written only by trigger task_before_update: INSERT refused'
            ELSE format('task_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.task_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'task_transition',
        MESSAGE = format('task_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.task_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'task_transition',
            MESSAGE = format('task_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;

-- Triggers that keep the history whole without foreign keys (decision 0018)
CREATE TRIGGER task_before_delete BEFORE DELETE ON task
    FOR EACH ROW EXECUTE FUNCTION task_before_delete();
CREATE TRIGGER task_before_truncate BEFORE TRUNCATE ON task
    FOR EACH STATEMENT EXECUTE FUNCTION task_before_delete();
CREATE TRIGGER task_history_before_insert BEFORE INSERT ON task_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION task_history_append_only();
CREATE TRIGGER task_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON task_transition
    FOR EACH STATEMENT EXECUTE FUNCTION task_transition_keep_edges();
ALTER TABLE task_history DROP CONSTRAINT IF EXISTS task_history_task_fkey, DROP CONSTRAINT IF EXISTS task_history_transition_fkey;

-- The history written by the owner's trigger alone, the edges by the owner alone, and the functions
-- run by their triggers alone (decision 0019); its actor and reason bounded, checked for new rows
-- now and for the rows it holds by the next migration
ALTER TABLE task_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY task_history_read ON task_history FOR SELECT USING (true);
ALTER TABLE task_history ADD CONSTRAINT task_history_actor_check CHECK (char_length(actor) <= 256) NOT VALID;
ALTER TABLE task_history ADD CONSTRAINT task_history_reason_check CHECK (char_length(reason) <= 2000) NOT VALID;
CREATE TRIGGER task_transition_owner_only BEFORE INSERT OR UPDATE ON task_transition
    FOR EACH STATEMENT EXECUTE FUNCTION task_transition_owner_only();
REVOKE EXECUTE ON FUNCTION task_before_insert(), task_before_update(), task_before_delete(), task_history_append_only(), task_transition_keep_edges(), task_transition_owner_only() FROM PUBLIC;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE task ADD CONSTRAINT task_start_date_check CHECK (isfinite(start_date) IS NOT FALSE) NOT VALID;
ALTER TABLE task ADD CONSTRAINT task_completed_at_check CHECK (isfinite(completed_at) IS NOT FALSE) NOT VALID;
ALTER TABLE task ADD CONSTRAINT task_status_since_not_null CHECK (status_since IS NOT NULL) NOT VALID;

-- Comments
COMMENT ON COLUMN task.status_since IS 'When the row entered its current state, its creation included; a self-transition keeps it. Set by the triggers alone.';
COMMENT ON COLUMN task.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN task.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN task.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON TABLE task_history IS 'Every state change of task, one row each, written only by trigger task_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of task_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN task_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';
