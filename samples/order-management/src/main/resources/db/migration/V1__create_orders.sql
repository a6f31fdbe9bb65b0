-- Statewise: the schema of workflow dev.statewise.samples.orders.Order.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE orders (
    id                  bigint         GENERATED ALWAYS AS IDENTITY,
    status              text           NOT NULL DEFAULT 'CART',
    customer            text           NOT NULL,
    items               jsonb          NOT NULL,
    total               numeric(12, 2) NOT NULL,
    placed_at           timestamptz,
    backorder_note      text,
    delivered_at        timestamptz,
    cancellation_reason text,
    return_reason       text,
    version             bigint         NOT NULL DEFAULT 0,
    created_at          timestamptz    NOT NULL DEFAULT now(),
    updated_at          timestamptz    NOT NULL DEFAULT now(),
    transition          text,
    transition_actor    text,
    transition_reason   text,
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT orders_status_check CHECK (status IN ('CART', 'PLACED', 'BACKORDERED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED')),
    CONSTRAINT orders_cart_check CHECK (status <> 'CART' OR (backorder_note IS NULL AND cancellation_reason IS NULL AND return_reason IS NULL)),
    CONSTRAINT orders_placed_check CHECK (status <> 'PLACED' OR (placed_at IS NOT NULL AND backorder_note IS NULL AND cancellation_reason IS NULL AND return_reason IS NULL)),
    CONSTRAINT orders_backordered_check CHECK (status <> 'BACKORDERED' OR (placed_at IS NOT NULL AND backorder_note IS NOT NULL AND cancellation_reason IS NULL AND return_reason IS NULL)),
    CONSTRAINT orders_partially_shipped_check CHECK (status <> 'PARTIALLY_SHIPPED' OR (placed_at IS NOT NULL AND backorder_note IS NULL AND cancellation_reason IS NULL AND return_reason IS NULL)),
    CONSTRAINT orders_shipped_check CHECK (status <> 'SHIPPED' OR (placed_at IS NOT NULL AND backorder_note IS NULL AND cancellation_reason IS NULL AND return_reason IS NULL)),
    CONSTRAINT orders_delivered_check CHECK (status <> 'DELIVERED' OR (placed_at IS NOT NULL AND delivered_at IS NOT NULL AND backorder_note IS NULL AND cancellation_reason IS NULL AND return_reason IS NULL)),
    CONSTRAINT orders_cancelled_check CHECK (status <> 'CANCELLED' OR (cancellation_reason IS NOT NULL AND backorder_note IS NULL AND return_reason IS NULL)),
    CONSTRAINT orders_returned_check CHECK (status <> 'RETURNED' OR (placed_at IS NOT NULL AND delivered_at IS NOT NULL AND return_reason IS NOT NULL AND backorder_note IS NULL AND cancellation_reason IS NULL))
);

COMMENT ON TABLE orders IS 'A customer''s order, from the cart to the parcels delivered, or sent back. Its payments and its shipments are workflows of their own that reference it.';
COMMENT ON COLUMN orders.status IS 'The state: one of CART, PLACED, BACKORDERED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, CANCELLED, RETURNED. It changes only along a transition listed in orders_transition.';
COMMENT ON COLUMN orders.customer IS 'Who orders.';
COMMENT ON COLUMN orders.items IS 'The cart''s lines, as JSON: an array of {"sku", "quantity"} objects.';
COMMENT ON COLUMN orders.total IS 'What the cart costs: captured payments must cover it before the order is placed.';
COMMENT ON COLUMN orders.placed_at IS 'When the payments covered the total.';
COMMENT ON COLUMN orders.backorder_note IS 'What is missing, while the order waits for stock.';
COMMENT ON COLUMN orders.delivered_at IS 'When the last parcel arrived.';
COMMENT ON COLUMN orders.cancellation_reason IS 'Why the order was given up.';
COMMENT ON COLUMN orders.return_reason IS 'Why the customer sent it back.';
COMMENT ON COLUMN orders.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN orders.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in orders_history, then reset to NULL.';
COMMENT ON COLUMN orders.transition_actor IS 'Write-only: who takes the transition. Recorded in orders_history, then reset to NULL.';
COMMENT ON COLUMN orders.transition_reason IS 'Write-only: why the transition is taken. Recorded in orders_history, then reset to NULL.';
COMMENT ON CONSTRAINT orders_cart_check ON orders IS 'CART: The customer fills the cart; nothing is paid yet. A row in CART has backorder_note, cancellation_reason, return_reason NULL.';
COMMENT ON CONSTRAINT orders_placed_check ON orders IS 'PLACED: Paid for in full, waiting to be shipped. A row in PLACED has placed_at set; backorder_note, cancellation_reason, return_reason NULL.';
COMMENT ON CONSTRAINT orders_backordered_check ON orders IS 'BACKORDERED: Paid for, but some items are out of stock. A row in BACKORDERED has placed_at, backorder_note set; cancellation_reason, return_reason NULL.';
COMMENT ON CONSTRAINT orders_partially_shipped_check ON orders IS 'PARTIALLY_SHIPPED: Some parcels are on their way, others are not sent yet. A row in PARTIALLY_SHIPPED has placed_at set; backorder_note, cancellation_reason, return_reason NULL.';
COMMENT ON CONSTRAINT orders_shipped_check ON orders IS 'SHIPPED: Every parcel is on its way. A row in SHIPPED has placed_at set; backorder_note, cancellation_reason, return_reason NULL.';
COMMENT ON CONSTRAINT orders_delivered_check ON orders IS 'DELIVERED: Every parcel arrived. A row in DELIVERED has placed_at, delivered_at set; backorder_note, cancellation_reason, return_reason NULL.';
COMMENT ON CONSTRAINT orders_cancelled_check ON orders IS 'CANCELLED: Given up before anything was shipped. A row in CANCELLED has cancellation_reason set; backorder_note, return_reason NULL.';
COMMENT ON CONSTRAINT orders_returned_check ON orders IS 'RETURNED: Sent back by the customer after delivery. A row in RETURNED has placed_at, delivered_at, return_reason set; backorder_note, cancellation_reason NULL.';

CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_active_idx ON orders (status, id) WHERE status NOT IN ('CANCELLED', 'RETURNED');

CREATE TABLE orders_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT orders_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE orders_transition IS 'The transitions of workflow Order: a row of orders may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN orders_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO orders_transition (transition, from_state, to_state, description) VALUES
    ('updateCart', 'CART', 'CART', 'The customer changes the cart.'),
    ('place', 'CART', 'PLACED', 'Payments cover the total: see OrderDesk, which checks it.'),
    ('backorder', 'PLACED', 'BACKORDERED', 'Some items are out of stock.'),
    ('restock', 'BACKORDERED', 'PLACED', 'The missing items are in stock again.'),
    ('shipPart', 'PLACED', 'PARTIALLY_SHIPPED', 'A first parcel leaves, and more will follow.'),
    ('shipPart', 'BACKORDERED', 'PARTIALLY_SHIPPED', 'A first parcel leaves, and more will follow.'),
    ('shipAll', 'PLACED', 'SHIPPED', 'The last parcel leaves.'),
    ('shipAll', 'BACKORDERED', 'SHIPPED', 'The last parcel leaves.'),
    ('shipAll', 'PARTIALLY_SHIPPED', 'SHIPPED', 'The last parcel leaves.'),
    ('deliver', 'SHIPPED', 'DELIVERED', 'The last parcel arrived.'),
    ('cancel', 'CART', 'CANCELLED', 'The order is given up before anything leaves the warehouse.'),
    ('cancel', 'PLACED', 'CANCELLED', 'The order is given up before anything leaves the warehouse.'),
    ('cancel', 'BACKORDERED', 'CANCELLED', 'The order is given up before anything leaves the warehouse.'),
    ('sendBack', 'DELIVERED', 'RETURNED', 'The customer sends the order back.');

CREATE TABLE orders_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    orders_id   bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_history_pkey PRIMARY KEY (id),
    CONSTRAINT orders_history_orders_fkey FOREIGN KEY (orders_id) REFERENCES orders (id),
    CONSTRAINT orders_history_transition_fkey FOREIGN KEY (from_state, to_state, transition)
        REFERENCES orders_transition (from_state, to_state, transition)
);

COMMENT ON TABLE orders_history IS 'Every state change of orders, one row each, written by trigger orders_before_update for repository and raw SQL alike. Append-only.';

CREATE INDEX orders_history_orders_id_idx ON orders_history (orders_id, occurred_at);

CREATE FUNCTION orders_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.status NOT IN ('CART') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'orders',
            COLUMN = 'status',
            MESSAGE = format('Order: a new row starts in CART, not in %s', NEW.status);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER orders_before_insert BEFORE INSERT ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_before_insert();

CREATE FUNCTION orders_before_update() RETURNS trigger
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
          FROM orders_transition e
         WHERE e.from_state = OLD.status
           AND e.to_state = NEW.status
           AND NOT e.retired
           AND (NEW.transition IS NULL OR e.transition = NEW.transition);
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

CREATE TRIGGER orders_before_update BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_before_update();

CREATE FUNCTION orders_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'orders_history',
        MESSAGE = format('orders_history is append-only: %s refused', TG_OP);
END
$$;

CREATE TRIGGER orders_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON orders_history
    FOR EACH STATEMENT EXECUTE FUNCTION orders_history_append_only();

