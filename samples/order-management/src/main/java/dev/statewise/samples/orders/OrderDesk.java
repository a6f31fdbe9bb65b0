package dev.statewise.samples.orders;

import static dev.statewise.samples.orders.jooq.Tables.ORDERS;
import static dev.statewise.samples.orders.jooq.Tables.PAYMENT;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The rules that span an order, its payments and its shipments, which no constraint on one row can
 * see. Each method runs in one transaction through the generated repositories: every workflow moves,
 * or none does.
 *
 * <pre>{@code
 * OrderDesk desk = new OrderDesk(dsl);
 * desk.place(order.id(), Instant.now());   // refused until captured payments cover the total
 * }</pre>
 */
public final class OrderDesk {

    private final DSLContext dsl;

    public OrderDesk(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Places the order once its captured payments cover its total. The order's row is locked
     * first, so that two desks cannot both place it on the same payments.
     *
     * @throws PaymentsDoNotCoverTotalException when they do not, with nothing written
     */
    public OrderValue place(long orderId, Instant placedAt) {
        return dsl.transactionResult(transaction -> {
            DSLContext tx = transaction.dsl();
            tx.selectOne().from(ORDERS).where(ORDERS.ID.eq(orderId)).forUpdate().execute();
            OrderRepository orders = new OrderRepository(tx);
            OrderValue order = orders.get(orderId);
            BigDecimal captured = tx.select(DSL.coalesce(DSL.sum(PAYMENT.AMOUNT), BigDecimal.ZERO))
                    .from(PAYMENT)
                    .where(PAYMENT.ORDER_ID.eq(orderId).and(PAYMENT.STATUS.eq(Payment.Status.CAPTURED)))
                    .fetchSingle(0, BigDecimal.class);
            if (captured.compareTo(order.total()) < 0) {
                throw new PaymentsDoNotCoverTotalException(orderId, order.total(), captured);
            }
            return orders.place(order, placedAt);
        });
    }

    /**
     * Hands a parcel to the carrier and moves its order along: to SHIPPED with the last parcel, to
     * PARTIALLY_SHIPPED with an earlier one.
     */
    public ShipmentValue dispatch(long shipmentId, String trackingNumber, Instant shippedAt, boolean lastParcel) {
        return dsl.transactionResult(transaction -> {
            DSLContext tx = transaction.dsl();
            ShipmentValue shipment = new ShipmentRepository(tx).ship(
                    new ShipmentRepository(tx).get(shipmentId), trackingNumber, shippedAt);
            OrderRepository orders = new OrderRepository(tx);
            OrderValue order = orders.get(shipment.orderId());
            if (lastParcel) {
                orders.shipAll(order);
            } else if (order.status() != Order.Status.PARTIALLY_SHIPPED) {
                orders.shipPart(order);
            }
            return shipment;
        });
    }

    /**
     * Cancels the order: authorizations are released, captured payments refunded, in the same
     * transaction as the order's own transition.
     */
    public OrderValue cancel(long orderId, String reason, Instant at) {
        return dsl.transactionResult(transaction -> {
            DSLContext tx = transaction.dsl();
            PaymentRepository payments = new PaymentRepository(tx);
            List<Long> ids = tx.select(PAYMENT.ID).from(PAYMENT).where(PAYMENT.ORDER_ID.eq(orderId))
                    .orderBy(PAYMENT.ID).fetch(PAYMENT.ID);
            for (long id : ids) {
                PaymentValue payment = payments.get(id);
                switch (payment.status()) {
                    case AUTHORIZED -> payments.fail(payment, "order cancelled: " + reason);
                    case CAPTURED -> payments.refund(payment, at);
                    case REFUNDED, FAILED -> { }
                }
            }
            OrderRepository orders = new OrderRepository(tx);
            return orders.cancel(orders.get(orderId), reason);
        });
    }
}
