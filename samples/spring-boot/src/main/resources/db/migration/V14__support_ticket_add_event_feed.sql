-- Statewise: changes workflow dev.statewise.samples.springboot.SupportTicket: add the event feed.
-- Generated from its declaration and support_ticket.snapshot.json. Commit this file and never edit
-- it: Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- The event feed: each change's version and place in the feed, and the consumers' positions
-- (decision 0028)
ALTER TABLE support_ticket_history ADD COLUMN version bigint, ADD COLUMN feed_xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE support_ticket_history ALTER COLUMN feed_xid SET DEFAULT pg_current_xact_id();
-- For new rows only: the rows there are stay '0', from before the feed.
ALTER TABLE support_ticket_history ADD CONSTRAINT support_ticket_history_feed_xid_check CHECK (feed_xid <> '0') NOT VALID;
ALTER TABLE support_ticket ADD COLUMN status_feed_xid xid8;
ALTER TABLE support_ticket ALTER COLUMN status_feed_xid SET DEFAULT pg_current_xact_id();
CREATE TABLE support_ticket_feed_position (
    consumer      text        NOT NULL,
    feed_xid      xid8        NOT NULL,
    history_id    bigint      NOT NULL,
    delivered     bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    moved_at      timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    failing_since timestamptz,
    retry_at      timestamptz,
    last_error    text,
    CONSTRAINT support_ticket_feed_position_pkey PRIMARY KEY (consumer),
    CONSTRAINT support_ticket_feed_position_consumer_check CHECK (consumer ~ '\A[a-z0-9][a-z0-9._-]{0,62}\Z'),
    CONSTRAINT support_ticket_feed_position_last_error_check CHECK (char_length(last_error) <= 2000)
);
GRANT SELECT, INSERT ON support_ticket_feed_position TO support_desk_app;
GRANT UPDATE (feed_xid, history_id, delivered, moved_at, attempts, failing_since, retry_at, last_error) ON support_ticket_feed_position TO support_desk_app;

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
    NEW.status_feed_xid := NULL;
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
    feed_key xid8;
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
        feed_key := greatest(pg_current_xact_id(), OLD.status_feed_xid);
        INSERT INTO @schema.support_ticket_history (support_ticket_id, transition, from_state, to_state, actor, reason, login_role,
                version, feed_xid)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason, session_user,
                OLD.version + 1, feed_key);
        NEW.status_feed_xid := feed_key;
    ELSE
        NEW.status_feed_xid := OLD.status_feed_xid;
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

-- Indexes
-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX support_ticket_history_feed_idx ON support_ticket_history (feed_xid, id) WHERE feed_xid <> '0';

-- Comments
COMMENT ON COLUMN support_ticket.status_feed_xid IS 'The feed key of the row''s latest event, which the next one is raised to (decision 0028). NULL until the row''s first change of state with the feed. Set by the triggers alone.';
COMMENT ON COLUMN support_ticket_history.version IS 'The row''s version after the change; NULL for a change made before the event feed.';
COMMENT ON COLUMN support_ticket_history.feed_xid IS 'With id, the change''s place in the event feed: the transaction that wrote it, raised to the row''s previous event''s when that is greater, so that each row''s events are read in version order (decision 0028). ''0'' for a change made before the feed.';
COMMENT ON TABLE support_ticket_feed_position IS 'Where each consumer of support_ticket''s event feed stands: the key (feed_xid, history_id) of the last event it handled, moved in the transaction of its handler. Written by dev.statewise.runtime.EventFeed; delete a consumer''s row to remove it.';
