package io.ticketflow.parse.header;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message ids from Message-ID, In-Reply-To, References and Content-ID values, without angle brackets. */
public final class MessageIds {

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
    /**
     * RFC 5322's line limit: no real id is longer, and one that is cannot be indexed as a term (it would fail the
     * message's store write), so it counts as absent.
     */
    static final int MAX_ID_LENGTH = 998;

    private MessageIds() {
    }

    /** Every id in the value, in order; tolerant of a single id written without brackets. */
    public static List<String> all(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            if (m.group(1).length() <= MAX_ID_LENGTH) {
                ids.add(m.group(1));
            }
        }
        if (ids.isEmpty() && value.strip().length() <= MAX_ID_LENGTH && value.strip().matches("[^\\s<>]+@[^\\s<>]+")) {
            ids.add(value.strip());
        }
        return Collections.unmodifiableList(ids);
    }

    /** The first id in the value, or null. */
    public static String first(String value) {
        List<String> ids = all(value);
        return ids.isEmpty() ? null : ids.get(0);
    }
}
