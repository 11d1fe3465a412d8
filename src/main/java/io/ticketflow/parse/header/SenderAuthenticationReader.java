package io.ticketflow.parse.header;

import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.SenderAuthentication;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Reads SPF, DKIM and DMARC results from the Authentication-Results headers our own border server added, and from no
 * others. Every server prepends its headers, so the ones added after our server received the mail are at the top and
 * everything the sender wrote is below. Hence, walking down from the top:
 * <ul>
 * <li>only headers with our authserv-id count, and only the first contiguous group of them: a header of our id below
 * a header of another server, or below our border (the {@code trusted-hops}-th Received header), was written before
 * the mail reached us, i.e. by the sender (RFC 8601 section 5 asks the border server to remove such headers; this
 * does not rely on it having done so);</li>
 * <li>headers of other servers are never read;</li>
 * <li>a message with fewer Received headers than trusted hops did not pass our border as configured: no results.</li>
 * </ul>
 * The DMARC result counts only for the domain of the From address ({@code header.from}).
 */
public final class SenderAuthenticationReader {

    /** Authentication-Results headers looked at; a message with more is not ours to trust anyway. */
    private static final int MAX_HEADERS = 50;

    private SenderAuthenticationReader() {
    }

    public static SenderAuthentication read(Part message, MailAuthProperties settings, MailAddress from) {
        if (!settings.configured()) {
            return SenderAuthentication.unchecked(List.of());
        }
        List<String> evidence = new ArrayList<>();
        List<AuthenticationResults> trusted = new ArrayList<>();
        int received = 0;
        int seen = 0;
        boolean blockEnded = false;
        boolean pastBorder = false;
        try {
            @SuppressWarnings("unchecked")
            Enumeration<Header> all = message.getAllHeaders();
            while (all.hasMoreElements() && seen < MAX_HEADERS) {
                Header h = all.nextElement();
                String name = h.getName().toLowerCase(Locale.ROOT);
                if (name.equals("received")) {
                    received++;
                    if (settings.trustedHops() > 0 && received == settings.trustedHops()) {
                        pastBorder = true;
                    }
                    continue;
                }
                if (!name.equals("authentication-results")) {
                    continue;
                }
                seen++;
                AuthenticationResults ar = AuthenticationResults.parse(HeaderText.recoverEightBit(h.getValue()));
                boolean ours = ar.authservId().equals(settings.authservId());
                if (ours && !blockEnded && !pastBorder) {
                    trusted.add(ar);
                    evidence.add("trusted: " + shortened(h.getValue()));
                }
                else if (ours) {
                    evidence.add("ignored (claims " + settings.authservId() + " but was written before our server: "
                            + (pastBorder ? "below our border" : "below another server's header") + ")");
                }
                else if (!trusted.isEmpty()) {
                    blockEnded = true;
                }
            }
        }
        catch (MessagingException | RuntimeException e) {
            return SenderAuthentication.unchecked(List.of("Authentication-Results unreadable: " + e.getMessage()));
        }
        if (settings.trustedHops() > 0 && received < settings.trustedHops()) {
            evidence.add(0, "no results: " + received + " Received header(s), fewer than the " + settings.trustedHops()
                    + " our servers add (the mail did not pass our border as configured)");
            return SenderAuthentication.unchecked(evidence);
        }
        if (trusted.isEmpty()) {
            evidence.add(0, "no Authentication-Results from " + settings.authservId());
            return SenderAuthentication.unchecked(evidence);
        }
        String fromDomain = domain(from == null ? null : from.address());
        return new SenderAuthentication(settings.authservId(), resultOf(trusted, "spf", null),
                resultOf(trusted, "dkim", null), resultOf(trusted, "dmarc", fromDomain), evidence);
    }

    /** The first group's result; a pass of any one wins (two DKIM signatures); DMARC only for the From domain. */
    private static String resultOf(List<AuthenticationResults> headers, String method, String fromDomain) {
        String first = null;
        for (AuthenticationResults ar : headers) {
            for (AuthenticationResults.Result r : ar.resultsOf(method)) {
                String about = r.property("header.from");
                if (fromDomain != null && about != null && !about.equalsIgnoreCase(fromDomain)) {
                    continue;
                }
                if ("pass".equals(r.result())) {
                    return "pass";
                }
                first = first == null ? r.result() : first;
            }
        }
        return first;
    }

    private static String domain(String address) {
        if (address == null || address.lastIndexOf('@') < 0) {
            return null;
        }
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static String shortened(String value) {
        String v = value == null ? "" : value.replaceAll("\\s+", " ").strip();
        return v.length() > 300 ? v.substring(0, 300) + "..." : v;
    }
}
