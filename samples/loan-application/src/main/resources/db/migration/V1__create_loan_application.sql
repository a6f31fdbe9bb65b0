-- Statewise: the schema of workflow dev.statewise.samples.loan.LoanApplication.
-- Generated from its declaration. Commit this file and never edit it: Flyway checks
-- its checksum, and a change to the workflow is written as the next migration.

CREATE TABLE loan_application (
    id                bigint         GENERATED ALWAYS AS IDENTITY,
    stage             text           NOT NULL DEFAULT 'SUBMITTED',
    applicant         text           NOT NULL,
    amount            numeric(12, 2) NOT NULL,
    underwriter       text,
    approved_on       date,
    rejection_reason  text,
    funded_amount     numeric(12, 2),
    funded_at         timestamptz,
    version           bigint         NOT NULL DEFAULT 0,
    created_at        timestamptz    NOT NULL DEFAULT now(),
    updated_at        timestamptz    NOT NULL DEFAULT now(),
    transition        text,
    transition_actor  text,
    transition_reason text,
    CONSTRAINT loan_application_pkey PRIMARY KEY (id),
    CONSTRAINT loan_application_stage_check CHECK (stage IN ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'FUNDED')),
    CONSTRAINT loan_application_submitted_check CHECK (stage <> 'SUBMITTED' OR (rejection_reason IS NULL AND funded_amount IS NULL AND funded_at IS NULL)),
    CONSTRAINT loan_application_under_review_check CHECK (stage <> 'UNDER_REVIEW' OR (underwriter IS NOT NULL AND rejection_reason IS NULL AND funded_amount IS NULL AND funded_at IS NULL)),
    CONSTRAINT loan_application_approved_check CHECK (stage <> 'APPROVED' OR (underwriter IS NOT NULL AND approved_on IS NOT NULL AND rejection_reason IS NULL AND funded_amount IS NULL AND funded_at IS NULL)),
    CONSTRAINT loan_application_rejected_check CHECK (stage <> 'REJECTED' OR (rejection_reason IS NOT NULL AND funded_amount IS NULL AND funded_at IS NULL)),
    CONSTRAINT loan_application_funded_check CHECK (stage <> 'FUNDED' OR (underwriter IS NOT NULL AND approved_on IS NOT NULL AND funded_amount IS NOT NULL AND funded_at IS NOT NULL AND rejection_reason IS NULL))
);

COMMENT ON TABLE loan_application IS 'A loan, from the application to the money paid out.';
COMMENT ON COLUMN loan_application.stage IS 'The state: one of SUBMITTED, UNDER_REVIEW, APPROVED, REJECTED, FUNDED. It changes only along a transition listed in loan_application_transition.';
COMMENT ON COLUMN loan_application.applicant IS 'Who applies.';
COMMENT ON COLUMN loan_application.amount IS 'The amount applied for.';
COMMENT ON COLUMN loan_application.underwriter IS 'Who assesses the application.';
COMMENT ON COLUMN loan_application.approved_on IS 'When the underwriter approved it.';
COMMENT ON COLUMN loan_application.rejection_reason IS 'Why it was turned down.';
COMMENT ON COLUMN loan_application.funded_amount IS 'The amount paid out, at most the amount applied for.';
COMMENT ON COLUMN loan_application.funded_at IS 'When the money left.';
COMMENT ON COLUMN loan_application.version IS 'Incremented by every update, for optimistic locking.';
COMMENT ON COLUMN loan_application.transition IS 'Write-only: the transition a state change takes, needed when several lead to the same state and for self-transitions. Recorded in loan_application_history, then reset to NULL.';
COMMENT ON COLUMN loan_application.transition_actor IS 'Write-only: who takes the transition. Recorded in loan_application_history, then reset to NULL.';
COMMENT ON COLUMN loan_application.transition_reason IS 'Write-only: why the transition is taken. Recorded in loan_application_history, then reset to NULL.';
COMMENT ON CONSTRAINT loan_application_submitted_check ON loan_application IS 'SUBMITTED: Received, waiting for an underwriter. A row in SUBMITTED has rejection_reason, funded_amount, funded_at NULL.';
COMMENT ON CONSTRAINT loan_application_under_review_check ON loan_application IS 'UNDER_REVIEW: An underwriter is assessing it. A row in UNDER_REVIEW has underwriter set; rejection_reason, funded_amount, funded_at NULL.';
COMMENT ON CONSTRAINT loan_application_approved_check ON loan_application IS 'APPROVED: Approved, waiting to be paid out. A row in APPROVED has underwriter, approved_on set; rejection_reason, funded_amount, funded_at NULL.';
COMMENT ON CONSTRAINT loan_application_rejected_check ON loan_application IS 'REJECTED: Turned down. A row in REJECTED has rejection_reason set; funded_amount, funded_at NULL.';
COMMENT ON CONSTRAINT loan_application_funded_check ON loan_application IS 'FUNDED: Paid out. A row in FUNDED has underwriter, approved_on, funded_amount, funded_at set; rejection_reason NULL.';

