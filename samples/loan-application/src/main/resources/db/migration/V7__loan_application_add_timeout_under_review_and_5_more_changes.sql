-- Statewise: changes workflow dev.statewise.samples.loan.LoanApplication: add a timeout to
-- UNDER_REVIEW, add state ESCALATED, change field underwriter, change transition approve, change
-- transition reject, add transition escalate.
-- Generated from its declaration and loan_application.snapshot.json. Commit this file and never
-- edit it: Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Constraints and indexes that change, dropped until the end of the migration
ALTER TABLE loan_application DROP CONSTRAINT loan_application_stage_check;
ALTER TABLE loan_application DROP CONSTRAINT loan_application_submitted_check;
ALTER TABLE loan_application DROP CONSTRAINT loan_application_under_review_check;
ALTER TABLE loan_application DROP CONSTRAINT loan_application_approved_check;
ALTER TABLE loan_application DROP CONSTRAINT loan_application_rejected_check;
ALTER TABLE loan_application DROP CONSTRAINT loan_application_funded_check;

-- When each row entered its state, and its deadline if it has one: kept by the triggers (decision
-- 0026)
ALTER TABLE loan_application ADD COLUMN stage_deadline timestamptz, ADD COLUMN stage_retry_at timestamptz;

-- Transitions added, or taken back into use
INSERT INTO loan_application_transition (transition, from_state, to_state, description) VALUES
    ('escalate', 'UNDER_REVIEW', 'ESCALATED', 'Nobody decided within three days: fired by the database''s deadline, never called by a person.'),
    ('approve', 'ESCALATED', 'APPROVED', 'The underwriter approves.'),
    ('reject', 'ESCALATED', 'REJECTED', 'Turned down, before or during the review.')
ON CONFLICT (from_state, to_state, transition)
    DO UPDATE SET description = EXCLUDED.description, retired = false;

