package dev.statewise.samples.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.runtime.Audit;
import dev.statewise.runtime.ConstraintViolationException;
import dev.statewise.runtime.GuardRefusedException;
import dev.statewise.runtime.HistoryEntry;
import dev.statewise.runtime.IllegalTransitionException;
import dev.statewise.test.PostgresTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every path of an order, its payments and its shipments, through the generated repositories and
 * the order desk, on a real PostgreSQL with the committed migrations applied to this class's own
 * schema.
 */
@PostgresTest(migrations = "classpath:db/migration")
class OrderManagementTest {

    // PostgreSQL returns jsonb in its own form: keys by length, ", " and ": " between them.
    private static final JSONB TWO_LINES = JSONB.valueOf(
            "[{\"sku\": \"MUG-1\", \"quantity\": 2}, {\"sku\": \"TEA-9\", \"quantity\": 1}]");
    private static final JSONB MUGS = JSONB.valueOf("[{\"sku\": \"MUG-1\", \"quantity\": 2}]");
    private static final JSONB TEA = JSONB.valueOf("[{\"sku\": \"TEA-9\", \"quantity\": 1}]");
    private static final BigDecimal TOTAL = new BigDecimal("42.00");
    private static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-11-24T09:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-27T09:00:00Z");
    private static final AtomicInteger trackingNumbers = new AtomicInteger();

    private static DSLContext dsl;
    private static OrderRepository orders;
    private static PaymentRepository payments;
    private static ShipmentRepository shipments;
    private static OrderDesk desk;

    @BeforeAll
    static void connect(DSLContext context) {
        dsl = context;
        orders = new OrderRepository(dsl);
        payments = new PaymentRepository(dsl);
        shipments = new ShipmentRepository(dsl);
        desk = new OrderDesk(dsl);
    }

    // Orders

    @Test
    void theCartKeepsItsJsonAndChanges() {
        OrderValue order = orders.create("ada", MUGS, new BigDecimal("30.00"));
        assertEquals(MUGS.data(), orders.get(order.id()).items().data());

        order = orders.updateCart(order, TWO_LINES, TOTAL);

        OrderValue stored = orders.get(order.id());
        assertEquals(Order.Status.CART, stored.status());
        assertEquals(TWO_LINES.data(), stored.items().data());
        assertEquals(TOTAL, stored.total());
        assertEquals(List.of("updateCart"), transitions(orders.history(order.id())));
    }

    @Test
    void aCartNeverCostsLessThanNothing() {
        OrderValue order = orders.create("ada", MUGS, TOTAL);

        GuardRefusedException e = assertThrows(GuardRefusedException.class,
                () -> orders.updateCart(order, MUGS, new BigDecimal("-1.00")));

        assertEquals("totalIsNotNegative", e.guard());
        assertEquals(order, orders.get(order.id()));
    }

    @Test
    void anOrderPaidInTwoPartsShipsInOneParcelIsDeliveredAndSentBack() {
        OrderValue order = paidInTwoParts(orders.create("ada", TWO_LINES, TOTAL));

        order = desk.place(order.id(), MONDAY);
        assertEquals(Order.Status.PLACED, order.status());
        assertEquals(MONDAY, order.placedAt());

        ShipmentValue parcel = shipments.create(order.id(), TWO_LINES, "dhl");
        desk.dispatch(parcel.id(), trackingNumber(), TUESDAY, true);
        assertEquals(Order.Status.SHIPPED, orders.get(order.id()).status());

        shipments.deliver(shipments.get(parcel.id()), FRIDAY);
        order = orders.deliver(orders.get(order.id()), FRIDAY);
        order = orders.sendBack(order, "the mugs are chipped", Audit.by("support").because("photo received"));

        assertEquals(Order.Status.RETURNED, order.status());
        assertEquals("the mugs are chipped", order.returnReason());
        assertEquals(List.of("place", "shipAll", "deliver", "sendBack"), transitions(orders.history(order.id())));
        assertEquals("support", orders.history(order.id()).get(3).actor());
    }

    @Test
    void aBackorderedOrderIsRestockedThenShipsInTwoParcels() {
        OrderValue order = placed(orders.create("ada", TWO_LINES, TOTAL));
        order = orders.backorder(order, "TEA-9 out of stock");
        assertEquals("TEA-9 out of stock", order.backorderNote());
        order = orders.restock(order);
        assertNull(order.backorderNote());

        ShipmentValue mugs = shipments.create(order.id(), MUGS, "dhl");
        ShipmentValue tea = shipments.create(order.id(), TEA, "ups");
        desk.dispatch(mugs.id(), trackingNumber(), TUESDAY, false);
        assertEquals(Order.Status.PARTIALLY_SHIPPED, orders.get(order.id()).status());
        desk.dispatch(tea.id(), trackingNumber(), FRIDAY, true);

        assertEquals(Order.Status.SHIPPED, orders.get(order.id()).status());
        assertEquals(List.of("place", "backorder", "restock", "shipPart", "shipAll"),
                transitions(orders.history(order.id())));
    }

