package io.ticketflow.parse.header;

import io.ticketflow.vocabulary.MailAddress;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The header fields of a message or part as written (8-bit bytes recovered, not yet RFC 2047 decoded), by lower-case
 * name. Addresses are split from these undecoded values: an encoded display name must not be able to inject an address.
 */
public final class HeaderFields {

    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");

    private final Map<String, List<String>> raw;

    private HeaderFields(Map<String, List<String>> raw) {
        this.raw = raw;
    }

    /** The part's fields; a part without a readable header block has none. */
    public static HeaderFields of(Part part) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        try {
            @SuppressWarnings("unchecked")
            Enumeration<Header> all = part.getAllHeaders();
            while (all.hasMoreElements()) {
                Header h = all.nextElement();
                // Jakarta Mail turns a line without a colon into a "header" named after the whole line: not a header
                if (FIELD_NAME.matcher(h.getName()).matches()) {
                    headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(h.getValue() == null ? "" : HeaderText.recoverEightBit(h.getValue()));
                }
            }
        }
        catch (MessagingException e) {
            // no readable header block: treated as no headers
        }
        return new HeaderFields(headers);
    }

    /**
     * Removes the control headers (names starting with {@code prefix}, a namespace only Ticketflow may set), recording
     * each, and returns them decoded.
     */
    public Map<String, List<String>> removeControlHeaders(String prefix, List<String> warnings) {
        Map<String, List<String>> removed = new LinkedHashMap<>();
        raw.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(prefix)) {
                return false;
            }
            removed.put(e.getKey(), e.getValue().stream().map(HeaderText::decode).toList());
            warnings.add("inbound control header " + e.getKey() + " removed (only Ticketflow may set it)");
            return true;
        });
        return removed;
    }

    /** Every field with its values RFC 2047 decoded. */
    public Map<String, List<String>> decoded() {
        Map<String, List<String>> decoded = new LinkedHashMap<>();
        raw.forEach((name, values) -> decoded.put(name, values.stream().map(HeaderText::decode).toList()));
        return decoded;
    }

    /** The first value of a field, or null. */
    public static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** RFC 5321's limits: a local part of 64 and a domain of 255 characters, with the "@". */
    static final int MAX_ADDRESS_LENGTH = 64 + 1 + 255;

    public MailAddress firstAddress(String name, List<String> warnings) {
        List<MailAddress> all = addresses(name, warnings);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The addresses of the field's first value; an unreadable one gives none, with a warning. */
    public List<MailAddress> addresses(String name, List<String> warnings) {
        String value = first(raw, name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            List<MailAddress> out = new ArrayList<>();
            for (Address a : InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
                if (a instanceof InternetAddress ia && ia.getAddress() != null && !ia.getAddress().isBlank()) {
                    if (ia.getAddress().length() > MAX_ADDRESS_LENGTH) {
                        // no mail system delivers to it, and a term this long cannot be indexed: it is not an address
                        warnings.add("over-long address in " + name + " header (" + ia.getAddress().length()
                                + " characters) left out");
                        continue;
                    }
                    String personal = ia.getPersonal();
                    out.add(new MailAddress(ia.getAddress(), personal == null ? null : HeaderText.decodeEncodedWords(personal)));
                }
            }
            return out;
        }
        catch (Exception e) {
            warnings.add("unreadable " + name + " header: " + HeaderText.decode(value));
            return List.of();
        }
    }
}
