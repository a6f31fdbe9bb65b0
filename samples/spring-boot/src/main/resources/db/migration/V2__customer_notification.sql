-- Written by hand, beside the migration Statewise generated: the outbox of messages to customers.
-- The support desk writes a message in the same transaction as the ticket's transition, so a
-- customer hears only of changes that committed; a relay sends them afterwards.

-- The foreign key locks support_ticket: wait for that lock no longer than this.
SET LOCAL lock_timeout = '5s';

CREATE TABLE customer_notification (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    ticket_id  bigint      NOT NULL,
    recipient  text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    CONSTRAINT customer_notification_pkey PRIMARY KEY (id),
    CONSTRAINT customer_notification_ticket_fkey FOREIGN KEY (ticket_id) REFERENCES support_ticket (id)
);

COMMENT ON TABLE customer_notification IS 'Messages to customers, written with the change they announce and sent after it committed.';

CREATE INDEX customer_notification_ticket_id_idx ON customer_notification (ticket_id);
CREATE INDEX customer_notification_unsent_idx ON customer_notification (id) WHERE sent_at IS NULL;