    @Test
    void aBackorderedOrderShipsWhatIsThereThenTheRest() {
        OrderValue order = orders.backorder(placed(orders.create("ada", TWO_LINES, TOTAL)), "TEA-9 late");

        order = orders.shipPart(order);
        assertNull(order.backorderNote());
        order = orders.shipAll(order);

        assertEquals(Order.Status.SHIPPED, order.status());
    }

    @Test
    void aBackorderedOrderShipsAllAtOnce() {
        OrderValue order = orders.backorder(placed(orders.create("ada", TWO_LINES, TOTAL)), "TEA-9 late");

        assertEquals(Order.Status.SHIPPED, orders.shipAll(order).status());
    }

    @Test
    void anOrderIsCancelledFromTheCart() {
        OrderValue order = orders.cancel(orders.create("ada", MUGS, TOTAL), "changed my mind");

        assertEquals(Order.Status.CANCELLED, order.status());
        assertEquals("changed my mind", order.cancellationReason());
    }

    @Test
    void cancellingAPlacedOrderRefundsWhatWasCapturedAndReleasesWhatWasAuthorized() {
        OrderValue order = orders.create("ada", TWO_LINES, TOTAL);
        PaymentValue card = payments.capture(payments.create(order.id(), "card", new BigDecimal("21.00")), MONDAY);
        PaymentValue voucher = payments.capture(payments.create(order.id(), "voucher", new BigDecimal("21.00")),
                MONDAY);
        PaymentValue pending = payments.create(order.id(), "voucher", new BigDecimal("5.00"));
        desk.place(order.id(), MONDAY);

        order = desk.cancel(order.id(), "address unknown", TUESDAY);

        assertEquals(Order.Status.CANCELLED, order.status());
        assertEquals(TUESDAY, payments.get(card.id()).refundedAt());
        assertEquals(Payment.Status.REFUNDED, payments.get(voucher.id()).status());
        assertEquals(Payment.Status.FAILED, payments.get(pending.id()).status());
        assertEquals("order cancelled: address unknown", payments.get(pending.id()).failureReason());
    }

    @Test
    void aBackorderedOrderIsCancelled() {
        OrderValue order = orders.backorder(placed(orders.create("ada", TWO_LINES, TOTAL)), "TEA-9 gone");

        order = desk.cancel(order.id(), "TEA-9 discontinued", TUESDAY);

        assertEquals(Order.Status.CANCELLED, order.status());
        assertNull(order.backorderNote());
    }

    @Test
    void aShippedOrderCannotBeCancelled() {
        OrderValue order = orders.shipAll(placed(orders.create("ada", TWO_LINES, TOTAL)));

        assertThrows(IllegalTransitionException.class, () -> desk.cancel(order.id(), "too late", TUESDAY));

        assertEquals(Order.Status.SHIPPED, orders.get(order.id()).status());
    }

    // The order desk's rule: payments cover the total

    @Test
    void anOrderIsNotPlacedUntilCapturedPaymentsCoverItsTotal() {
        OrderValue order = orders.create("ada", TWO_LINES, TOTAL);
        payments.capture(payments.create(order.id(), "card", new BigDecimal("40.00")), MONDAY);
        payments.create(order.id(), "voucher", new BigDecimal("2.00"));   // authorized, not captured
        payments.fail(payments.create(order.id(), "card", new BigDecimal("2.00")), "card declined");

        PaymentsDoNotCoverTotalException e = assertThrows(PaymentsDoNotCoverTotalException.class,
                () -> desk.place(order.id(), MONDAY));

        assertEquals(new BigDecimal("40.00"), e.captured());
        assertEquals(TOTAL, e.total());
        assertEquals(order, orders.get(order.id()));
        assertEquals(List.of(), orders.history(order.id()));
    }

    // Payments

    @Test
    void aPaymentIsCapturedThenRefunded() {
        OrderValue order = orders.create("ada", MUGS, TOTAL);
        PaymentValue payment = payments.capture(payments.create(order.id(), "card", TOTAL), MONDAY);

        payment = payments.refund(payment, TUESDAY);

        assertEquals(Payment.Status.REFUNDED, payment.status());
        assertEquals(MONDAY, payment.capturedAt());
        assertEquals(TUESDAY, payment.refundedAt());
        assertEquals(List.of("capture", "refund"), transitions(payments.history(payment.id())));
    }

    @Test
    void aPaymentFails() {
        OrderValue order = orders.create("ada", MUGS, TOTAL);

        PaymentValue payment = payments.fail(payments.create(order.id(), "card", TOTAL), "card declined");

        assertEquals(Payment.Status.FAILED, payment.status());
        assertEquals("card declined", payment.failureReason());
    }

