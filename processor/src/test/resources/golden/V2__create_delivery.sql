-- Statewise: the schema of workflow workflows.Delivery.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

SET LOCAL lock_timeout = '5s';

CREATE TABLE delivery (
    id                   bigint      GENERATED ALWAYS AS IDENTITY,
    status               text        NOT NULL DEFAULT 'PACKED',
    purchase_id          bigint      NOT NULL,
    tracking_code        text,
    replaces_purchase_id bigint,
    proof_of_delivery    jsonb,
    version              bigint      NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    status_since         timestamptz NOT NULL DEFAULT now(),
    created_by           text,
    created_reason       text,
    created_login_role   text,
    transition           text,
    transition_actor     text,
    transition_reason    text,
    CONSTRAINT delivery_pkey PRIMARY KEY (id),
    CONSTRAINT delivery_status_check CHECK (status IN ('PACKED', 'SHIPPED', 'DELIVERED', 'RETURNED')),
    CONSTRAINT delivery_proof_of_delivery_check CHECK (proof_of_delivery <> 'null'),
    CONSTRAINT delivery_shipped_check CHECK (status <> 'SHIPPED' OR tracking_code IS NOT NULL),
    CONSTRAINT delivery_delivered_check CHECK (status <> 'DELIVERED' OR tracking_code IS NOT NULL),
    CONSTRAINT delivery_returned_check CHECK (status <> 'RETURNED' OR tracking_code IS NOT NULL),
    CONSTRAINT delivery_purchase_id_fkey FOREIGN KEY (purchase_id) REFERENCES purchase (id),
    CONSTRAINT delivery_replaces_purchase_id_fkey FOREIGN KEY (replaces_purchase_id) REFERENCES purchase (id)
);

COMMENT ON TABLE delivery IS 'A parcel on its way to the buyer of a purchase; a purchase may need several.';
COMMENT ON COLUMN delivery.status IS 'The state: one of PACKED, SHIPPED, DELIVERED, RETURNED. It changes only along a transition listed in delivery_transition.';
COMMENT ON COLUMN delivery.purchase_id IS 'The purchase it delivers.';
COMMENT ON COLUMN delivery.tracking_code IS 'The carrier''s tracking code: carriers reuse the codes of returned parcels.';
COMMENT ON COLUMN delivery.replaces_purchase_id IS 'The purchase this parcel replaces, at most one parcel per purchase.';
COMMENT ON COLUMN delivery.proof_of_delivery IS 'What the carrier reports on delivery.';
COMMENT ON COLUMN delivery.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN delivery.status_since IS 'When the row entered its current state, its creation included; a self-transition keeps it. Set by the triggers alone.';
COMMENT ON COLUMN delivery.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN delivery.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN delivery.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON COLUMN delivery.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in delivery_history, then reset to NULL.';
COMMENT ON COLUMN delivery.transition_actor IS 'Write-only: who takes the transition. Recorded in delivery_history, then reset to NULL.';
COMMENT ON COLUMN delivery.transition_reason IS 'Write-only: why the transition is taken. Recorded in delivery_history, then reset to NULL.';
COMMENT ON CONSTRAINT delivery_shipped_check ON delivery IS 'A row in SHIPPED has tracking_code set.';
COMMENT ON CONSTRAINT delivery_delivered_check ON delivery IS 'A row in DELIVERED has tracking_code set.';
COMMENT ON CONSTRAINT delivery_returned_check ON delivery IS 'A row in RETURNED has tracking_code set.';

CREATE INDEX delivery_status_idx ON delivery (status);
CREATE INDEX delivery_active_idx ON delivery (status, id) WHERE status NOT IN ('DELIVERED', 'RETURNED');
CREATE INDEX delivery_purchase_id_idx ON delivery (purchase_id);
CREATE UNIQUE INDEX delivery_tracking_code_key ON delivery (tracking_code) WHERE status IN ('SHIPPED', 'DELIVERED');
CREATE UNIQUE INDEX delivery_replaces_purchase_id_key ON delivery (replaces_purchase_id);

CREATE TABLE delivery_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT delivery_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE delivery_transition IS 'The transitions of workflow Delivery: a row of delivery may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN delivery_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO delivery_transition (transition, from_state, to_state, description) VALUES
    ('ship', 'PACKED', 'SHIPPED', NULL),
    ('deliver', 'SHIPPED', 'DELIVERED', NULL),
    ('returnToSender', 'SHIPPED', 'RETURNED', NULL);

