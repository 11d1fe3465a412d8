package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.FieldValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The opaque cursor of the ticket list: the last hit's sort values (created-at millis, number), base64url. Opaque so
 * clients pass it back unchanged and the sort can change without breaking their code.
 */
final class TicketCursor {

    private TicketCursor() {
    }

    static String encode(List<FieldValue> sort) {
        if (sort == null || sort.size() != 2 || !sort.get(0).isLong() || !sort.get(1).isString()) {
            return null;
        }
        String plain = sort.get(0).longValue() + ":" + sort.get(1).stringValue();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static List<FieldValue> decode(String cursor) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this API: " + cursor);
        }
        int colon = plain.indexOf(':');
        if (colon < 1 || colon == plain.length() - 1) {
            throw new IllegalArgumentException("not a cursor of this API: " + cursor);
        }
        try {
            return List.of(FieldValue.of(Long.parseLong(plain.substring(0, colon))), FieldValue.of(plain.substring(colon + 1)));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cursor of this API: " + cursor);
        }
    }
}
