package io.ticketflow.vocabulary;

import java.util.List;
import java.util.Locale;

/**
 * What the organisation's own mail server found out about the sender (RFC 8601 Authentication-Results), read only from
 * headers that server added; never from headers the sender could have written.
 *
 * @param authservId the trusted authserv-id the results came from; null when none was configured or none was found
 * @param spf        the SPF result ({@code pass}, {@code fail}, {@code softfail}, ...), {@link #NONE} when not reported
 * @param dkim       the best DKIM result (a pass of any signature wins), {@link #NONE} when not reported
 * @param dmarc      the DMARC result for the From domain, {@link #NONE} when not reported
 * @param evidence   the trusted header values the results were read from, and what was ignored and why
 */
public record SenderAuthentication(String authservId, String spf, String dkim, String dmarc, List<String> evidence) {

    public static final String NONE = "none";
    /**
     * Tag of a ticket opened by a sender whose From failed DMARC: agents see it, and no automatic mail goes to that
     * address later (reminders, notices, surveys), since it is probably not the person who wrote.
     */
    public static final String DMARC_FAIL_TAG = "sender-dmarc-fail";

    public SenderAuthentication {
        spf = normal(spf);
        dkim = normal(dkim);
        dmarc = normal(dmarc);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** No trusted results: no authserv-id configured, or our server added none. Today's behaviour: nothing is held. */
    public static SenderAuthentication unchecked(List<String> evidence) {
        return new SenderAuthentication(null, NONE, NONE, NONE, evidence);
    }

    /** Our own server says the From domain fails DMARC: the From address is probably forged. */
    public boolean dmarcFailed() {
        return authservId != null && "fail".equals(dmarc);
    }

    /** One line for threading decisions and outcomes: where the verdict came from and what it was. */
    public String summary() {
        return authservId == null ? "no trusted Authentication-Results"
                : authservId + ": spf=" + spf + " dkim=" + dkim + " dmarc=" + dmarc;
    }

    private static String normal(String result) {
        return result == null || result.isBlank() ? NONE : result.strip().toLowerCase(Locale.ROOT);
    }
}
