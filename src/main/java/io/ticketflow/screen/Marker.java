package io.ticketflow.screen;

import com.google.re2j.Pattern;
import io.ticketflow.vocabulary.ParsedMessage;
import java.util.List;
import java.util.regex.Matcher;

/**
 * One machine-mail marker of the markers file: a test on a header (present, or its value matching), on the sender
 * address or on the subject, and the reason recorded when it matches. Patterns are RE2/J: linear time on whatever a
 * sender puts in a header.
 *
 * @param headers  header names tried in order (the first present one that passes decides); empty for from/subject tests
 * @param from     a pattern the sender address must contain, or null
 * @param subject  a pattern the subject must contain, or null
 * @param matches  a pattern the header value must contain (null: being present is enough)
 * @param unless   a pattern that, found in the tested value, cancels the marker (Auto-Submitted: no)
 * @param reason   the reason, with {header}, {value}, {value:N} (cut to N characters), {from} and {subject}
 * @param line     where it is written, for messages
 */
record Marker(String id, List<String> headers, Pattern from, Pattern subject, Pattern matches, Pattern unless, String reason,
        int line) {

    static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([a-z]+)(?::(\\d{1,4}))?}");

    Marker {
        headers = List.copyOf(headers);
    }

    /** The reason when the message carries this marker, else null. */
    String test(ParsedMessage message) {
        if (from != null) {
            String address = message.from().address();
            return passes(address, from) ? reason(null, null, message) : null;
        }
        if (subject != null) {
            return passes(message.subject(), subject) ? reason(null, null, message) : null;
        }
        for (String header : headers) {
            String value = message.header(header);
            if (value != null && (matches == null || matches.matcher(value).find()) && !cancelled(value)) {
                return reason(header, value, message);
            }
        }
        return null;
    }

    private boolean passes(String value, Pattern pattern) {
        return value != null && pattern.matcher(value).find() && !cancelled(value);
    }

    private boolean cancelled(String value) {
        return unless != null && unless.matcher(value).find();
    }

    private String reason(String header, String value, ParsedMessage message) {
        Matcher m = PLACEHOLDER.matcher(reason);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = switch (m.group(1)) {
                case "header" -> header;
                case "value" -> value;
                case "from" -> message.from().address();
                default -> message.subject();
            };
            if (text != null && m.group(2) != null && text.length() > Integer.parseInt(m.group(2))) {
                text = text.substring(0, Integer.parseInt(m.group(2))) + "…";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(text)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
