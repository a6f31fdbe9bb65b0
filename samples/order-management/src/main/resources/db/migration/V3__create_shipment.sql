-- Statewise: the schema of workflow dev.statewise.samples.orders.Shipment.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

SET LOCAL lock_timeout = '5s';

CREATE TABLE shipment (
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    status            text        NOT NULL DEFAULT 'PREPARING',
    order_id          bigint      NOT NULL,
    items             jsonb       NOT NULL,
    carrier           text        NOT NULL,
    tracking_number   text,
    shipped_at        timestamptz,
    delivered_at      timestamptz,
    version           bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    transition        text,
    transition_actor  text,
    transition_reason text,
    CONSTRAINT shipment_pkey PRIMARY KEY (id),
    CONSTRAINT shipment_status_check CHECK (status IN ('PREPARING', 'SHIPPED', 'DELIVERED', 'RETURNED')),
    CONSTRAINT shipment_preparing_check CHECK (status <> 'PREPARING' OR delivered_at IS NULL),
    CONSTRAINT shipment_shipped_check CHECK (status <> 'SHIPPED' OR (tracking_number IS NOT NULL AND shipped_at IS NOT NULL AND delivered_at IS NULL)),
    CONSTRAINT shipment_delivered_check CHECK (status <> 'DELIVERED' OR (tracking_number IS NOT NULL AND shipped_at IS NOT NULL AND delivered_at IS NOT NULL)),
    CONSTRAINT shipment_returned_check CHECK (status <> 'RETURNED' OR (tracking_number IS NOT NULL AND shipped_at IS NOT NULL AND delivered_at IS NULL)),
    CONSTRAINT shipment_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id)
);

COMMENT ON TABLE shipment IS 'A parcel of an order. An order may leave in several: partial shipments.';
COMMENT ON COLUMN shipment.status IS 'The state: one of PREPARING, SHIPPED, DELIVERED, RETURNED. It changes only along a transition listed in shipment_transition.';
COMMENT ON COLUMN shipment.order_id IS 'The order it is part of.';
COMMENT ON COLUMN shipment.items IS 'What the parcel holds, as JSON: an array of {"sku", "quantity"} objects.';
COMMENT ON COLUMN shipment.carrier IS 'Who carries it.';
COMMENT ON COLUMN shipment.tracking_number IS 'The carrier''s tracking number: unique among parcels on the road or delivered; carriers reuse the number of a parcel that came back.';
COMMENT ON COLUMN shipment.shipped_at IS 'When the carrier took it.';
COMMENT ON COLUMN shipment.delivered_at IS 'When the customer received it.';
COMMENT ON COLUMN shipment.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN shipment.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in shipment_history, then reset to NULL.';
COMMENT ON COLUMN shipment.transition_actor IS 'Write-only: who takes the transition. Recorded in shipment_history, then reset to NULL.';
COMMENT ON COLUMN shipment.transition_reason IS 'Write-only: why the transition is taken. Recorded in shipment_history, then reset to NULL.';
COMMENT ON CONSTRAINT shipment_preparing_check ON shipment IS 'PREPARING: Being packed in the warehouse. A row in PREPARING has delivered_at NULL.';
COMMENT ON CONSTRAINT shipment_shipped_check ON shipment IS 'SHIPPED: Handed to the carrier. A row in SHIPPED has tracking_number, shipped_at set; delivered_at NULL.';
COMMENT ON CONSTRAINT shipment_delivered_check ON shipment IS 'DELIVERED: The customer has it. A row in DELIVERED has tracking_number, shipped_at, delivered_at set.';
COMMENT ON CONSTRAINT shipment_returned_check ON shipment IS 'RETURNED: The carrier brought it back. A row in RETURNED has tracking_number, shipped_at set; delivered_at NULL.';

CREATE INDEX shipment_status_idx ON shipment (status);
CREATE INDEX shipment_active_idx ON shipment (status, id) WHERE status NOT IN ('DELIVERED', 'RETURNED');
CREATE INDEX shipment_order_id_idx ON shipment (order_id);
CREATE UNIQUE INDEX shipment_tracking_number_key ON shipment (tracking_number) WHERE status IN ('SHIPPED', 'DELIVERED');

CREATE TABLE shipment_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT shipment_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE shipment_transition IS 'The transitions of workflow Shipment: a row of shipment may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN shipment_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO shipment_transition (transition, from_state, to_state, description) VALUES
    ('ship', 'PREPARING', 'SHIPPED', 'The carrier takes the parcel.'),
    ('deliver', 'SHIPPED', 'DELIVERED', 'The customer receives it.'),
    ('returnToSender', 'SHIPPED', 'RETURNED', 'The carrier could not deliver it and brings it back.');

CREATE TABLE shipment_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    shipment_id bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shipment_history_pkey PRIMARY KEY (id),
    CONSTRAINT shipment_history_shipment_fkey FOREIGN KEY (shipment_id) REFERENCES shipment (id),
    CONSTRAINT shipment_history_transition_fkey FOREIGN KEY (from_state, to_state, transition)
        REFERENCES shipment_transition (from_state, to_state, transition)
);

COMMENT ON TABLE shipment_history IS 'Every state change of shipment, one row each, written by trigger shipment_before_update for repository and raw SQL alike. Append-only.';

CREATE INDEX shipment_history_shipment_id_idx ON shipment_history (shipment_id, occurred_at);

CREATE FUNCTION shipment_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.status NOT IN ('PREPARING') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'shipment',
            COLUMN = 'status',
            MESSAGE = format('Shipment: a new row starts in PREPARING, not in %s', NEW.status);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER shipment_before_insert BEFORE INSERT ON shipment
    FOR EACH ROW EXECUTE FUNCTION shipment_before_insert();

CREATE FUNCTION shipment_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF NEW.status IS NOT NULL
            AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
        SELECT count(*), min(e.transition) INTO edge_count, edge_name
          FROM shipment_transition e
         WHERE e.from_state = OLD.status
           AND e.to_state = NEW.status
           AND NOT e.retired
           AND (NEW.transition IS NULL OR e.transition = NEW.transition);
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

CREATE TRIGGER shipment_before_update BEFORE UPDATE ON shipment
    FOR EACH ROW EXECUTE FUNCTION shipment_before_update();

CREATE FUNCTION shipment_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'shipment_history',
        MESSAGE = format('shipment_history is append-only: %s refused', TG_OP);
END
$$;

CREATE TRIGGER shipment_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON shipment_history
    FOR EACH STATEMENT EXECUTE FUNCTION shipment_history_append_only();

