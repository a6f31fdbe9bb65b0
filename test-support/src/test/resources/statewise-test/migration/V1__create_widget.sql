-- A table whose trigger function finds its log table through the search_path it captured when
-- the migration ran, as the functions Statewise generates do.
CREATE TABLE widget (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text   NOT NULL
);

CREATE TABLE widget_log (
    widget_id bigint NOT NULL,
    name      text   NOT NULL
);

CREATE FUNCTION widget_logged() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    INSERT INTO widget_log (widget_id, name) VALUES (NEW.id, NEW.name);
    RETURN NEW;
END
$$;

CREATE TRIGGER widget_logged AFTER INSERT ON widget
    FOR EACH ROW EXECUTE FUNCTION widget_logged();
