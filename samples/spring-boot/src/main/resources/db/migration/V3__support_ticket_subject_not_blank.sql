-- Written by hand: a rule beyond the state machine, on the workflow's own table. Named
-- <table>_<column>_check, so the generated repository reports a violation as a
-- ConstraintViolationException on field subject. Added NOT VALID, as Statewise adds its own:
-- checked for every write from now on, and for the rows already there by V4.

SET LOCAL lock_timeout = '5s';

ALTER TABLE support_ticket
    ADD CONSTRAINT support_ticket_subject_check CHECK (btrim(subject) <> '') NOT VALID;
