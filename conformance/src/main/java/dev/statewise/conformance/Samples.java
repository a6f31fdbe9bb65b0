package dev.statewise.conformance;

import dev.statewise.runtime.FieldDescriptor;
import dev.statewise.runtime.RuleDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PGobject;

/**
 * A valid value for each field, as JDBC binds it: the caller's if given, else one of the field's
 * Java type, sized to its column's declared type ({@code varchar(n)}, {@code numeric(p, s)}).
 */
final class Samples {

    private static final Pattern LENGTH = Pattern.compile("^character(?: varying)?\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("^numeric\\((\\d+),(\\d+)\\)");
    private static final String TEXT = "sample";
    /** jOOQ's type of a jsonb field, by name: the check needs no jOOQ of its own. */
    private static final String JSONB = "org.jooq.JSONB";

    private final Map<String, ?> given;
    private final Map<String, String> columnTypes;
    /** How many values of unique fields were made: each gets one no other row has. */
    private int made;

    /**
     * @param given values by field name, from the caller
     * @param columnTypes each column's type as {@code format_type} writes it, e.g.
     *     {@code character varying(200)}
     */
    Samples(Map<String, ?> given, Map<String, String> columnTypes) {
        this.given = given;
        this.columnTypes = columnTypes;
    }

    /**
     * The caller's values, and for each field a rule between fields reads, the value the
     * descriptor gives to keep every rule, unless the caller gave one: the built-in samples could
     * break a rule ({@code underwriter != applicant} with both {@code "sample"}) and so refuse the
     * rows the check needs.
     */
    static Map<String, Object> keepingRules(WorkflowDescriptor workflow, Map<String, ?> given) {
        Map<String, Object> values = new HashMap<>();
        for (RuleDescriptor rule : workflow.rules()) {
            rule.satisfying().forEach((name, text) -> values.put(name, fromText(workflow, name, text)));
        }
        values.putAll(given);
        return values;
    }

    /**
     * A value the descriptor gives as text, as JDBC binds a value of the field's Java type: a
     * number, a date, a UUID, a boolean, an enum constant's name or a string.
     */
    static Object fromText(WorkflowDescriptor workflow, String field, String text) {
        Class<?> type = workflow.field(field).orElseThrow(() -> new IllegalArgumentException(
                "Workflow " + workflow.name() + " has a rule that reads undeclared field " + field)).javaType();
        if (type == BigDecimal.class) {
            return new BigDecimal(text);
        } else if (type == int.class || type == Integer.class) {
            return Integer.valueOf(text);
        } else if (type == long.class || type == Long.class) {
            return Long.valueOf(text);
        } else if (type == boolean.class || type == Boolean.class) {
            return Boolean.valueOf(text);
        } else if (type == UUID.class) {
            return UUID.fromString(text);
        } else if (type == LocalDate.class) {
            return LocalDate.parse(text);
        }
        return text;
    }

    /**
     * Fails unless there is a value for the field, if a state requires it or clears it, so the
     * check sets it somewhere.
     *
     * @throws IllegalArgumentException naming the field and its type, and what to do
     */
    void require(WorkflowDescriptor workflow, FieldDescriptor field) {
        boolean setSomewhere = workflow.states().stream().anyMatch(state -> state.requiredFields()
                .contains(field.name()) || state.nullFields().contains(field.name()));
        if (setSomewhere && !has(field)) {
            throw new IllegalArgumentException("Workflow " + workflow.name() + ": no sample value"
                    + " of " + field.javaType().getName() + " for field " + field.name()
                    + "; pass one in the samples, by the field's name");
        }
    }

    /** Whether there is a value for the field. */
    boolean has(FieldDescriptor field) {
        return given.containsKey(field.name()) || builtIn(field) != null;
    }

    Object of(FieldDescriptor field) {
        if (given.containsKey(field.name())) {
            Object value = given.get(field.name());
            return value == null ? Session.NULL : value;
        }
        Object value = field.unique() == null ? builtIn(field, 0) : builtIn(field, ++made);
        if (value == null) {
            throw new IllegalArgumentException(field.name() + " has no sample");
        }
        return value;
    }

    /**
     * A value of the field's type; for {@code n > 0}, the n-th of distinct ones, for a unique
     * field (booleans and enums have only so many).
     */
    private Object builtIn(FieldDescriptor field, int n) {
        Object value = builtIn(field);
        if (n == 0 || value == null) {
            return value;
        }
        if (value instanceof String text) {
            String suffix = Integer.toString(n);
            return text.substring(0, Math.max(0, text.length() - suffix.length())) + suffix;
        }
        if (value instanceof Integer i) {
            return i + n;
        }
        if (value instanceof Long l) {
            return l + n;
        }
        if (value instanceof BigDecimal && field.javaType() == BigDecimal.class) {
            Matcher numeric = NUMERIC.matcher(columnTypes.getOrDefault(field.column(), ""));
            int scale = numeric.find() ? Integer.parseInt(numeric.group(2)) : 2;
            return BigDecimal.valueOf(n).movePointLeft(scale);
        }
        if (value instanceof UUID) {
            return new UUID(0, n);
        }
        if (value instanceof LocalDate date) {
            return date.plusDays(n);
        }
        if (value instanceof LocalDateTime time) {
            return time.plusMinutes(n);
        }
        if (value instanceof OffsetDateTime time) {
            return time.plusMinutes(n);
        }
        if (value instanceof byte[]) {
            return new byte[] {1, 2, 3, (byte) n, (byte) (n >> 8)};
        }
        if (field.javaType().getName().equals(JSONB)) {
            return jsonb("{\"sample\": " + n + "}");
        }
        return value;
    }

    private Object builtIn(FieldDescriptor field) {
        Class<?> type = field.javaType();
        String columnType = columnTypes.getOrDefault(field.column(), "");
        if (type == String.class) {
            Matcher length = LENGTH.matcher(columnType);
            int max = length.find() ? Integer.parseInt(length.group(1)) : TEXT.length();
            return TEXT.substring(0, Math.min(max, TEXT.length()));
        }
        if (type.getName().equals(JSONB)) {
            return jsonb("{\"sample\": 0}");
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == int.class || type == Integer.class) {
            return 7;
        }
        if (type == long.class || type == Long.class) {
            return 7L;
        }
        if (type == BigDecimal.class) {
            Matcher numeric = NUMERIC.matcher(columnType);
            if (numeric.find()) {
                int precision = Integer.parseInt(numeric.group(1));
                int scale = Integer.parseInt(numeric.group(2));
                // 1 needs one digit before the point; numeric(2, 2) has none, 0.01 fits it.
                return precision > scale ? BigDecimal.ONE : BigDecimal.ONE.movePointLeft(scale);
            }
            return new BigDecimal("12.50");
        }
        if (type == UUID.class) {
            return UUID.fromString("00000000-0000-0000-0000-000000000007");
        }
        if (type == LocalDate.class) {
            return LocalDate.of(2026, 11, 21);
        }
        if (type == LocalDateTime.class) {
            return LocalDateTime.of(2026, 11, 21, 12, 0);
        }
        if (type == OffsetDateTime.class || type == Instant.class) {
            // The PostgreSQL driver binds OffsetDateTime, not Instant, to timestamptz.
            return OffsetDateTime.of(2026, 11, 21, 12, 0, 0, 0, ZoneOffset.UTC);
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants.length == 0 ? null : ((Enum<?>) constants[0]).name();
        }
        if (type == byte[].class) {
            return new byte[] {1, 2, 3};
        }
        return null;
    }

    /** A jsonb value as JDBC binds it: a string would be bound as varchar, which jsonb refuses. */
    private static Object jsonb(String json) {
        PGobject value = new PGobject();
        value.setType("jsonb");
        try {
            value.setValue(json);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return value;
    }
}
