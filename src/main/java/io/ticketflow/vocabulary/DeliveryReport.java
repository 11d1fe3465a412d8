package io.ticketflow.vocabulary;

import java.util.List;
import java.util.Locale;

/**
 * A machine report about an earlier message: a delivery status notification (RFC 3464, a bounce or delay) or a
 * message disposition notification (RFC 8098, a read receipt).
 *
 * @param type              {@code delivery-status} or {@code disposition-notification}
 * @param reportingMta      the MTA (DSN) or user agent (MDN) that reports
 * @param originalMessageId Message-ID of the reported message, from the returned message or headers (or the MDN's
 *                          Original-Message-ID field); null if the report did not include it
 * @param recipients        per-recipient results (DSN)
 * @param disposition       the MDN disposition, e.g. {@code automatic-action/MDN-sent-automatically; displayed}
 */
public record DeliveryReport(String type, String reportingMta, String originalMessageId, List<Recipient> recipients,
        String disposition) {

    public static final String DSN = "delivery-status";
    public static final String MDN = "disposition-notification";

    /** One recipient's result. Action is failed, delayed, delivered, relayed or expanded; status is X.Y.Z. */
    public record Recipient(String finalRecipient, String originalRecipient, String action, String status,
            String diagnosticCode, String remoteMta) {

        /** A permanent failure: the address cannot be delivered to. */
        public boolean failed() {
            return "failed".equalsIgnoreCase(action) || (action == null && status != null && status.startsWith("5"));
        }
    }

    /** Addresses that failed permanently (lower case). */
    public List<String> failedAddresses() {
        return recipients.stream().filter(Recipient::failed)
                .map(r -> r.finalRecipient() != null ? r.finalRecipient() : r.originalRecipient())
                .filter(a -> a != null && a.contains("@")).map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    public DeliveryReport withOriginalMessageId(String id) {
        return new DeliveryReport(type, reportingMta, id, recipients, disposition);
    }
}
