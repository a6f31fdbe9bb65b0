package dev.statewise.samples.orders;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.References;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Unique;
import dev.statewise.dsl.Workflow;
import java.time.Instant;
import org.jooq.JSONB;

/** A parcel of an order. An order may leave in several: partial shipments. */
@Workflow
public interface Shipment {

    enum Status {
        /** Being packed in the warehouse. */
        @Initial PREPARING,
        /** Handed to the carrier. */
        SHIPPED,
        /** The customer has it. */
        @Terminal DELIVERED,
        /** The carrier brought it back. */
        @Terminal RETURNED
    }

    /** The order it is part of. */
    @References(Order.class) long orderId();

    /** What the parcel holds, as JSON: an array of {"sku", "quantity"} objects. */
    JSONB items();

    /** Who carries it. */
    String carrier();

    /**
     * The carrier's tracking number: unique among parcels on the road or delivered; carriers reuse
     * the number of a parcel that came back.
     */
    @Unique({"SHIPPED", "DELIVERED"})
    @RequiredIn({"SHIPPED", "DELIVERED", "RETURNED"})
    String trackingNumber();

    /** When the carrier took it. */
    @RequiredIn({"SHIPPED", "DELIVERED", "RETURNED"}) Instant shippedAt();

    /** When the customer received it. */
    @OnlyIn("DELIVERED") Instant deliveredAt();

    /** The carrier takes the parcel. */
    @Transition(from = "PREPARING", to = "SHIPPED")
    Shipment ship(String trackingNumber, Instant shippedAt);

    /** The customer receives it. */
    @Transition(from = "SHIPPED", to = "DELIVERED")
    Shipment deliver(Instant deliveredAt);

    /** The carrier could not deliver it and brings it back. */
    @Transition(from = "SHIPPED", to = "RETURNED")
    Shipment returnToSender();
}