-- Trigger functions. Each block writes the schema this migration runs in for @schema: no session
-- can redirect a function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.stage NOT IN ('SUBMITTED') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'loan_application',
            COLUMN = 'stage',
            MESSAGE = format('LoanApplication: a new row starts in SUBMITTED, not in %s', NEW.stage);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'loan_application',
            MESSAGE = 'LoanApplication: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.stage_since := NEW.created_at;
    NEW.stage_deadline := CASE NEW.stage
        WHEN 'UNDER_REVIEW' THEN NEW.stage_since + interval '259200 seconds'
    END;
    NEW.stage_retry_at := NULL;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.loan_application_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.loan_application'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('loan_application_before_update runs for table loan_application only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'loan_application',
            MESSAGE = format('LoanApplication %s: its id never changes, since loan_application_history names the row by it', OLD.id);
    END IF;
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.loan_application_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.loan_application_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND NOT e.retired;
        END IF;
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
                                FROM @schema.loan_application_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'loan_application',
                COLUMN = 'transition',
                MESSAGE = format('LoanApplication %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.loan_application_history (loan_application_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.stage, NEW.stage, NEW.transition_actor, NEW.transition_reason, session_user);
    END IF;
    IF NEW.stage IS DISTINCT FROM OLD.stage THEN
        NEW.stage_since := now();
    ELSE
        -- NULL only in a row from before Statewise kept the column: it entered its state
        -- when it last changed state, or when it was created.
        NEW.stage_since := coalesce(OLD.stage_since,
            (SELECT max(h.occurred_at) FROM @schema.loan_application_history h
              WHERE h.loan_application_id = OLD.id AND h.from_state <> h.to_state),
            OLD.created_at);
    END IF;
    NEW.stage_deadline := CASE NEW.stage
        WHEN 'UNDER_REVIEW' THEN NEW.stage_since + interval '259200 seconds'
    END;
    IF NEW.stage_deadline IS DISTINCT FROM OLD.stage_deadline THEN
        NEW.stage_retry_at := NULL;
    END IF;
    -- An update that changes nothing but these columns (a migration that fills them, or the
    -- retry of a failed timeout) leaves the row as it was: it keeps its version.
    IF NEW.stage = OLD.stage AND NEW.transition IS NULL
            AND (NEW.stage_since, NEW.stage_deadline, NEW.stage_retry_at) IS DISTINCT FROM (OLD.stage_since, OLD.stage_deadline, OLD.stage_retry_at)
            AND to_jsonb(NEW) - ARRAY['stage_since', 'stage_deadline', 'stage_retry_at'] = to_jsonb(OLD) - ARRAY['stage_since', 'stage_deadline', 'stage_retry_at'] THEN
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

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE loan_application ADD CONSTRAINT loan_application_stage_check CHECK (stage IN ('SUBMITTED', 'UNDER_REVIEW', 'ESCALATED', 'APPROVED', 'REJECTED', 'FUNDED')) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_submitted_check CHECK (stage <> 'SUBMITTED' OR (rejection_reason IS NULL AND funded_amount IS NULL AND funded_at IS NULL AND stage_deadline IS NULL)) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_under_review_check CHECK (stage <> 'UNDER_REVIEW' OR (underwriter IS NOT NULL AND rejection_reason IS NULL AND funded_amount IS NULL AND funded_at IS NULL AND stage_deadline IS NOT DISTINCT FROM stage_since + interval '259200 seconds')) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_escalated_check CHECK (stage <> 'ESCALATED' OR (underwriter IS NOT NULL AND rejection_reason IS NULL AND funded_amount IS NULL AND funded_at IS NULL AND stage_deadline IS NULL)) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_approved_check CHECK (stage <> 'APPROVED' OR (underwriter IS NOT NULL AND approved_on IS NOT NULL AND rejection_reason IS NULL AND funded_amount IS NULL AND funded_at IS NULL AND stage_deadline IS NULL)) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_rejected_check CHECK (stage <> 'REJECTED' OR (rejection_reason IS NOT NULL AND funded_amount IS NULL AND funded_at IS NULL AND stage_deadline IS NULL)) NOT VALID;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_funded_check CHECK (stage <> 'FUNDED' OR (underwriter IS NOT NULL AND approved_on IS NOT NULL AND funded_amount IS NOT NULL AND funded_at IS NOT NULL AND rejection_reason IS NULL AND stage_deadline IS NULL)) NOT VALID;

-- Indexes
-- Built or dropped in this transaction, which blocks writes meanwhile: see Limits in Statewise's docs/evolution.md.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX loan_application_stage_deadline_idx ON loan_application (stage_deadline) WHERE stage_deadline IS NOT NULL;

-- Comments
COMMENT ON COLUMN loan_application.stage IS 'The state: one of SUBMITTED, UNDER_REVIEW, ESCALATED, APPROVED, REJECTED, FUNDED. It changes only along a transition listed in loan_application_transition.';
COMMENT ON COLUMN loan_application.stage_deadline IS 'When the row''s timeout falls due: in UNDER_REVIEW 3 days after entering the state, when escalate fires. NULL in the other states. Set by the triggers alone.';
COMMENT ON COLUMN loan_application.stage_retry_at IS 'When a due timeout whose firing failed is tried again. NULL until a firing fails; cleared whenever the deadline changes.';
COMMENT ON CONSTRAINT loan_application_submitted_check ON loan_application IS 'SUBMITTED: Received, waiting for an underwriter. A row in SUBMITTED has rejection_reason, funded_amount, funded_at NULL; stage_deadline NULL.';
COMMENT ON CONSTRAINT loan_application_under_review_check ON loan_application IS 'UNDER_REVIEW: An underwriter is assessing it; a review that takes more than three days is escalated. A row in UNDER_REVIEW has underwriter set; rejection_reason, funded_amount, funded_at NULL; its deadline 3 days after entering the state.';
COMMENT ON CONSTRAINT loan_application_escalated_check ON loan_application IS 'ESCALATED: The review took too long: a senior underwriter decides. A row in ESCALATED has underwriter set; rejection_reason, funded_amount, funded_at NULL; stage_deadline NULL.';
COMMENT ON CONSTRAINT loan_application_approved_check ON loan_application IS 'APPROVED: Approved, waiting to be paid out. A row in APPROVED has underwriter, approved_on set; rejection_reason, funded_amount, funded_at NULL; stage_deadline NULL.';
COMMENT ON CONSTRAINT loan_application_rejected_check ON loan_application IS 'REJECTED: Turned down. A row in REJECTED has rejection_reason set; funded_amount, funded_at NULL; stage_deadline NULL.';
COMMENT ON CONSTRAINT loan_application_funded_check ON loan_application IS 'FUNDED: Paid out. A row in FUNDED has underwriter, approved_on, funded_amount, funded_at set; rejection_reason NULL; stage_deadline NULL.';
