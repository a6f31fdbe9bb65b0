-- Frozen for the benchmark: processor/src/test/resources/golden/V1__create_task.sql at commit cf79a81,
-- the last before every workflow kept when each row entered its state (<state>_since, 5b14801), as
-- the processor wrote it for this declaration. Not applied by Flyway.
-- Statewise: the schema of workflow workflows.Task.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE task (
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    status             text        NOT NULL DEFAULT 'BACKLOG',
    title              text        NOT NULL,
    assignee           text,
    start_date         date,
    reviewer           text,
    completed_at       timestamptz,
    blocked_reason     text,
    notes              text,
    version            bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    created_by         text,
    created_reason     text,
    created_login_role text,
    transition         text,
    transition_actor   text,
    transition_reason  text,
    CONSTRAINT task_pkey PRIMARY KEY (id),
    CONSTRAINT task_status_check CHECK (status IN ('BACKLOG', 'IN_PROGRESS', 'IN_REVIEW', 'DONE', 'BLOCKED')),
    CONSTRAINT task_start_date_check CHECK (isfinite(start_date) IS NOT FALSE),
    CONSTRAINT task_completed_at_check CHECK (isfinite(completed_at) IS NOT FALSE),
    CONSTRAINT task_backlog_check CHECK (status <> 'BACKLOG' OR (completed_at IS NULL AND blocked_reason IS NULL)),
    CONSTRAINT task_in_progress_check CHECK (status <> 'IN_PROGRESS' OR (assignee IS NOT NULL AND start_date IS NOT NULL AND completed_at IS NULL AND blocked_reason IS NULL)),
    CONSTRAINT task_in_review_check CHECK (status <> 'IN_REVIEW' OR (assignee IS NOT NULL AND start_date IS NOT NULL AND reviewer IS NOT NULL AND completed_at IS NULL AND blocked_reason IS NULL)),
    CONSTRAINT task_done_check CHECK (status <> 'DONE' OR (assignee IS NOT NULL AND start_date IS NOT NULL AND reviewer IS NOT NULL AND completed_at IS NOT NULL AND blocked_reason IS NULL)),
    CONSTRAINT task_blocked_check CHECK (status <> 'BLOCKED' OR (blocked_reason IS NOT NULL AND completed_at IS NULL))
);

COMMENT ON TABLE task IS 'A unit of work moving across the team''s board.';
COMMENT ON COLUMN task.status IS 'The state: one of BACKLOG, IN_PROGRESS, IN_REVIEW, DONE, BLOCKED. It changes only along a transition listed in task_transition.';
COMMENT ON COLUMN task.title IS 'What the task is about.';
COMMENT ON COLUMN task.assignee IS 'Who works on it.';
COMMENT ON COLUMN task.start_date IS 'When work started.';
COMMENT ON COLUMN task.reviewer IS 'Who reviews the work.';
COMMENT ON COLUMN task.completed_at IS 'When the review approved it.';
COMMENT ON COLUMN task.blocked_reason IS 'What blocks it.';
COMMENT ON COLUMN task.notes IS 'Anything worth knowing, in any state.';
COMMENT ON COLUMN task.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN task.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN task.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN task.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON COLUMN task.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in task_history, then reset to NULL.';
COMMENT ON COLUMN task.transition_actor IS 'Write-only: who takes the transition. Recorded in task_history, then reset to NULL.';
COMMENT ON COLUMN task.transition_reason IS 'Write-only: why the transition is taken. Recorded in task_history, then reset to NULL.';
COMMENT ON CONSTRAINT task_backlog_check ON task IS 'BACKLOG: Waiting to be picked up. A row in BACKLOG has completed_at, blocked_reason NULL.';
COMMENT ON CONSTRAINT task_in_progress_check ON task IS 'IN_PROGRESS: Someone is working on it. A row in IN_PROGRESS has assignee, start_date set; completed_at, blocked_reason NULL.';
COMMENT ON CONSTRAINT task_in_review_check ON task IS 'IN_REVIEW: Waiting for a reviewer. A row in IN_REVIEW has assignee, start_date, reviewer set; completed_at, blocked_reason NULL.';
COMMENT ON CONSTRAINT task_done_check ON task IS 'DONE: Approved and finished. A row in DONE has assignee, start_date, reviewer, completed_at set; blocked_reason NULL.';
COMMENT ON CONSTRAINT task_blocked_check ON task IS 'BLOCKED: Cannot move until something outside the team changes. A row in BLOCKED has blocked_reason set; completed_at NULL.';

