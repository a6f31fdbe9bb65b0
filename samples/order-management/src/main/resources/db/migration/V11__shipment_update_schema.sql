-- Statewise: changes workflow dev.statewise.samples.orders.Shipment: update the schema to this
-- version of Statewise.
-- Generated from its declaration and shipment.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Who created each row, and which login role made each change (decision 0019)
ALTER TABLE shipment ADD COLUMN created_by text, ADD COLUMN created_reason text, ADD COLUMN created_login_role text;
ALTER TABLE shipment_history ADD COLUMN login_role text;

-- Trigger functions. Each block writes the schema this migration runs in for @schema: no session
-- can redirect a function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.shipment_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('PREPARING') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'shipment',
            COLUMN = 'status',
            MESSAGE = format('Shipment: a new row starts in PREPARING, not in %s', NEW.status);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'shipment',
            MESSAGE = 'Shipment: who creates a row is at most 256 characters, and why at most 2000';
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
CREATE OR REPLACE FUNCTION @schema.shipment_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.shipment'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('shipment_before_update runs for table shipment only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'shipment',
            MESSAGE = format('Shipment %s: its id never changes, since shipment_history names the row by it', OLD.id);
    END IF;
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.shipment_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.shipment_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'shipment',
                COLUMN = 'status',
                MESSAGE = format('Shipment %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.shipment_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'shipment',
                COLUMN = 'transition',
                MESSAGE = format('Shipment %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.shipment_history (shipment_id, transition, from_state, to_state, actor, reason, login_role)
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
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.shipment_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.shipment'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('shipment_before_delete runs for table shipment only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.shipment_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'shipment',
                MESSAGE = 'shipment: TRUNCATE refused, since shipment_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.shipment_history h WHERE h.shipment_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'shipment',
            MESSAGE = format('Shipment %s: DELETE refused, since shipment_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.shipment_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'shipment_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'shipment_history is written only by trigger shipment_before_update: INSERT refused'
            ELSE format('shipment_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.shipment_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'shipment_transition',
        MESSAGE = format('shipment_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.shipment_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'shipment_transition',
            MESSAGE = format('shipment_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;

-- The history written by the owner's trigger alone, the edges by the owner alone, and the functions
-- run by their triggers alone (decision 0019); its actor and reason bounded, checked for new rows
-- now and for the rows it holds by the next migration
ALTER TABLE shipment_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY shipment_history_read ON shipment_history FOR SELECT USING (true);
ALTER TABLE shipment_history ADD CONSTRAINT shipment_history_actor_check CHECK (char_length(actor) <= 256) NOT VALID;
ALTER TABLE shipment_history ADD CONSTRAINT shipment_history_reason_check CHECK (char_length(reason) <= 2000) NOT VALID;
CREATE TRIGGER shipment_transition_owner_only BEFORE INSERT OR UPDATE ON shipment_transition
    FOR EACH STATEMENT EXECUTE FUNCTION shipment_transition_owner_only();
REVOKE EXECUTE ON FUNCTION shipment_before_insert(), shipment_before_update(), shipment_before_delete(), shipment_history_append_only(), shipment_transition_keep_edges(), shipment_transition_owner_only() FROM PUBLIC;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE shipment ADD CONSTRAINT shipment_items_check CHECK (items <> 'null') NOT VALID;
ALTER TABLE shipment ADD CONSTRAINT shipment_shipped_at_check CHECK (isfinite(shipped_at) IS NOT FALSE) NOT VALID;
ALTER TABLE shipment ADD CONSTRAINT shipment_delivered_at_check CHECK (isfinite(delivered_at) IS NOT FALSE) NOT VALID;

-- Comments
COMMENT ON COLUMN shipment.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN shipment.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN shipment.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON TABLE shipment_history IS 'Every state change of shipment, one row each, written only by trigger shipment_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of shipment_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN shipment_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';
