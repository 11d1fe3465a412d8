package io.ticketflow.parse.mime;

import io.ticketflow.parse.header.MessageIds;
import io.ticketflow.vocabulary.DeliveryReport;
import io.ticketflow.vocabulary.DeliveryReport.Recipient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the machine-readable part of a DSN (RFC 3464) or MDN (RFC 8098) into a {@link DeliveryReport}. */
final class DeliveryReportParser {

    private static final String DSN = DeliveryReport.DSN;

    private DeliveryReportParser() {
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
            List<String> ids = MessageIds.all(perMessage.get("original-message-id"));
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
