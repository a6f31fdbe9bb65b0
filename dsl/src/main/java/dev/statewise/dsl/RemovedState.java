package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Removes a state that the committed snapshot still has, and says where its rows go: the next
 * migration moves every row in the removed state to {@link #movedTo()}, which must be a declared
 * state whose rules the rows can meet. The history keeps the old state's name.
 *
 * <pre>{@code
 * @Workflow(table = "task")
 * @RemovedState(value = "BLOCKED", movedTo = "BACKLOG")
 * public interface Task { ... }
 * }</pre>
 *
 * <p>Once the migration is committed the annotation has done its work and may be removed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RemovedState.List.class)
public @interface RemovedState {

    /** The removed state's name. */
    String value();

    /** The declared state its rows move to. */
    String movedTo();

    /** Holds several {@code @RemovedState} annotations. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        RemovedState[] value();
    }
}