CREATE INDEX task_status_idx ON task (status);
CREATE INDEX task_active_idx ON task (status, id) WHERE status NOT IN ('DONE');

CREATE TABLE task_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT task_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE task_transition IS 'The transitions of workflow Task: a row of task may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN task_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO task_transition (transition, from_state, to_state, description) VALUES
    ('start', 'BACKLOG', 'IN_PROGRESS', 'Picks the task up.'),
    ('submit', 'IN_PROGRESS', 'IN_REVIEW', 'Asks for a review.'),
    ('requestChanges', 'IN_REVIEW', 'IN_PROGRESS', 'Sends the work back for changes.'),
    ('approve', 'IN_REVIEW', 'DONE', 'Accepts the work.'),
    ('block', 'BACKLOG', 'BLOCKED', 'Stops work until something outside the team changes.'),
    ('block', 'IN_PROGRESS', 'BLOCKED', 'Stops work until something outside the team changes.'),
    ('block', 'IN_REVIEW', 'BLOCKED', 'Stops work until something outside the team changes.'),
    ('unblock', 'BLOCKED', 'BACKLOG', 'Returns a blocked task to the backlog; the reason is cleared on the way out.');

CREATE TABLE task_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    task_id     bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    login_role  text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_history_pkey PRIMARY KEY (id),
    CONSTRAINT task_history_actor_check CHECK (char_length(actor) <= 256),
    CONSTRAINT task_history_reason_check CHECK (char_length(reason) <= 2000)
);

COMMENT ON TABLE task_history IS 'Every state change of task, one row each, written only by trigger task_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of task_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN task_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';

CREATE INDEX task_history_task_id_idx ON task_history (task_id, occurred_at);

-- Each block writes the schema this migration runs in for @schema: no session can redirect a
-- function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.task_before_insert() RETURNS trigger
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
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION task_before_insert() FROM PUBLIC;

CREATE TRIGGER task_before_insert BEFORE INSERT ON task
    FOR EACH ROW EXECUTE FUNCTION task_before_insert();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.task_before_update() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION task_before_update() FROM PUBLIC;

CREATE TRIGGER task_before_update BEFORE UPDATE ON task
    FOR EACH ROW EXECUTE FUNCTION task_before_update();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.task_before_delete() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION task_before_delete() FROM PUBLIC;

CREATE TRIGGER task_before_delete BEFORE DELETE ON task
    FOR EACH ROW EXECUTE FUNCTION task_before_delete();

CREATE TRIGGER task_before_truncate BEFORE TRUNCATE ON task
    FOR EACH STATEMENT EXECUTE FUNCTION task_before_delete();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.task_history_append_only() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION task_history_append_only() FROM PUBLIC;

CREATE TRIGGER task_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON task_history
    FOR EACH STATEMENT EXECUTE FUNCTION task_history_append_only();

CREATE TRIGGER task_history_before_insert BEFORE INSERT ON task_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION task_history_append_only();

ALTER TABLE task_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY task_history_read ON task_history FOR SELECT USING (true);

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.task_transition_keep_edges() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION task_transition_keep_edges() FROM PUBLIC;

CREATE TRIGGER task_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON task_transition
    FOR EACH STATEMENT EXECUTE FUNCTION task_transition_keep_edges();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.task_transition_owner_only() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION task_transition_owner_only() FROM PUBLIC;

CREATE TRIGGER task_transition_owner_only BEFORE INSERT OR UPDATE ON task_transition
    FOR EACH STATEMENT EXECUTE FUNCTION task_transition_owner_only();

