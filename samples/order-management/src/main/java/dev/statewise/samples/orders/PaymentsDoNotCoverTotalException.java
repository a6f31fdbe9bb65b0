package dev.statewise.samples.orders;

import java.math.BigDecimal;

/**
 * An order cannot be placed: its captured payments do not cover its total yet.
 *
 * <pre>{@code
 * catch (PaymentsDoNotCoverTotalException e) {
 *     return "still to pay: " + e.total().subtract(e.captured());
 * }
 * }</pre>
 */
public final class PaymentsDoNotCoverTotalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long orderId;
    private final BigDecimal total;
    private final BigDecimal captured;

    public PaymentsDoNotCoverTotalException(long orderId, BigDecimal total, BigDecimal captured) {
        super("Order " + orderId + ": payments captured cover " + captured + " of " + total);
        this.orderId = orderId;
        this.total = total;
        this.captured = captured;
    }

    public long orderId() {
        return orderId;
    }

    public BigDecimal total() {
        return total;
    }

    public BigDecimal captured() {
        return captured;
    }
}
