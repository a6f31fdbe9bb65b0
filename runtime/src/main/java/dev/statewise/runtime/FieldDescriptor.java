package dev.statewise.runtime;

import java.util.Objects;

/**
 * One field of a workflow: its Java name, the column that stores it, and its Java type.
 *
 * <pre>{@code
 * FieldDescriptor startDate = new FieldDescriptor("startDate", "start_date", LocalDate.class);
 * }</pre>
 *
 * @param name the field's Java name, as declared by its accessor, e.g. {@code startDate}
 * @param column the column that stores it, e.g. {@code start_date}
 * @param javaType the accessor's return type, e.g. {@code LocalDate.class}
 */
public record FieldDescriptor(String name, String column, Class<?> javaType) {

    /** Checks that nothing is null. */
    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(javaType, "javaType");
    }
}
