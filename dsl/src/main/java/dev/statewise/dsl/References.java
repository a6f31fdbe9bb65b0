package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code long} or {@code Long} field a reference to a row of another workflow: its column
 * gets a foreign key to that workflow's {@code id} and an index. The other workflow's table must
 * exist first: the processor writes the create migrations of workflows compiled together with the
 * referenced ones first, and refuses a reference to a workflow whose migration is not in the same
 * folder. References may not form a cycle.
 *
 * <pre>{@code
 * @Workflow
 * public interface Payment {
 *     @References(Order.class)
 *     long orderId();     // payment.order_id bigint, payment_order_id_fkey REFERENCES orders (id)
 *     ...
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface References {

    /** The {@code @Workflow} interface whose rows the field names, by their id. */
    Class<?> value();
}
