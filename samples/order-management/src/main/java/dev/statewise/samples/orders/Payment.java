package dev.statewise.samples.orders;

import dev.statewise.dsl.Column;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.OnlyIn;
import dev.statewise.dsl.References;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;
import java.math.BigDecimal;
import java.time.Instant;

/** A payment towards an order. An order may be paid in several: split payments. */
@Workflow
public interface Payment {

    enum Status {
        /** The provider holds the amount. */
        @Initial AUTHORIZED,
        /** The money is taken. */
        CAPTURED,
        /** The money went back to the customer. */
        @Terminal REFUNDED,
        /** The provider refused, or the authorization was released. */
        @Terminal FAILED
    }

    // tag::reference[]
    /** The order it pays for. */
    @References(Order.class) long orderId();
    // end::reference[]

    /** How the customer pays: card, voucher, bank transfer. */
    String method();

    /** The amount, part or all of the order's total. */
    @Column(precision = 12, scale = 2) BigDecimal amount();

    /** When the money was taken. */
    @RequiredIn({"CAPTURED", "REFUNDED"}) Instant capturedAt();

    /** When the money went back. */
    @OnlyIn("REFUNDED") Instant refundedAt();

    /** Why the payment failed. */
    @OnlyIn("FAILED") String failureReason();

    /** The provider takes the money. */
    @Transition(from = "AUTHORIZED", to = "CAPTURED")
    Payment capture(Instant capturedAt);

    /** The provider refuses, or the authorization is released. */
    @Transition(from = "AUTHORIZED", to = "FAILED")
    Payment fail(String failureReason);

    /** The money goes back to the customer. */
    @Transition(from = "CAPTURED", to = "REFUNDED")
    Payment refund(Instant refundedAt);
}
