package dev.statewise.conformance;

import dev.statewise.runtime.FieldDescriptor;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A valid value for each field, as JDBC binds it: the caller's if given, else one of the field's
 * Java type, sized to its column's declared type ({@code varchar(n)}, {@code numeric(p, s)}).
 */
final class Samples {

    private static final Pattern LENGTH = Pattern.compile("^character(?: varying)?\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("^numeric\\((\\d+),(\\d+)\\)");
    private static final String TEXT = "sample";

    private final Map<String, ?> given;
    private final Map<String, String> columnTypes;

    /**
     * @param given values by field name, from the caller
     * @param columnTypes each column's type as {@code format_type} writes it, e.g.
     *     {@code character varying(200)}
     */
    Samples(Map<String, ?> given, Map<String, String> columnTypes) {
        this.given = given;
        this.columnTypes = columnTypes;
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
        Object value = builtIn(field);
        if (value == null) {
            throw new IllegalArgumentException(field.name() + " has no sample");
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
}