CREATE INDEX loan_application_stage_idx ON loan_application (stage);
CREATE INDEX loan_application_active_idx ON loan_application (stage, id) WHERE stage NOT IN ('REJECTED', 'FUNDED');

CREATE TABLE loan_application_transition (
    transition  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    description text,
    retired     boolean NOT NULL DEFAULT false,
    CONSTRAINT loan_application_transition_pkey PRIMARY KEY (from_state, to_state, transition)
);

COMMENT ON TABLE loan_application_transition IS 'The transitions of workflow LoanApplication: a row of loan_application may change state only along one of these edges that is not retired.';
COMMENT ON COLUMN loan_application_transition.retired IS 'True for an edge the workflow no longer has: kept because history rows may reference it, and refused to every new state change.';

INSERT INTO loan_application_transition (transition, from_state, to_state, description) VALUES
    ('startReview', 'SUBMITTED', 'UNDER_REVIEW', 'An underwriter takes the application.'),
    ('approve', 'UNDER_REVIEW', 'APPROVED', 'The underwriter approves.'),
    ('reject', 'SUBMITTED', 'REJECTED', 'Turned down, before or during the review.'),
    ('reject', 'UNDER_REVIEW', 'REJECTED', 'Turned down, before or during the review.'),
    ('fund', 'APPROVED', 'FUNDED', 'The money is paid out.');

CREATE TABLE loan_application_history (
    id                  bigint      GENERATED ALWAYS AS IDENTITY,
    loan_application_id bigint      NOT NULL,
    transition          text        NOT NULL,
    from_state          text        NOT NULL,
    to_state            text        NOT NULL,
    actor               text,
    reason              text,
    occurred_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT loan_application_history_pkey PRIMARY KEY (id),
    CONSTRAINT loan_application_history_loan_application_fkey FOREIGN KEY (loan_application_id) REFERENCES loan_application (id),
    CONSTRAINT loan_application_history_transition_fkey FOREIGN KEY (from_state, to_state, transition)
        REFERENCES loan_application_transition (from_state, to_state, transition)
);

COMMENT ON TABLE loan_application_history IS 'Every state change of loan_application, one row each, written by trigger loan_application_before_update for repository and raw SQL alike. Append-only.';

CREATE INDEX loan_application_history_loan_application_id_idx ON loan_application_history (loan_application_id, occurred_at);

CREATE FUNCTION loan_application_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.stage NOT IN ('SUBMITTED') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'loan_application',
            COLUMN = 'stage',
            MESSAGE = format('LoanApplication: a new row starts in SUBMITTED, not in %s', NEW.stage);
    END IF;
    NEW.version := 0;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER loan_application_before_insert BEFORE INSERT ON loan_application
    FOR EACH ROW EXECUTE FUNCTION loan_application_before_insert();

CREATE FUNCTION loan_application_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        SELECT count(*), min(e.transition) INTO edge_count, edge_name
          FROM loan_application_transition e
         WHERE e.from_state = OLD.stage
           AND e.to_state = NEW.stage
           AND NOT e.retired
           AND (NEW.transition IS NULL OR e.transition = NEW.transition);
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan_application',
                COLUMN = 'stage',
                MESSAGE = format('LoanApplication %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.stage, NEW.stage, OLD.stage,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM loan_application_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none'));
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan_application',
                COLUMN = 'transition',
                MESSAGE = format('LoanApplication %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage);
        END IF;
        INSERT INTO loan_application_history (loan_application_id, transition, from_state, to_state, actor, reason)
        VALUES (OLD.id, edge_name, OLD.stage, NEW.stage, NEW.transition_actor, NEW.transition_reason);
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

CREATE TRIGGER loan_application_before_update BEFORE UPDATE ON loan_application
    FOR EACH ROW EXECUTE FUNCTION loan_application_before_update();

CREATE FUNCTION loan_application_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'loan_application_history',
        MESSAGE = format('loan_application_history is append-only: %s refused', TG_OP);
END
$$;

CREATE TRIGGER loan_application_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON loan_application_history
    FOR EACH STATEMENT EXECUTE FUNCTION loan_application_history_append_only();

