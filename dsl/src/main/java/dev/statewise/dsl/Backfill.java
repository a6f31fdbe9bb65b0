package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives existing rows a value for a field that a change makes required where they are: a new field
 * required in a state that rows may already be in, or a field that becomes required in such a
 * state. The value is an SQL expression over the row, written as-is into the next migration's
 * {@code UPDATE}; it fills only the rows that need it (in a state requiring the field, where the
 * field is NULL).
 *
 * <pre>{@code
 * @Backfill("'normal'")
 * Priority priority();
 *
 * @Backfill("created_at::date")
 * @RequiredIn("IN_PROGRESS") LocalDate startDate();
 * }</pre>
 *
 * <p>Once the migration is committed the annotation has done its work and may be removed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Backfill {

    /** An SQL expression giving the value, e.g. {@code 'unassigned'} or {@code created_at::date}. */
    String value();
}
