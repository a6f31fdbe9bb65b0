package dev.statewise.conformance;

import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.Columns;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link Rule#AUDIT_COLUMNS_SET_BY_DATABASE}: a new row, then an update, that give the columns the
 * triggers set values of their own. On INSERT: {@code created_at}, {@code updated_at},
 * {@code version} and {@code created_login_role}; {@code created_by} and {@code created_reason}
 * are the caller's to name (through {@code transition_actor} and {@code transition_reason}). On
 * UPDATE all of them, {@code created_by} and {@code created_reason} too, which never change. Only
 * the columns the table has are tried, so a schema from before they existed is tried on the rest.
 */
final class AuditColumns implements Attacker.Family {

    private static final OffsetDateTime FORGED_TIME = OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC);
    private static final long FORGED_VERSION = 41;
    private static final String FORGED_TEXT = "forged";

    @Override
    public void tryOn(Attacker attacker) throws SQLException {
        if (attacker.workflow().initialStates().isEmpty()) {
            return;
        }
        String initial = attacker.workflow().initialStates().get(0).name();
        Map<String, Object> onInsert = forged(attacker, List.of(Columns.CREATED_AT, Columns.UPDATED_AT,
                Columns.VERSION, Columns.CREATED_LOGIN_ROLE));
        Map<String, Object> onUpdate = forged(attacker, List.of(Columns.CREATED_AT, Columns.UPDATED_AT,
                Columns.VERSION, Columns.CREATED_BY, Columns.CREATED_REASON, Columns.CREATED_LOGIN_ROLE));
        if (!onInsert.isEmpty()) {
            attacker.probe(Rule.AUDIT_COLUMNS_SET_BY_DATABASE, initial, stage -> {
                Map<String, Object> values = stage.rows().arrivalIn(initial, false);
                values.putAll(onInsert);
                long row = stage.rows().insert(stage.connection(), values);
                return kept(stage, attacker, row, onInsert, "a new row in " + initial);
            });
        }
        if (!onUpdate.isEmpty()) {
            attacker.probe(Rule.AUDIT_COLUMNS_SET_BY_DATABASE, initial, stage -> {
                long row = stage.rowIn(initial);
                stage.rows().update(stage.connection(), row, onUpdate);
                return kept(stage, attacker, row, onUpdate, "an update of a row in " + initial);
            });
        }
    }

    /** A forged value for each of the columns the table has. */
    private static Map<String, Object> forged(Attacker attacker, List<String> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String column : columns) {
            String type = attacker.tableColumns().get(column);
            if (type != null) {
                values.put(column, type.startsWith("timestamp") ? FORGED_TIME
                        : column.equals(Columns.VERSION) ? FORGED_VERSION : FORGED_TEXT);
            }
        }
        return values;
    }

    /** The finding when the row kept any forged value, naming those columns; null if none. */
    private static String kept(Stage stage, Attacker attacker, long row, Map<String, Object> forged, String what)
            throws Stage.Unstaged {
        List<String> columns = new ArrayList<>(forged.keySet());
        String sql = "SELECT " + columns.stream().map(column -> "coalesce(" + quote(column) + " = "
                        + literal(forged.get(column)) + ", false)").collect(Collectors.joining(", "))
                + " FROM " + attacker.table() + " WHERE " + quote(Columns.ID) + " = " + row;
        List<Object> kept = stage.read(Rule.AUDIT_COLUMNS_SET_BY_DATABASE, "the row " + row, sql);
        List<String> forgedColumns = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (Boolean.TRUE.equals(kept.get(i))) {
                forgedColumns.add(columns.get(i));
            }
        }
        return forgedColumns.isEmpty() ? null : what + " kept the " + String.join(", ", forgedColumns)
                + " it gave, which the database sets";
    }

    private static String literal(Object value) {
        return value instanceof OffsetDateTime ? "'" + value + "'::timestamptz" : Attacker.literal(value);
    }
}
