package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Removes a field that the committed snapshot still has: the next migration drops its column and
 * the values in it. Without this annotation a field missing from the declaration is refused, so
 * that no data is dropped by a slip of the keyboard.
 *
 * <pre>{@code
 * @Workflow(table = "task")
 * @RemovedField("notes")
 * public interface Task { ... }
 * }</pre>
 *
 * <p>Once the migration is committed the annotation has done its work and may be removed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RemovedField.List.class)
public @interface RemovedField {

    /** The removed field's name, as the accessor was called. */
    String value();

    /** Holds several {@code @RemovedField} annotations. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        RemovedField[] value();
    }
}
