package io.ticketflow.parse.header;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message ids from Message-ID, In-Reply-To, References and Content-ID values, without angle brackets. */
public final class MessageIds {

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

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
            ids.add(m.group(1));
        }
        if (ids.isEmpty() && value.strip().matches("[^\\s<>]+@[^\\s<>]+")) {
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
