-- Statewise: changes workflow dev.statewise.samples.content.Article: update the schema to this
-- version of Statewise.
-- Generated from its declaration and article.snapshot.json. Commit this file and never edit it:
-- Flyway checks its checksum, and the next change is written as the next migration.

SET LOCAL lock_timeout = '5s';

-- Who created each row, and which login role made each change (decision 0019)
ALTER TABLE article ADD COLUMN created_by text, ADD COLUMN created_reason text, ADD COLUMN created_login_role text;
ALTER TABLE article_history ADD COLUMN login_role text;

-- Trigger functions. Each block writes the schema this migration runs in for @schema: no session
-- can redirect a function to a table, function or operator of its own (decision 0019).
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.article_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.stage NOT IN ('DRAFT') THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW2',
            TABLE = 'article',
            COLUMN = 'stage',
            MESSAGE = format('Article: a new row starts in DRAFT, not in %s', NEW.stage);
    END IF;
    IF char_length(NEW.transition_actor) > 256 OR char_length(NEW.transition_reason) > 2000 THEN
        RAISE EXCEPTION USING
            ERRCODE = '23514',
            TABLE = 'article',
            MESSAGE = 'Article: who creates a row is at most 256 characters, and why at most 2000';
    END IF;
    NEW.version := 0;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.created_by := NEW.transition_actor;
    NEW.created_reason := NEW.transition_reason;
    NEW.created_login_role := session_user;
    NEW.transition := NULL;
    NEW.transition_actor := NULL;
    NEW.transition_reason := NULL;
    RETURN NEW;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.article_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edge_count integer;
    edge_name text;
BEGIN
    IF TG_RELID <> '@schema.article'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('article_before_update runs for table article only, not for %s', TG_RELID::regclass);
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'article',
            MESSAGE = format('Article %s: its id never changes, since article_history names the row by it', OLD.id);
    END IF;
    IF NEW.stage IS NOT NULL
            AND (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.transition IS NOT NULL) THEN
        IF NEW.transition IS NOT NULL THEN
            SELECT e.transition INTO edge_name
              FROM @schema.article_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND e.transition = NEW.transition
               AND NOT e.retired;
            GET DIAGNOSTICS edge_count = ROW_COUNT;
        ELSE
            SELECT count(*), min(e.transition) INTO edge_count, edge_name
              FROM @schema.article_transition e
             WHERE e.from_state = OLD.stage
               AND e.to_state = NEW.stage
               AND NOT e.retired;
        END IF;
        IF edge_count = 0 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'article',
                COLUMN = 'stage',
                MESSAGE = format('Article %s: %s from %s to %s; allowed from %s: %s',
                    OLD.id,
                    CASE WHEN NEW.transition IS NULL THEN 'no transition'
                         ELSE format('transition %s does not lead', NEW.transition) END,
                    OLD.stage, NEW.stage, OLD.stage,
                    coalesce((SELECT string_agg(format('%s (%s)', a.to_state, a.transition), ', '
                                                ORDER BY a.to_state, a.transition)
                                FROM @schema.article_transition a WHERE a.from_state = OLD.stage AND NOT a.retired), 'none')),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        ELSIF edge_count > 1 THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW1',
                TABLE = 'article',
                COLUMN = 'transition',
                MESSAGE = format('Article %s: several transitions lead from %s to %s; name one in column transition',
                    OLD.id, OLD.stage, NEW.stage),
                DETAIL = json_build_object('id', OLD.id, 'from', OLD.stage, 'to', NEW.stage, 'transition', NEW.transition)::text;
        END IF;
        INSERT INTO @schema.article_history (article_id, transition, from_state, to_state, actor, reason, login_role)
        VALUES (OLD.id, edge_name, OLD.stage, NEW.stage, NEW.transition_actor, NEW.transition_reason, session_user);
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
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.article_before_delete() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@schema.article'::regclass THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('article_before_delete runs for table article only, not for %s', TG_RELID::regclass);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM @schema.article_history) THEN
            RAISE EXCEPTION USING
                ERRCODE = '23SW3',
                TABLE = 'article',
                MESSAGE = 'article: TRUNCATE refused, since article_history holds the history of its rows; a row that has changed state is never deleted';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT FROM @schema.article_history h WHERE h.article_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = '23SW3',
            TABLE = 'article',
            MESSAGE = format('Article %s: DELETE refused, since article_history holds its history; a row that has changed state is never deleted', OLD.id);
    END IF;
    RETURN OLD;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.article_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'article_history',
        MESSAGE = CASE TG_OP
            WHEN 'INSERT' THEN 'article_history is written only by trigger article_before_update: INSERT refused'
            ELSE format('article_history is append-only: %s refused', TG_OP) END;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.article_transition_keep_edges() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = '23SW3',
        TABLE = 'article_transition',
        MESSAGE = format('article_transition: %s refused, since history may name any of its edges; retire an edge instead (SET retired = true)', TG_OP);
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;
DO $create$ BEGIN EXECUTE replace($function$
CREATE OR REPLACE FUNCTION @schema.article_transition_owner_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            TABLE = 'article_transition',
            MESSAGE = format('article_transition: %s refused to %s; only its owner changes the edges, by a migration', TG_OP, current_user);
    END IF;
    RETURN NULL;
END
$$
$function$, '@schema', quote_ident(current_schema())); END $create$;

-- The history written by the owner's trigger alone, the edges by the owner alone, and the functions
-- run by their triggers alone (decision 0019); its actor and reason bounded, checked for new rows
-- now and for the rows it holds by the next migration
ALTER TABLE article_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY article_history_read ON article_history FOR SELECT USING (true);
ALTER TABLE article_history ADD CONSTRAINT article_history_actor_check CHECK (char_length(actor) <= 256) NOT VALID;
ALTER TABLE article_history ADD CONSTRAINT article_history_reason_check CHECK (char_length(reason) <= 2000) NOT VALID;
CREATE TRIGGER article_transition_owner_only BEFORE INSERT OR UPDATE ON article_transition
    FOR EACH STATEMENT EXECUTE FUNCTION article_transition_owner_only();
REVOKE EXECUTE ON FUNCTION article_before_insert(), article_before_update(), article_before_delete(), article_history_append_only(), article_transition_keep_edges(), article_transition_owner_only() FROM PUBLIC;

-- Constraints, checked for new writes now and for existing rows by the next migration
ALTER TABLE article ADD CONSTRAINT article_published_at_check CHECK (isfinite(published_at) IS NOT FALSE) NOT VALID;

-- Comments
COMMENT ON COLUMN article.created_by IS 'Who created the row: the transition_actor of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN article.created_reason IS 'Why the row was created: the transition_reason of its INSERT. Set by the database, never changed.';
COMMENT ON COLUMN article.created_login_role IS 'The login role (session_user) that inserted the row. Set by the database, never changed.';
COMMENT ON TABLE article_history IS 'Every state change of article, one row each, written only by trigger article_before_update with its owner''s rights, for repository and raw SQL alike, along an edge of article_transition. Append-only: row-level security lets other roles read it and write none of it.';
COMMENT ON COLUMN article_history.login_role IS 'The login role (session_user) whose statement made the change; actor is who the caller names.';
