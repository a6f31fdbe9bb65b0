-- Statewise: changes workflow dev.statewise.samples.taskboard.Task: update the schema to this
-- version of Statewise.
-- Generated from its declaration and task.snapshot.json. Commit this file and never edit it: Flyway
-- checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Trigger functions
CREATE OR REPLACE FUNCTION task_before_update() RETURNS trigger
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
              FROM task_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM task_transition e
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
                                FROM task_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'task',
                COLUMN = 'transition',
                MESSAGE = format('Task %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status);
        END IF;
        INSERT INTO task_history (task_id, transition, from_state, to_state, actor, reason)
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
CREATE OR REPLACE FUNCTION task_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM task_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'task',
                MESSAGE = 'task: TRUNCATE refused, since task_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM task_history h WHERE h.task_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'task',
            MESSAGE = format('Task %s: DELETE refused, since task_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$;
CREATE OR REPLACE FUNCTION task_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'task_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'task_history is written only by trigger task_before_update: INSERT refused'
            ELSE format('task_history is append-only: %s refused', TG_OP) END;
END
$$;
CREATE OR REPLACE FUNCTION task_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'task_transition',
        MESSAGE = format('task_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$;

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

-- Comments
COMMENT ON TABLE task_history IS 'Every state change of task, one row each, written only by trigger task_before_update, for repository and raw SQL alike, along an edge of task_transition. Append-only.';