CREATE TABLE delivery_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    delivery_id bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    login_role  text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT delivery_history_pkey PRIMARY KEY (id),
    CONSTRAINT delivery_history_actor_check CHECK (char_length(actor) <= 256),
    CONSTRAINT delivery_history_reason_check CHECK (char_length(reason) <= 2000)
);

COMMENT ON TABLE delivery_history IS 'Every state change of delivery, one row each, written only by trigger delivery_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of delivery_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN delivery_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';

CREATE INDEX delivery_history_delivery_id_idx ON delivery_history (delivery_id, occurred_at);

-- Each block writes the schema this migration runs in for @schema: no session can redirect a
-- function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.delivery_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('PACKED') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'delivery',
            COLUMN = 'status',
            MESSAGE = format('Delivery: a new row starts in PACKED, not in %s', NEW.status);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'delivery',
            MESSAGE = 'Delivery: who creates a row is at most 256 characters, and why at most 2000';
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
REVOKE EXECUTE ON FUNCTION delivery_before_insert() FROM PUBLIC;

CREATE TRIGGER delivery_before_insert BEFORE INSERT ON delivery
    FOR EACH ROW EXECUTE FUNCTION delivery_before_insert();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.delivery_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.delivery'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('delivery_before_update runs for table delivery only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'delivery',
            MESSAGE = format('Delivery %s: its id never changes, since delivery_history names the row by it', OLD.id);
    END IF;
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.delivery_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.delivery_transition e
             WHERE e.from_state = OLD.status
               AND e.to_state = NEW.status
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'delivery',
                COLUMN = 'status',
                MESSAGE = format('Delivery %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.delivery_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'delivery',
                COLUMN = 'transition',
                MESSAGE = format('Delivery %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.status, 'to', NEW.status, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.delivery_history (delivery_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.status, NEW.status, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.status_since := coalesce(OLD.status_since,
            (SELECT max(h.occurred_at) FROM @schema.delivery_history h
              WHERE h.delivery_id = OLD.id AND h.from_state <> h.to_state),
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
REVOKE EXECUTE ON FUNCTION delivery_before_update() FROM PUBLIC;

CREATE TRIGGER delivery_before_update BEFORE UPDATE ON delivery
    FOR EACH ROW EXECUTE FUNCTION delivery_before_update();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.delivery_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.delivery'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('delivery_before_delete runs for table delivery only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.delivery_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'delivery',
                MESSAGE = 'delivery: TRUNCATE refused, since delivery_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.delivery_history h WHERE h.delivery_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'delivery',
            MESSAGE = format('Delivery %s: DELETE refused, since delivery_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION delivery_before_delete() FROM PUBLIC;

CREATE TRIGGER delivery_before_delete BEFORE DELETE ON delivery
    FOR EACH ROW EXECUTE FUNCTION delivery_before_delete();

CREATE TRIGGER delivery_before_truncate BEFORE TRUNCATE ON delivery
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_before_delete();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.delivery_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'delivery_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'delivery_history is written only by trigger delivery_before_update: INSERT refused'
            ELSE format('delivery_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION delivery_history_append_only() FROM PUBLIC;

CREATE TRIGGER delivery_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON delivery_history
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_history_append_only();

CREATE TRIGGER delivery_history_before_insert BEFORE INSERT ON delivery_history
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION delivery_history_append_only();

ALTER TABLE delivery_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY delivery_history_read ON delivery_history FOR SELECT USING (true);

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.delivery_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'delivery_transition',
        MESSAGE = format('delivery_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION delivery_transition_keep_edges() FROM PUBLIC;

CREATE TRIGGER delivery_transition_keep_edges BEFORE UPDATE OF transition, from_state, to_state OR DELETE OR TRUNCATE ON delivery_transition
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_transition_keep_edges();

DO $create$ BEGIN EXECUTE replace($function$
CREATE FUNCTION @schema.delivery_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'delivery_transition',
            MESSAGE = format('delivery_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
REVOKE EXECUTE ON FUNCTION delivery_transition_owner_only() FROM PUBLIC;

CREATE TRIGGER delivery_transition_owner_only BEFORE INSERT OR UPDATE ON delivery_transition
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_transition_owner_only();

