package io.ticketflow.ticket;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A refund request: what the customer asked for, and the decision that must come before the customer is told.
 *
 * @param status {@code requested}, {@code approved} or {@code denied}
 */
public record Refund(String order, BigDecimal amount, String currency, String status, String decidedBy,
        Instant decidedAt, String note) {
    public static final String REQUESTED = "requested";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
}
