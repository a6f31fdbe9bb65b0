-- Statewise: changes workflow dev.statewise.samples.orders.Order: update the schema to this version
-- of Statewise.
-- Generated from its declaration and orders.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Trigger functions
CREATE OR REPLACE FUNCTION orders_before_update() RETURNS trigger
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
              FROM orders_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM orders_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'orders',
                COLUMN = 'status',
                MESSAGE = format('Order %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM orders_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'orders',
                COLUMN = 'transition',
                MESSAGE = format('Order %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status);
        END IF;
        INSERT INTO orders_history (orders_id, transition, from_state, to_state, actor, reason)
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
CREATE OR REPLACE FUNCTION orders_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM orders_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'orders',
                MESSAGE = 'orders: TRUNCATE refused, since orders_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM orders_history h WHERE h.orders_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'orders',
            MESSAGE = format('Order %s: DELETE refused, since orders_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$;
CREATE OR REPLACE FUNCTION orders_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'orders_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'orders_history is written only by trigger orders_before_update: INSERT refused'
            ELSE format('orders_history is append-only: %s refused', TG_OP) END;
END
$$;
CREATE OR REPLACE FUNCTION orders_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'orders_transition',
        MESSAGE = format('orders_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$;

-- Triggers that keep the history whole without foreign keys (decision 0018)
CREATE TRIGGER orders_before_delete BEFORE DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_before_delete();
CREATE TRIGGER orders_before_truncate BEFORE TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION orders_before_delete();
CREATE TRIGGER orders_history_before_insert BEFORE INSERT ON orders_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION orders_history_append_only();
CREATE TRIGGER orders_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON orders_transition
    FOR EACH STATEMENT EXECUTE FUNCTION orders_transition_keep_edges();
ALTER TABLE orders_history DROP CONSTRAINT IF EXISTS orders_history_orders_fkey, DROP CONSTRAINT IF EXISTS orders_history_transition_fkey;

-- Comments
COMMENT ON TABLE orders_history IS 'Every state change of orders, one row each, written only by trigger orders_before_update, for repository and raw SQL alike, along an edge of orders_transition. Append-only.';
