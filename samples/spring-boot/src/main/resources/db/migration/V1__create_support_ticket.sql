-- Statewise: the schema of workflow dev.statewise.samples.springboot.SupportTicket.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE support_ticket (
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    status            text        NOT NULL DEFAULT 'OPEN',
    customer          text        NOT NULL,
    subject           text        NOT NULL,
    priority          text        NOT NULL,
    agent             text,
    question          text,
    resolution        text,
    version           bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    transition        text,
    transition_actor  text,
    transition_reason text,
    CONSTRAINT support_ticket_pkey PRIMARY KEY (id),
    CONSTRAINT support_ticket_status_check CHECK (status IN ('OPEN', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED')),
    CONSTRAINT support_ticket_priority_check CHECK (priority IN ('LOW', 'NORMAL', 'URGENT')),
    CONSTRAINT support_ticket_open_check CHECK (status <> 'OPEN' OR (question IS NULL AND resolution IS NULL)),
    CONSTRAINT support_ticket_in_progress_check CHECK (status <> 'IN_PROGRESS' OR (agent IS NOT NULL AND question IS NULL AND resolution IS NULL)),
    CONSTRAINT support_ticket_waiting_on_customer_check CHECK (status <> 'WAITING_ON_CUSTOMER' OR (agent IS NOT NULL AND question IS NOT NULL AND resolution IS NULL)),
    CONSTRAINT support_ticket_resolved_check CHECK (status <> 'RESOLVED' OR (agent IS NOT NULL AND resolution IS NOT NULL AND question IS NULL)),
    CONSTRAINT support_ticket_closed_check CHECK (status <> 'CLOSED' OR (resolution IS NOT NULL AND question IS NULL))
);

COMMENT ON TABLE support_ticket IS 'A customer''s request to the support desk, from the first message until it is closed.';
COMMENT ON COLUMN support_ticket.status IS 'The state: one of OPEN, IN_PROGRESS, WAITING_ON_CUSTOMER, RESOLVED, CLOSED. It changes only along a transition listed in support_ticket_transition.';
COMMENT ON COLUMN support_ticket.customer IS 'Who asks for help: the customer''s e-mail address.';
COMMENT ON COLUMN support_ticket.subject IS 'What the customer needs, in one line.';
COMMENT ON COLUMN support_ticket.priority IS 'How soon the customer needs an answer.';
COMMENT ON COLUMN support_ticket.agent IS 'The agent working on it.';
COMMENT ON COLUMN support_ticket.question IS 'What the agent asked the customer; cleared when the customer answers.';
COMMENT ON COLUMN support_ticket.resolution IS 'How it was solved, or why it was closed without work; cleared if it is reopened.';
COMMENT ON COLUMN support_ticket.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN support_ticket.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in support_ticket_history, then reset to NULL.';
COMMENT ON COLUMN support_ticket.transition_actor IS 'Write-only: who takes the transition. Recorded in support_ticket_history, then reset to NULL.';
COMMENT ON COLUMN support_ticket.transition_reason IS 'Write-only: why the transition is taken. Recorded in support_ticket_history, then reset to NULL.';
COMMENT ON CONSTRAINT support_ticket_open_check ON support_ticket IS 'OPEN: Reported, waiting for an agent. A row in OPEN has question, resolution NULL.';
COMMENT ON CONSTRAINT support_ticket_in_progress_check ON support_ticket IS 'IN_PROGRESS: An agent is working on it. A row in IN_PROGRESS has agent set; question, resolution NULL.';
COMMENT ON CONSTRAINT support_ticket_waiting_on_customer_check ON support_ticket IS 'WAITING_ON_CUSTOMER: The agent asked the customer a question and waits for the answer. A row in WAITING_ON_CUSTOMER has agent, question set; resolution NULL.';
COMMENT ON CONSTRAINT support_ticket_resolved_check ON support_ticket IS 'RESOLVED: Solved; the customer may still reopen it. A row in RESOLVED has agent, resolution set; question NULL.';
COMMENT ON CONSTRAINT support_ticket_closed_check ON support_ticket IS 'CLOSED: Done for good. A row in CLOSED has resolution set; question NULL.';

CREATE INDEX support_ticket_status_idx ON support_ticket (status);
CREATE INDEX support_ticket_active_idx ON support_ticket (status, id) WHERE status NOT IN ('CLOSED');

CREATE TABLE support_ticket_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT support_ticket_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE support_ticket_transition IS 'The transitions of workflow SupportTicket: a row of support_ticket may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN support_ticket_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO support_ticket_transition (transition, from_state, to_state, description) VALUES
    ('take', 'OPEN', 'IN_PROGRESS', 'An agent takes the ticket.'),
    ('ask', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'The agent needs something from the customer.'),
    ('answer', 'WAITING_ON_CUSTOMER', 'IN_PROGRESS', 'The customer answered; the agent carries on.'),
    ('resolve', 'IN_PROGRESS', 'RESOLVED', 'The agent solved it.'),
    ('reopen', 'RESOLVED', 'IN_PROGRESS', 'The customer says it is not solved after all.'),
    ('close', 'RESOLVED', 'CLOSED', 'The customer confirms the solution, or stays silent long enough.'),
    ('dismiss', 'OPEN', 'CLOSED', 'Closed without work: spam, or a duplicate of another ticket.');

CREATE TABLE support_ticket_history (
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    support_ticket_id bigint      NOT NULL,
    transition        text        NOT NULL,
    from_state        text        NOT NULL,
    to_state          text        NOT NULL,
    actor             text,
    reason            text,
    occurred_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT support_ticket_history_pkey PRIMARY KEY (id),
    CONSTRAINT support_ticket_history_support_ticket_fkey FOREIGN KEY (support_ticket_id) REFERENCES support_ticket (id),
    CONSTRAINT support_ticket_history_transition_fkey FOREIGN KEY (from_state, to_state, transition)
        REFERENCES support_ticket_transition (from_state, to_state, transition)
);

COMMENT ON TABLE support_ticket_history IS 'Every state change of support_ticket, one row each, written by trigger support_ticket_before_update for repository and raw SQL alike. Append-only.';

CREATE INDEX support_ticket_history_support_ticket_id_idx ON support_ticket_history (support_ticket_id, occurred_at);

CREATE FUNCTION support_ticket_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.status NOT IN ('OPEN') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'support_ticket',
            COLUMN = 'status',
            MESSAGE = format('SupportTicket: a new row starts in OPEN, not in %s', NEW.status);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER support_ticket_before_insert BEFORE INSERT ON support_ticket
    FOR EACH ROW EXECUTE FUNCTION support_ticket_before_insert();

CREATE FUNCTION support_ticket_before_update() RETURNS trigger
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
          FROM support_ticket_transition e
         WHERE e.from_state = OLD.status
           AND e.to_state = NEW.status
           AND NOT e.retired
           AND (NEW.transition IS NULL OR e.transition = NEW.transition);
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
                                FROM support_ticket_transition a WHERE a.from_state = OLD.status AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'support_ticket',
                COLUMN = 'transition',
                MESSAGE = format('SupportTicket %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.status, NEW.status);
        END IF;
        INSERT INTO support_ticket_history (support_ticket_id, transition, from_state, to_state, actor, reason)
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

CREATE TRIGGER support_ticket_before_update BEFORE UPDATE ON support_ticket
    FOR EACH ROW EXECUTE FUNCTION support_ticket_before_update();

CREATE FUNCTION support_ticket_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'support_ticket_history',
        MESSAGE = format('support_ticket_history is append-only: %s refused', TG_OP);
END
$$;

CREATE TRIGGER support_ticket_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON support_ticket_history
    FOR EACH STATEMENT EXECUTE FUNCTION support_ticket_history_append_only();

