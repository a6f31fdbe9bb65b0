-- Written by hand: the application role's privileges on the outbox of V2, which Statewise does not
-- generate and so does not grant. support_desk_app is the role that -Astatewise.applicationRole
-- names in pom.xml; V7, generated, granted it the workflow's tables and failed if it did not exist.
-- The desk writes and reads messages; a relay marks them sent, and may change nothing else in a
-- message; no one but the owner deletes them.

SET LOCAL lock_timeout = '5s';

GRANT SELECT, INSERT ON customer_notification TO support_desk_app;
GRANT UPDATE (sent_at) ON customer_notification TO support_desk_app;
