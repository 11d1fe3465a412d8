package io.ticketflow.respond;

/**
 * Values that go into mail headers (subject, names): line breaks and other control characters become spaces, so no
 * ticket-derived text can add a header or end the header block (header injection: a customer's subject must never
 * add a Bcc).
 */
public final class HeaderValues {

    private static final int MAX = 900;

    private HeaderValues() {
    }

    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        String s = value.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replaceAll(" {2,}", " ").strip();
        return s.length() > MAX ? s.substring(0, MAX) : s;
    }
}