    @Test
    void aPaymentForAMissingOrderIsRefusedAndNothingIsWritten() {
        long missing = orders.create("ada", MUGS, TOTAL).id() + 1_000_000;
        long before = payments.countByState().values().stream().mapToLong(Long::longValue).sum();

        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> payments.create(missing, "card", TOTAL));

        assertEquals("Payment", e.workflow());
        assertEquals(List.of("orderId"), e.fields());
        assertEquals("payment_order_id_fkey", e.constraint());
        assertEquals("23503", e.sqlState());
        assertEquals("Payment: orderId names no row of Order (payment_order_id_fkey)", e.getMessage());
        assertEquals(before, payments.countByState().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void anAmountTooLargeForItsColumnNamesTheFieldAndTheType() {
        long order = orders.create("ada", MUGS, TOTAL).id();

        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> payments.create(order, "card", new BigDecimal("10000000000.00")));

        assertEquals(List.of("amount"), e.fields());
        assertEquals("22003", e.sqlState());
        assertEquals("Payment: amount does not fit its column, numeric(12, 2), which holds values that round to less"
                + " than 10^10 in absolute value (SQLSTATE 22003)", e.getMessage());
    }

    // Shipments

    @Test
    void aParcelIsDelivered() {
        ShipmentValue parcel = shipments.create(placed(orders.create("ada", MUGS, TOTAL)).id(), MUGS, "dhl");
        String number = trackingNumber();

        parcel = shipments.deliver(shipments.ship(parcel, number, TUESDAY), FRIDAY);

        assertEquals(Shipment.Status.DELIVERED, parcel.status());
        assertEquals(number, parcel.trackingNumber());
        assertEquals(FRIDAY, parcel.deliveredAt());
        assertEquals(MUGS.data(), shipments.get(parcel.id()).items().data());
    }

    @Test
    void aTrackingNumberIsRefusedWhileAnotherParcelOnTheRoadHasIt() {
        long order = placed(orders.create("ada", TWO_LINES, TOTAL)).id();
        String number = trackingNumber();
        ShipmentValue first = shipments.ship(shipments.create(order, MUGS, "dhl"), number, TUESDAY);
        ShipmentValue second = shipments.create(order, TEA, "dhl");

        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> shipments.ship(second, number, TUESDAY));

        assertEquals(List.of("trackingNumber"), e.fields());
        assertEquals("shipment_tracking_number_key", e.constraint());
        assertEquals("23505", e.sqlState());
        assertEquals("Shipment: another row in SHIPPED, DELIVERED has the same trackingNumber, which must be"
                + " unique there (shipment_tracking_number_key)", e.getMessage());
        assertEquals(second, shipments.get(second.id()));

        // Delivered, the first parcel still holds its number.
        shipments.deliver(first, FRIDAY);
        assertThrows(ConstraintViolationException.class, () -> shipments.ship(second, number, FRIDAY));
    }

    @Test
    void aParcelThatCameBackFreesItsTrackingNumber() {
        long order = placed(orders.create("ada", TWO_LINES, TOTAL)).id();
        String number = trackingNumber();
        ShipmentValue first = shipments.ship(shipments.create(order, MUGS, "dhl"), number, TUESDAY);

        first = shipments.returnToSender(first);
        ShipmentValue second = shipments.ship(shipments.create(order, MUGS, "dhl"), number, FRIDAY);

        assertEquals(Shipment.Status.RETURNED, first.status());
        assertEquals(number, first.trackingNumber());
        assertEquals(number, second.trackingNumber());
        assertEquals(Shipment.Status.SHIPPED, second.status());
    }

    @Test
    void aDispatchTheOrderCannotFollowWritesNothing() {
        OrderValue order = orders.cancel(orders.create("ada", MUGS, TOTAL), "changed my mind");
        ShipmentValue parcel = shipments.create(order.id(), MUGS, "dhl");

        assertThrows(IllegalTransitionException.class,
                () -> desk.dispatch(parcel.id(), trackingNumber(), TUESDAY, true));

        assertEquals(parcel, shipments.get(parcel.id()));
        assertEquals(List.of(), shipments.history(parcel.id()));
    }

    private static OrderValue placed(OrderValue cart) {
        return desk.place(paidInTwoParts(cart).id(), MONDAY);
    }

    /** Two captured payments that cover the total together: a split payment. */
    private static OrderValue paidInTwoParts(OrderValue order) {
        BigDecimal half = order.total().divide(BigDecimal.valueOf(2));
        payments.capture(payments.create(order.id(), "card", half), MONDAY);
        payments.capture(payments.create(order.id(), "voucher", order.total().subtract(half)), MONDAY);
        return order;
    }

    private static String trackingNumber() {
        return "TRK-" + trackingNumbers.incrementAndGet();
    }

    private static List<String> transitions(List<HistoryEntry> history) {
        return history.stream().map(HistoryEntry::transition).toList();
    }
}
