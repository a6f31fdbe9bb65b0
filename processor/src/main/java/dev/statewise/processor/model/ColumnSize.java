package dev.statewise.processor.model;

/**
 * The size a field's {@code @Column} gives its SQL type; zero means unspecified.
 *
 * @param length for text: {@code varchar(length)}
 * @param precision for numbers: {@code numeric(precision, scale)}
 * @param scale for numbers with a precision
 */
public record ColumnSize(int length, int precision, int scale) {

    public static final ColumnSize DEFAULT = new ColumnSize(0, 0, 0);
}
