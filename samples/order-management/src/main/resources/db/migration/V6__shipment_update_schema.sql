-- Statewise: changes workflow dev.statewise.samples.orders.Shipment: update the schema to this
-- version of Statewise.
-- Generated from its declaration and shipment.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Trigger functions
CREATE OR REPLACE FUNCTION shipment_before_update() RETURNS trigger
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
              FROM shipment_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM shipment_transition e
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
                                FROM shipment_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'shipment',
                COLUMN = 'transition',
                MESSAGE = format('Shipment %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status);
        END IF;
        INSERT INTO shipment_history (shipment_id, transition, from_state, to_state, actor, reason)
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
CREATE OR REPLACE FUNCTION shipment_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM shipment_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'shipment',
                MESSAGE = 'shipment: TRUNCATE refused, since shipment_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM shipment_history h WHERE h.shipment_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'shipment',
            MESSAGE = format('Shipment %s: DELETE refused, since shipment_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$;
CREATE OR REPLACE FUNCTION shipment_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'shipment_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'shipment_history is written only by trigger shipment_before_update: INSERT refused'
            ELSE format('shipment_history is append-only: %s refused', TG_OP) END;
END
$$;
CREATE OR REPLACE FUNCTION shipment_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'shipment_transition',
        MESSAGE = format('shipment_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$;

-- Triggers that keep the history whole without foreign keys (decision 0018)
CREATE TRIGGER shipment_before_delete BEFORE DELETE ON shipment
    FOR EACH ROW EXECUTE FUNCTION shipment_before_delete();
CREATE TRIGGER shipment_before_truncate BEFORE TRUNCATE ON shipment
    FOR EACH STATEMENT EXECUTE FUNCTION shipment_before_delete();
CREATE TRIGGER shipment_history_before_insert BEFORE INSERT ON shipment_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION shipment_history_append_only();
CREATE TRIGGER shipment_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON shipment_transition
    FOR EACH STATEMENT EXECUTE FUNCTION shipment_transition_keep_edges();
ALTER TABLE shipment_history DROP CONSTRAINT IF EXISTS shipment_history_shipment_fkey, DROP CONSTRAINT IF EXISTS shipment_history_transition_fkey;

-- Comments
COMMENT ON TABLE shipment_history IS 'Every state change of shipment, one row each, written only by trigger shipment_before_update, for repository and raw SQL alike, along an edge of shipment_transition. Append-only.';
