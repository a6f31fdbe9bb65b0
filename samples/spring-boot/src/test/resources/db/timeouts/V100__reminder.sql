-- Tests only (TimeoutWorkerBeanTest): the table of ReminderRepository, which stands in for a
-- generated repository with timeouts until the sample declares a @Timeout. Applied after the
-- sample's own migrations when spring.flyway.locations adds classpath:db/timeouts.

CREATE TABLE reminder (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status          text        NOT NULL DEFAULT 'SCHEDULED',
    status_deadline timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 1
);

GRANT SELECT, INSERT, UPDATE ON reminder TO support_desk_app;

-- Due before the context starts: the worker's first batch sends it.
INSERT INTO reminder (status_deadline) VALUES (now() - interval '1 minute');
