package dev.statewise.samples.orders;

import dev.statewise.dsl.Column;
import dev.statewise.dsl.Guard;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.math.BigDecimal;
import java.time.Instant;
import org.jooq.JSONB;

/**
 * A customer's order, from the cart to the parcels delivered, or sent back. Its payments and its
 * shipments are workflows of their own that reference it.
 */
@Workflow(table = "orders")
public interface Order {

    enum Status {
        /** The customer fills the cart; nothing is paid yet. */
        @Initial CART,
        /** Paid for in full, waiting to be shipped. */
        PLACED,
        /** Paid for, but some items are out of stock. */
        BACKORDERED,
        /** Some parcels are on their way, others are not sent yet. */
        PARTIALLY_SHIPPED,
        /** Every parcel is on its way. */
        SHIPPED,
        /** Every parcel arrived. */
        DELIVERED,
        /** Given up before anything was shipped. */
        @Terminal CANCELLED,
        /** Sent back by the customer after delivery. */
        @Terminal RETURNED
    }

    /** Who orders. */
    String customer();

    /** The cart's lines, as JSON: an array of {"sku", "quantity"} objects. */
    JSONB items();

    /** What the cart costs: captured payments must cover it before the order is placed. */
    @Column(precision = 12, scale = 2) BigDecimal total();

    /** When the payments covered the total. */
    @RequiredIn({"PLACED", "BACKORDERED", "PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "RETURNED"})
    Instant placedAt();

    /** What is missing, while the order waits for stock. */
    @OnlyIn("BACKORDERED") String backorderNote();

    /** When the last parcel arrived. */
    @RequiredIn({"DELIVERED", "RETURNED"}) Instant deliveredAt();

    /** Why the order was given up. */
    @OnlyIn("CANCELLED") String cancellationReason();

    /** Why the customer sent it back. */
    @OnlyIn("RETURNED") String returnReason();

    /** The customer changes the cart. */
    @Transition(from = "CART", to = "CART")
    Order updateCart(JSONB items, BigDecimal total);

    /** Payments cover the total: see OrderDesk, which checks it. */
    @Transition(from = "CART", to = "PLACED")
    Order place(Instant placedAt);

    /** Some items are out of stock. */
    @Transition(from = "PLACED", to = "BACKORDERED")
    Order backorder(String backorderNote);

    /** The missing items are in stock again. */
    @Transition(from = "BACKORDERED", to = "PLACED")
    Order restock();

    /** A first parcel leaves, and more will follow. */
    @Transition(from = {"PLACED", "BACKORDERED"}, to = "PARTIALLY_SHIPPED")
    Order shipPart();

    /** The last parcel leaves. */
    @Transition(from = {"PLACED", "BACKORDERED", "PARTIALLY_SHIPPED"}, to = "SHIPPED")
    Order shipAll();

    /** The last parcel arrived. */
    @Transition(from = "SHIPPED", to = "DELIVERED")
    Order deliver(Instant deliveredAt);

    /** The order is given up before anything leaves the warehouse. */
    @Transition(from = {"CART", "PLACED", "BACKORDERED"}, to = "CANCELLED")
    Order cancel(String cancellationReason);

    /** The customer sends the order back. */
    @Transition(from = "DELIVERED", to = "RETURNED")
    Order sendBack(String returnReason);

    /** A cart never costs less than nothing. */
    @Guard("updateCart")
    default boolean totalIsNotNegative(BigDecimal total) {
        return total.signum() >= 0;
    }
}
