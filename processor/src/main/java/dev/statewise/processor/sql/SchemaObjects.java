package dev.statewise.processor.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects of a workflow's schema that a later migration may change, by name, each with its
 * definition as written: the table's checks ({@code CHECK (...)}), its foreign keys
 * ({@code FOREIGN KEY (...) REFERENCES ...}), its indexes (the whole
 * {@code CREATE INDEX}), the trigger functions (the whole {@code CREATE FUNCTION}) and the
 * comments (by the object they describe, e.g. {@code COLUMN task.title}). Maps keep the order in
 * which the migration writes them.
 *
 * @param triggers the {@code CREATE TRIGGER} statements by trigger name, for a migration that
 *     brings an older schema up to date; not part of the snapshot
 */
public record SchemaObjects(
        Map<String, String> checks,
        Map<String, String> foreignKeys,
        Map<String, String> indexes,
        Map<String, String> functions,
        Map<String, String> comments,
        Map<String, String> triggers) {

    public SchemaObjects {
        checks = unmodifiable(checks);
        foreignKeys = unmodifiable(foreignKeys);
        indexes = unmodifiable(indexes);
        functions = unmodifiable(functions);
        comments = unmodifiable(comments);
        triggers = unmodifiable(triggers);
    }

    /** A copy that keeps the map's order and cannot change. */
    static Map<String, String> unmodifiable(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Collects the objects while the migration is written. */
    static final class Builder {
        private final Map<String, String> checks = new LinkedHashMap<>();
        private final Map<String, String> foreignKeys = new LinkedHashMap<>();
        private final Map<String, String> indexes = new LinkedHashMap<>();
        private final Map<String, String> functions = new LinkedHashMap<>();
        private final Map<String, String> comments = new LinkedHashMap<>();
        private final Map<String, String> triggers = new LinkedHashMap<>();

        void check(String name, String definition) {
            checks.put(name, definition);
        }

        void foreignKey(String name, String definition) {
            foreignKeys.put(name, definition);
        }

        void index(String name, String statement) {
            indexes.put(name, statement);
        }

        void function(String name, String text) {
            functions.put(name, text);
        }

        void comment(String object, String text) {
            comments.put(object, text);
        }

        void trigger(String name, String statement) {
            triggers.put(name, statement);
        }

        SchemaObjects build() {
            return new SchemaObjects(checks, foreignKeys, indexes, functions, comments, triggers);
        }
    }
}
