package dev.statewise.runtime;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The descriptor of a small workflow, written by hand as the processor would generate it, and the
 * schema it stands for. OPEN -> ASSIGNED -> CLOSED, with withdraw from OPEN and ASSIGNED to CLOSED,
 * so that two transitions lead from ASSIGNED to CLOSED.
 */
final class Ticket {

    enum Priority { LOW, HIGH }

    // title is listed as required in every state, which a generator may do: it is a NOT NULL
    // column, not part of any state's CHECK, and translate must leave it out of a state's fields.
    static final WorkflowDescriptor WORKFLOW = new WorkflowDescriptor("Ticket", "ticket", "status",
            List.of(
                    new StateDescriptor("OPEN", true, false,
                            List.of("title"), List.of("closedAt"), "ticket_open_check"),
                    new StateDescriptor("ASSIGNED", false, false,
                            List.of("title", "assignee"), List.of("closedAt"),
                            "ticket_assigned_check"),
                    new StateDescriptor("CLOSED", false, true,
                            List.of("title", "closedAt"), List.of(), "ticket_closed_check")),
            List.of(
                    new EdgeDescriptor("assign", "OPEN", "ASSIGNED", List.of("assignee")),
                    new EdgeDescriptor("close", "ASSIGNED", "CLOSED", List.of("closedAt")),
                    new EdgeDescriptor("withdraw", "OPEN", "CLOSED", List.of("closedAt")),
                    new EdgeDescriptor("withdraw", "ASSIGNED", "CLOSED", List.of("closedAt"))),
            List.of(
                    new FieldDescriptor("title", "title", String.class),
                    new FieldDescriptor("assignee", "assignee", String.class),
                    new FieldDescriptor("closedAt", "closed_at", OffsetDateTime.class),
                    new FieldDescriptor("priority", "priority", Priority.class, "text", "ticket_priority_check", null, null)));

    /**
     * The schema, shaped like a generated migration: per-state CHECKs, a NOT NULL field, a CHECK on
     * an enum's constants, a transition table with its trigger raising 23SW1 with the generated
     * messages, and a history table. Plus a unique title, for an error translate must leave alone,
     * and an unrelated table.
     */
    static final String SCHEMA = """
            CREATE TABLE ticket (
                id         bigint      GENERATED ALWAYS AS IDENTITY,
                status     text        NOT NULL DEFAULT 'OPEN',
                title      text        NOT NULL,
                assignee   text,
                closed_at  timestamptz,
                priority   text,
                version    bigint      NOT NULL DEFAULT 0,
                transition text,
                CONSTRAINT ticket_pkey PRIMARY KEY (id),
                CONSTRAINT ticket_title_key UNIQUE (title),
                CONSTRAINT ticket_status_check CHECK (status IN ('OPEN', 'ASSIGNED', 'CLOSED')),
                CONSTRAINT ticket_priority_check CHECK (priority IN ('LOW', 'HIGH')),
                CONSTRAINT ticket_open_check CHECK (status <> 'OPEN' OR (closed_at IS NULL)),
                CONSTRAINT ticket_assigned_check CHECK (status <> 'ASSIGNED'
                    OR (assignee IS NOT NULL AND closed_at IS NULL)),
                CONSTRAINT ticket_closed_check CHECK (status <> 'CLOSED' OR (closed_at IS NOT NULL))
            );

            CREATE TABLE ticket_transition (
                transition text NOT NULL,
                from_state text NOT NULL,
                to_state   text NOT NULL,
                CONSTRAINT ticket_transition_pkey PRIMARY KEY (from_state, to_state, transition)
            );

            INSERT INTO ticket_transition (transition, from_state, to_state) VALUES
                ('assign', 'OPEN', 'ASSIGNED'),
                ('close', 'ASSIGNED', 'CLOSED'),
                ('withdraw', 'OPEN', 'CLOSED'),
                ('withdraw', 'ASSIGNED', 'CLOSED');

            CREATE TABLE ticket_history (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                ticket_id  bigint NOT NULL REFERENCES ticket (id),
                transition text   NOT NULL,
                from_state text   NOT NULL,
                to_state   text   NOT NULL
            );

            CREATE FUNCTION ticket_before_update() RETURNS trigger
                LANGUAGE plpgsql
            AS $$
            DECLARE
                edge_count integer;
                edge_name text;
            BEGIN
                IF NEW.status IS NOT NULL
                        AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.transition IS NOT NULL) THEN
                    SELECT count(*), min(e.transition) INTO edge_count, edge_name
                      FROM ticket_transition e
                     WHERE e.from_state = OLD.status
                       AND e.to_state = NEW.status
                       AND (NEW.transition IS NULL OR e.transition = NEW.transition);
                    IF edge_count = 0 THEN
                        RAISE EXCEPTION USING
                            ERRCODE = '23SW1',
                            TABLE = 'ticket',
                            COLUMN = 'status',
                            MESSAGE = format('Ticket %s: %s from %s to %s; allowed from %s: %s',
                                OLD.id,
                                CASE WHEN NEW.transition IS NULL THEN 'no transition'
                                     ELSE format('transition %s does not lead', NEW.transition) END,
                                OLD.status, NEW.status, OLD.status,
                                coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                            ORDER BY a.to_state, a.transition)
                                            FROM ticket_transition a WHERE a.from_state = OLD.status), 'none'));
                    ELSIF edge_count > 1 THEN
                        RAISE EXCEPTION USING
                            ERRCODE = '23SW1',
                            TABLE = 'ticket',
                            COLUMN = 'transition',
                            MESSAGE = format('Ticket %s: several transitions lead from %s to %s; name one in column transition',
                                OLD.id, OLD.status, NEW.status);
                    END IF;
                    INSERT INTO ticket_history (ticket_id, transition, from_state, to_state)
                    VALUES (OLD.id, edge_name, OLD.status, NEW.status);
                END IF;
                NEW.version := OLD.version + 1;
                NEW.transition := NULL;
                RETURN NEW;
            END
            $$;

            CREATE TRIGGER ticket_before_update BEFORE UPDATE ON ticket
                FOR EACH ROW EXECUTE FUNCTION ticket_before_update();

            CREATE TABLE note (
                id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                body text   NOT NULL,
                CONSTRAINT note_body_check CHECK (length(body) > 0)
            );
            """;

    private Ticket() {}
}
