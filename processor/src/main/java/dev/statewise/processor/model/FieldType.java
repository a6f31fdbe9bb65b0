package dev.statewise.processor.model;

import java.util.List;

/**
 * The Java type of a field or parameter, reduced to what decides its column type.
 *
 * @param kind the family of the type
 * @param javaName how the type is written in Java: {@code java.lang.String}, {@code int},
 *     {@code com.example.Priority}
 * @param enumConstants for {@link Kind#ENUM}, the constants in declaration order; empty otherwise
 */
public record FieldType(Kind kind, String javaName, List<String> enumConstants) {

    public FieldType {
        enumConstants = List.copyOf(enumConstants);
    }

    /** The supported families; {@link #UNSUPPORTED} is any other type. */
    public enum Kind {
        STRING, BOOLEAN, INTEGER, LONG, DECIMAL, UUID, LOCAL_DATE, LOCAL_DATE_TIME, OFFSET_DATE_TIME,
        INSTANT, ENUM, BYTES, JSON, UNSUPPORTED;

        /**
         * Whether a column of this kind needs a CHECK of its own: an enum's constants, or the
         * values of its SQL type that the Java type cannot hold (NaN, infinities, a JSON null).
         */
        public boolean hasOwnCheck() {
            return switch (this) {
                case ENUM, DECIMAL, LOCAL_DATE, LOCAL_DATE_TIME, OFFSET_DATE_TIME, INSTANT, JSON -> true;
                default -> false;
            };
        }
    }

    public static FieldType of(Kind kind, String javaName) {
        return new FieldType(kind, javaName, List.of());
    }

    /** Whether the type is a Java primitive, which cannot hold NULL. */
    public boolean primitive() {
        return javaName.indexOf('.') < 0 && !javaName.endsWith("[]");
    }

    /** Whether a value of {@code other} can be stored in a field of this type (boxing aside). */
    public boolean accepts(FieldType other) {
        if (kind == Kind.UNSUPPORTED || kind != other.kind) {
            return false;
        }
        return kind != Kind.ENUM || javaName.equals(other.javaName);
    }

    /** The boxed form of a primitive, for messages that suggest it. */
    public String boxedName() {
        return switch (javaName) {
            case "boolean" -> "Boolean";
            case "int" -> "Integer";
            case "long" -> "Long";
            default -> simpleName();
        };
    }

    /** The type as a user writes it in the declaration: {@code String}, {@code Priority}. */
    public String simpleName() {
        int dot = javaName.lastIndexOf('.');
        return dot < 0 ? javaName : javaName.substring(dot + 1);
    }
}
