package io.ticketflow.respond;

/**
 * Values that go into mail headers (subject, names): line breaks and other control characters become spaces, so no
 * ticket-derived text can add a header or end the header block (header injection: a customer's subject must never
 * add a Bcc).
 */
public final class HeaderValues {

    private static final int MAX = 900;
    // compiled once: every header of every acknowledgement goes through clean
    private static final java.util.regex.Pattern CONTROLS =
            java.util.regex.Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" {2,}");

    private HeaderValues() {
    }

    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        String s = SPACES.matcher(CONTROLS.matcher(value).replaceAll(" ")).replaceAll(" ").strip();
        return s.length() > MAX ? s.substring(0, MAX) : s;
    }
}
