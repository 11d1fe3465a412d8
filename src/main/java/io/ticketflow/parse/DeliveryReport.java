package io.ticketflow.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** Parses the body of a message/delivery-status or message/disposition-notification part. */
    static DeliveryReport parse(String type, String body) {
        List<Map<String, String>> blocks = blocks(body);
        Map<String, String> perMessage = blocks.isEmpty() ? Map.of() : blocks.get(0);
        List<Recipient> recipients = new ArrayList<>();
        for (Map<String, String> block : DSN.equals(type) ? blocks.subList(Math.min(1, blocks.size()), blocks.size()) : List.<Map<String, String>>of()) {
            if (block.containsKey("final-recipient") || block.containsKey("original-recipient") || block.containsKey("action")) {
                recipients.add(new Recipient(address(block.get("final-recipient")), address(block.get("original-recipient")),
                        lower(block.get("action")), firstWord(block.get("status")), block.get("diagnostic-code"),
                        typed(block.get("remote-mta"))));
            }
        }
        String reporter = typed(perMessage.getOrDefault("reporting-mta", perMessage.get("reporting-ua")));
        String original = null;
        if (perMessage.containsKey("original-message-id")) {
            List<String> ids = MessageParser.ids(perMessage.get("original-message-id"));
            original = ids.isEmpty() ? null : ids.get(0);
        }
        if (DSN.equals(type) && recipients.isEmpty() && perMessage.containsKey("action")) {
            // some MTAs write one block only
            recipients.add(new Recipient(address(perMessage.get("final-recipient")), address(perMessage.get("original-recipient")),
                    lower(perMessage.get("action")), firstWord(perMessage.get("status")), perMessage.get("diagnostic-code"),
                    typed(perMessage.get("remote-mta"))));
        }
        return new DeliveryReport(type, reporter, original, List.copyOf(recipients), perMessage.get("disposition"));
    }

    /** Header-like field blocks separated by blank lines, continuation lines unfolded, names lower case. */
    private static List<Map<String, String>> blocks(String body) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String last = null;
        for (String line : body.split("\\r?\\n")) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new LinkedHashMap<>();
                }
                last = null;
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                current.put(last, current.get(last) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                current.putIfAbsent(last, line.substring(colon + 1).strip());
            }
        }
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    /** "rfc822; user@example.com" → "user@example.com". */
    private static String address(String value) {
        String v = typed(value);
        if (v == null) {
            return null;
        }
        v = v.replaceAll("^<|>$", "").strip();
        return v.toLowerCase(Locale.ROOT);
    }

    /** "dns; mx.example.com" → "mx.example.com". */
    private static String typed(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        return (semi >= 0 ? value.substring(semi + 1) : value).strip();
    }

    private static String firstWord(String value) {
        return value == null ? null : value.strip().split("[\\s(]", 2)[0];
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
