-- Statewise: the schema of workflow dev.statewise.samples.orders.Payment.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

SET LOCAL lock_timeout = '5s';

CREATE TABLE payment (
    id                bigint         GENERATED ALWAYS AS IDENTITY,
    status            text           NOT NULL DEFAULT 'AUTHORIZED',
    order_id          bigint         NOT NULL,
    method            text           NOT NULL,
    amount            numeric(12, 2) NOT NULL,
    captured_at       timestamptz,
    refunded_at       timestamptz,
    failure_reason    text,
    version           bigint         NOT NULL DEFAULT 0,
    created_at        timestamptz    NOT NULL DEFAULT now(),
    updated_at        timestamptz    NOT NULL DEFAULT now(),
    transition        text,
    transition_actor  text,
    transition_reason text,
    CONSTRAINT payment_pkey PRIMARY KEY (id),
    CONSTRAINT payment_status_check CHECK (status IN ('AUTHORIZED', 'CAPTURED', 'REFUNDED', 'FAILED')),
    CONSTRAINT payment_authorized_check CHECK (status <> 'AUTHORIZED' OR (refunded_at IS NULL AND failure_reason IS NULL)),
    CONSTRAINT payment_captured_check CHECK (status <> 'CAPTURED' OR (captured_at IS NOT NULL AND refunded_at IS NULL AND failure_reason IS NULL)),
    CONSTRAINT payment_refunded_check CHECK (status <> 'REFUNDED' OR (captured_at IS NOT NULL AND refunded_at IS NOT NULL AND failure_reason IS NULL)),
    CONSTRAINT payment_failed_check CHECK (status <> 'FAILED' OR (failure_reason IS NOT NULL AND refunded_at IS NULL)),
    CONSTRAINT payment_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id)
);

COMMENT ON TABLE payment IS 'A payment towards an order. An order may be paid in several: split payments.';
COMMENT ON COLUMN payment.status IS 'The state: one of AUTHORIZED, CAPTURED, REFUNDED, FAILED. It changes only along a transition listed in payment_transition.';
COMMENT ON COLUMN payment.order_id IS 'The order it pays for.';
COMMENT ON COLUMN payment.method IS 'How the customer pays: card, voucher, bank transfer.';
COMMENT ON COLUMN payment.amount IS 'The amount, part or all of the order''s total.';
COMMENT ON COLUMN payment.captured_at IS 'When the money was taken.';
COMMENT ON COLUMN payment.refunded_at IS 'When the money went back.';
COMMENT ON COLUMN payment.failure_reason IS 'Why the payment failed.';
COMMENT ON COLUMN payment.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN payment.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in payment_history, then reset to NULL.';
COMMENT ON COLUMN payment.transition_actor IS 'Write-only: who takes the transition. Recorded in payment_history, then reset to NULL.';
COMMENT ON COLUMN payment.transition_reason IS 'Write-only: why the transition is taken. Recorded in payment_history, then reset to NULL.';
COMMENT ON CONSTRAINT payment_authorized_check ON payment IS 'AUTHORIZED: The provider holds the amount. A row in AUTHORIZED has refunded_at, failure_reason NULL.';
COMMENT ON CONSTRAINT payment_captured_check ON payment IS 'CAPTURED: The money is taken. A row in CAPTURED has captured_at set; refunded_at, failure_reason NULL.';
COMMENT ON CONSTRAINT payment_refunded_check ON payment IS 'REFUNDED: The money went back to the customer. A row in REFUNDED has captured_at, refunded_at set; failure_reason NULL.';
COMMENT ON CONSTRAINT payment_failed_check ON payment IS 'FAILED: The provider refused, or the authorization was released. A row in FAILED has failure_reason set; refunded_at NULL.';

CREATE INDEX payment_status_idx ON payment (status);
CREATE INDEX payment_active_idx ON payment (status, id) WHERE status NOT IN ('REFUNDED', 'FAILED');
CREATE INDEX payment_order_id_idx ON payment (order_id);

CREATE TABLE payment_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT payment_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE payment_transition IS 'The transitions of workflow Payment: a row of payment may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN payment_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO payment_transition (transition, from_state, to_state, description) VALUES
    ('capture', 'AUTHORIZED', 'CAPTURED', 'The provider takes the money.'),
    ('fail', 'AUTHORIZED', 'FAILED', 'The provider refuses, or the authorization is released.'),
    ('refund', 'CAPTURED', 'REFUNDED', 'The money goes back to the customer.');

CREATE TABLE payment_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    payment_id  bigint      NOT NULL,
    transition  text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    actor       text,
    reason      text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payment_history_pkey PRIMARY KEY (id),
    CONSTRAINT payment_history_payment_fkey FOREIGN KEY (payment_id) REFERENCES payment (id),
    CONSTRAINT payment_history_transition_fkey FOREIGN KEY (from_state, to_state, transition)
        REFERENCES payment_transition (from_state, to_state, transition)
);

COMMENT ON TABLE payment_history IS 'Every state change of payment, one row each, written by trigger payment_before_update for repository and raw SQL alike. Append-only.';

CREATE INDEX payment_history_payment_id_idx ON payment_history (payment_id, occurred_at);

CREATE FUNCTION payment_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.status NOT IN ('AUTHORIZED') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'payment',
            COLUMN = 'status',
            MESSAGE = format('Payment: a new row starts in AUTHORIZED, not in %s', NEW.status);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER payment_before_insert BEFORE INSERT ON payment
    FOR EACH ROW EXECUTE FUNCTION payment_before_insert();

CREATE FUNCTION payment_before_update() RETURNS trigger
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
          FROM payment_transition e
         WHERE e.from_state = OLD.status
           AND e.to_state = NEW.status
           AND NOT e.retired
           AND (NEW.transition IS NULL OR e.transition = NEW.transition);
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'payment',
                COLUMN = 'status',
                MESSAGE = format('Payment %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.status, NEW.status, OLD.status,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM payment_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'payment',
                COLUMN = 'transition',
                MESSAGE = format('Payment %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status);
        END IF;
        INSERT INTO payment_history (payment_id, transition, from_state, to_state, actor, reason)
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

CREATE TRIGGER payment_before_update BEFORE UPDATE ON payment
    FOR EACH ROW EXECUTE FUNCTION payment_before_update();

CREATE FUNCTION payment_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'payment_history',
        MESSAGE = format('payment_history is append-only: %s refused', TG_OP);
END
$$;

CREATE TRIGGER payment_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON payment_history
    FOR EACH STATEMENT EXECUTE FUNCTION payment_history_append_only();

