-- Written by hand: the outbox of V2 goes, with V9's grants on it. The event feed that V14 added
-- (generated) replaces it: CustomerNotificationFeed tells the customer of a change after it
-- commits, reading it from the history that support_ticket's trigger writes for every change,
-- the desk's and raw SQL's alike, so no code path can forget to queue a message.
--
-- The outbox's rows are messages its relay has sent: a record, not work left to do. The feed
-- does not send them again, since it skips the history from before V14. An unsent row would be
-- lost, so this migration refuses to drop the table while it holds one: let the relay send them,
-- then migrate again. An instance still running the old code writes the outbox with each change,
-- and fails once it is gone: stop those before this migration runs.

SET LOCAL lock_timeout = '5s';

-- No message is queued between the check and the drop.
LOCK TABLE customer_notification IN ACCESS EXCLUSIVE MODE;

DO $$
DECLARE
    unsent bigint;
BEGIN
    SELECT count(*) INTO unsent FROM customer_notification WHERE sent_at IS NULL;
    IF unsent > 0 THEN
        RAISE EXCEPTION USING
            ERRCODE = '55000',
            MESSAGE = format('customer_notification holds %s unsent messages, which dropping it would lose', unsent),
            HINT = 'Let the relay send them, then migrate again.';
    END IF;
END
$$;

-- squawk-ignore ban-drop-table
DROP TABLE customer_notification;
