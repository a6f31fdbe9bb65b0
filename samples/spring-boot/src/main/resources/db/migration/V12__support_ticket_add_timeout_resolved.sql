-- Statewise: changes workflow dev.statewise.samples.springboot.SupportTicket: add a timeout to
-- RESOLVED.
-- Generated from its declaration and support_ticket.snapshot.json. Commit this file and never edit
-- it: Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE support_ticket DROP CONSTRAINT support_ticket_open_check;
ALTER TABLE support_ticket DROP CONSTRAINT support_ticket_in_progress_check;
ALTER TABLE support_ticket DROP CONSTRAINT support_ticket_waiting_on_customer_check;
ALTER TABLE support_ticket DROP CONSTRAINT support_ticket_resolved_check;
ALTER TABLE support_ticket DROP CONSTRAINT support_ticket_closed_check;

-- When each row entered its state, and its deadline if it has one: kept by the triggers (decision
-- 0026)
ALTER TABLE support_ticket ADD COLUMN status_deadline timestamptz, ADD COLUMN status_retry_at timestamptz;

-- Trigger functions. Each block writes the schema this migration runs in for @schema: no session
-- can redirect a function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.support_ticket_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('OPEN') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'support_ticket',
            COLUMN = 'status',
            MESSAGE = format('SupportTicket: a new row starts in OPEN, not in %s', NEW.status);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'support_ticket',
            MESSAGE = 'SupportTicket: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.status_since := NEW.created_at;
    NEW.status_deadline := CASE NEW.status
        WHEN 'RESOLVED' THEN NEW.status_since + interval '604800 seconds'
    END;
    NEW.status_retry_at := NULL;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.support_ticket_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.support_ticket'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('support_ticket_before_update runs for table support_ticket only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'support_ticket',
            MESSAGE = format('SupportTicket %s: its id never changes, since support_ticket_history names the row by it', OLD.id);
    END IF;
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.support_ticket_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.support_ticket_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'support_ticket',
                COLUMN = 'status',
                MESSAGE = format('SupportTicket %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.support_ticket_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'support_ticket',
                COLUMN = 'transition',
                MESSAGE = format('SupportTicket %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.support_ticket_history (support_ticket_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.status_since := coalesce(OLD.status_since,
            (SELECT max(h.occurred_at) FROM @schema.support_ticket_history h
              WHERE h.support_ticket_id = OLD.id AND h.from_state <> h.to_state),
            OLD.created_at);
    END IF;
    NEW.status_deadline := CASE NEW.status
        WHEN 'RESOLVED' THEN NEW.status_since + interval '604800 seconds'
    END;
    IF NEW.status_deadline IS DISTINCT FROM OLD.status_deadline THEN
        NEW.status_retry_at := NULL;
    END IF;
    -- An update that changes nothing but these columns (a migration that fills them, or the
    -- retry of a failed timeout) leaves the row as it was: it keeps its version.
    IF NEW.status = OLD.status AND NEW.transition IS NULL
            AND (NEW.status_since, NEW.status_deadline, NEW.status_retry_at) IS DISTINCT FROM (OLD.status_since, OLD.status_deadline, OLD.status_retry_at)
            AND to_jsonb(NEW) - ARRAY['status_since', 'status_deadline', 'status_retry_at'] = to_jsonb(OLD) - ARRAY['status_since', 'status_deadline', 'status_retry_at'] THEN
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

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE support_ticket ADD CONSTRAINT support_ticket_open_check CHECK (status <> 'OPEN' OR (question IS NULL AND resolution IS NULL AND status_deadline IS NULL)) NOT VALID;
ALTER TABLE support_ticket ADD CONSTRAINT support_ticket_in_progress_check CHECK (status <> 'IN_PROGRESS' OR (agent IS NOT NULL AND question IS NULL AND resolution IS NULL AND status_deadline IS NULL)) NOT VALID;
ALTER TABLE support_ticket ADD CONSTRAINT support_ticket_waiting_on_customer_check CHECK (status <> 'WAITING_ON_CUSTOMER' OR (agent IS NOT NULL AND question IS NOT NULL AND resolution IS NULL AND status_deadline IS NULL)) NOT VALID;
ALTER TABLE support_ticket ADD CONSTRAINT support_ticket_resolved_check CHECK (status <> 'RESOLVED' OR (agent IS NOT NULL AND resolution IS NOT NULL AND question IS NULL AND status_deadline IS NOT DISTINCT FROM status_since + interval '604800 seconds')) NOT VALID;
ALTER TABLE support_ticket ADD CONSTRAINT support_ticket_closed_check CHECK (status <> 'CLOSED' OR (resolution IS NOT NULL AND question IS NULL AND status_deadline IS NULL)) NOT VALID;

-- Indexes
-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX support_ticket_status_deadline_idx ON support_ticket (status_deadline) WHERE status_deadline IS NOT NULL;

-- Comments
COMMENT ON COLUMN support_ticket.status_deadline IS 'When the row''s timeout falls due: in RESOLVED 7 days after entering the state, when close fires. NULL in the other states. Set by the triggers alone.';
COMMENT ON COLUMN support_ticket.status_retry_at IS 'When a due timeout whose firing failed is tried again. NULL until a firing fails; cleared whenever the deadline changes.';
COMMENT ON CONSTRAINT support_ticket_open_check ON support_ticket IS 'OPEN: Reported, waiting for an agent. A row in OPEN has question, resolution NULL; status_deadline NULL.';
COMMENT ON CONSTRAINT support_ticket_in_progress_check ON support_ticket IS 'IN_PROGRESS: An agent is working on it. A row in IN_PROGRESS has agent set; question, resolution NULL; status_deadline NULL.';
COMMENT ON CONSTRAINT support_ticket_waiting_on_customer_check ON support_ticket IS 'WAITING_ON_CUSTOMER: The agent asked the customer a question and waits for the answer. A row in WAITING_ON_CUSTOMER has agent, question set; resolution NULL; status_deadline NULL.';
COMMENT ON CONSTRAINT support_ticket_resolved_check ON support_ticket IS 'RESOLVED: Solved; the customer may still reopen it, for seven days, after which it is closed. A row in RESOLVED has agent, resolution set; question NULL; its deadline 7 days after entering the state.';
COMMENT ON CONSTRAINT support_ticket_closed_check ON support_ticket IS 'CLOSED: Done for good. A row in CLOSED has resolution set; question NULL; status_deadline NULL.';
