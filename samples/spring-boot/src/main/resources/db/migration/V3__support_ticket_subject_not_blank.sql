-- Written by hand: a rule beyond the state machine, on the workflow's own table. Named
-- <table>_<column>_check, so the generated repository reports a violation as a
-- ConstraintViolationException on field subject.

ALTER TABLE support_ticket
    ADD CONSTRAINT support_ticket_subject_check CHECK (btrim(subject) <> '');
