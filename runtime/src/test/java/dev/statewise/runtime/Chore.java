package dev.statewise.runtime;

import java.util.List;

/**
 * The descriptor of a small workflow with an event feed, written by hand as the processor would
 * generate it for {@code @Workflow(table = "task", events = Events.FEED)}, and the schema it stands
 * for: OPEN -> CLOSED by {@code close}, and back by {@code reopen}.
 */
final class Chore {

    static final WorkflowDescriptor WORKFLOW = new WorkflowDescriptor("Task", "task", "status", "task_status_check",
            "task_transition", "task_history", "task_id",
            List.of(
                    new StateDescriptor("OPEN", true, false, List.of(), List.of(), "task_open_check"),
                    new StateDescriptor("CLOSED", false, false, List.of(), List.of(), "task_closed_check")),
            List.of(
                    new EdgeDescriptor("close", "OPEN", "CLOSED", List.of()),
                    new EdgeDescriptor("reopen", "CLOSED", "OPEN", List.of())),
            List.of(),
            "status_since", null, null, List.of(),
            new FeedDescriptor("task_feed_position", "status_feed_xid"));

    /** The same workflow as generated without {@code events = Events.FEED}. */
    static final WorkflowDescriptor WITHOUT_FEED = new WorkflowDescriptor("Task", "task", "status",
            "task_status_check", "task_transition", "task_history", "task_id", WORKFLOW.states(), WORKFLOW.edges(),
            List.of(), "status_since", null, null, List.of());

    /**
     * The tables of decision 0028, the history and the position table as generated, and a trigger
     * that writes history as the generated one does where the feed is concerned: the version after
     * the change, and the feed key, {@code greatest(pg_current_xact_id(), OLD.status_feed_xid)},
     * kept on the row too. Each change of {@code status} is a transition.
     */
    static final String SCHEMA = """
            CREATE TABLE task (
                id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                status          text        NOT NULL DEFAULT 'OPEN',
                version         bigint      NOT NULL DEFAULT 1,
                status_since    timestamptz NOT NULL DEFAULT now(),
                status_feed_xid xid8,
                CONSTRAINT task_status_check CHECK (status IN ('OPEN', 'CLOSED'))
            );

            CREATE TABLE task_history (
                id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                task_id     bigint      NOT NULL,
                transition  text        NOT NULL,
                from_state  text        NOT NULL,
                to_state    text        NOT NULL,
                actor       text,
                reason      text,
                occurred_at timestamptz NOT NULL DEFAULT now(),
                login_role  text,
                version     bigint,
                feed_xid    xid8        NOT NULL DEFAULT pg_current_xact_id(),
                CONSTRAINT task_history_feed_xid_check CHECK (feed_xid <> '0')
            );

            CREATE INDEX task_history_feed_idx ON task_history (feed_xid, id) WHERE feed_xid <> '0';

            CREATE TABLE task_feed_position (
                consumer      text        NOT NULL,
                feed_xid      xid8        NOT NULL,
                history_id    bigint      NOT NULL,
                delivered     bigint      NOT NULL DEFAULT 0,
                created_at    timestamptz NOT NULL DEFAULT now(),
                moved_at      timestamptz,
                attempts      integer     NOT NULL DEFAULT 0,
                failing_since timestamptz,
                retry_at      timestamptz,
                last_error    text,
                CONSTRAINT task_feed_position_pkey PRIMARY KEY (consumer),
                CONSTRAINT task_feed_position_consumer_check CHECK (consumer ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
                CONSTRAINT task_feed_position_last_error_check CHECK (char_length(last_error) <= 2000)
            );

            CREATE FUNCTION task_before_update() RETURNS trigger
                LANGUAGE plpgsql
            AS $$
            DECLARE
                feed_key xid8;
            BEGIN
                IF NEW.status IS DISTINCT FROM OLD.status THEN
                    -- This transaction's id, or the row's previous event's key if greater (decision 0028)
                    feed_key := greatest(pg_current_xact_id(), OLD.status_feed_xid);
                    INSERT INTO task_history (task_id, transition, from_state, to_state, login_role, version, feed_xid)
                    VALUES (OLD.id, CASE NEW.status WHEN 'CLOSED' THEN 'close' ELSE 'reopen' END, OLD.status,
                            NEW.status, session_user, OLD.version + 1, feed_key);
                    NEW.status_feed_xid := feed_key;
                ELSE
                    NEW.status_feed_xid := OLD.status_feed_xid;
                END IF;
                NEW.version := OLD.version + 1;
                RETURN NEW;
            END
            $$;

            CREATE TRIGGER task_before_update BEFORE UPDATE ON task
                FOR EACH ROW EXECUTE FUNCTION task_before_update();
            """;

    private Chore() {}
}
