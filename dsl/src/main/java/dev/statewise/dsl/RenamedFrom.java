package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says that a state or a field was renamed, so that the next migration renames it and keeps the
 * rows, where without it the old name would be removed and a new one added. On a state the rows in
 * the old state move to the new one; on a field the column is renamed with its values.
 *
 * <pre>{@code
 * enum Status { @Initial BACKLOG, IN_PROGRESS, @RenamedFrom("IN_REVIEW") REVIEW, @Terminal DONE }
 *
 * @RenamedFrom("notes")
 * @Nullable String comment();
 * }</pre>
 *
 * <p>Once the migration is committed the annotation has done its work and may be removed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface RenamedFrom {

    /** The state's or field's name in the committed snapshot. */
    String value();
}
