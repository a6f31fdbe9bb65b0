package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides how a field is stored: its column name, or the size of its SQL type.
 *
 * <pre>{@code
 * @Column(name = "title_text", length = 200)   // varchar(200) instead of text
 * String title();
 *
 * @Column(precision = 12, scale = 2)             // numeric(12, 2) instead of numeric
 * BigDecimal amount();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Column {

    /**
     * The column name. Empty (the default) means the accessor's name in snake case. It must be a
     * plain lowercase SQL identifier of at most 63 bytes that is not a PostgreSQL reserved word.
     */
    String name() default "";

    /** For a {@code String} field, the maximum length: {@code varchar(length)} instead of {@code text}. */
    int length() default 0;

    /** For a {@code BigDecimal} field, the total number of digits: {@code numeric(precision, scale)}. */
    int precision() default 0;

    /** For a {@code BigDecimal} field with a precision, the digits after the decimal point. */
    int scale() default 0;
}
