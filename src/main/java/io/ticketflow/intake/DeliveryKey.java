package io.ticketflow.intake;

import io.ticketflow.parse.mime.UnsynchronizedBytes;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of one message independent of its delivery path, so a mail sent to two support addresses (two
 * mailboxes, two different byte sequences because each delivery prepends its own Received/Delivered-To headers)
 * becomes one ticket.
 * <p>
 * Why not the Message-ID alone: it is written by the sender, so anyone can pre-send a message with
 * the Message-ID of a mail they expect someone else to send and have the real one swallowed. The key therefore also
 * covers the From address, the Date header and a hash of the body: to collide, an attacker must know the victim's
 * exact body, Date and Message-ID in advance, and even then only makes the real message a duplicate of an identical
 * copy. Messages without a Message-ID or From get no key (they are deduplicated by their raw bytes only).
 */
public final class DeliveryKey {

    private DeliveryKey() {
    }

    /** The key of a raw message, or null when it has no Message-ID or From to key on. */
    public static String of(byte[] raw) {
        int bodyStart = bodyStart(raw);
        InternetHeaders headers;
        try {
            headers = new InternetHeaders(new UnsynchronizedBytes(raw, 0, bodyStart < 0 ? raw.length : bodyStart));
        }
        catch (MessagingException e) {
            return null;
        }
        String messageId = first(headers, "Message-ID");
        String from = sender(first(headers, "From"));
        if (messageId == null || from == null) {
            return null;
        }
        String body = normalizedBodyHash(raw, bodyStart < 0 ? raw.length : bodyStart);
        return RawMessage.sha256Hex(messageId.strip() + "\n" + from + "\n" + date(first(headers, "Date")) + "\n" + body);
    }

    private static String first(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, null);
        return value == null || value.isBlank() ? null : value;
    }

    private static String sender(String from) {
        if (from == null) {
            return null;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(from, false);
            return parsed.length == 0 || parsed[0].getAddress() == null ? null : parsed[0].getAddress().toLowerCase(Locale.ROOT);
        }
        catch (MessagingException e) {
            return from.strip().toLowerCase(Locale.ROOT);
        }
    }

    private static String date(String date) {
        if (date == null) {
            return "";
        }
        try {
            Date parsed = new MailDateFormat().parse(date.strip());
            return Long.toString(parsed.getTime());
        }
        catch (ParseException | RuntimeException e) {
            return date.strip();
        }
    }

    /**
     * The SHA-256 of the body with line ends unified and trailing whitespace dropped (relays differ in exactly these):
     * the runs between carriage returns are fed to the digest in place, without a normalized copy.
     */
    private static String normalizedBodyHash(byte[] raw, int from) {
        int end = raw.length;
        while (end > from && isLineEndOrBlank(raw[end - 1])) {
            end--;
        }
        MessageDigest digest = RawMessage.sha256();
        int run = from;
        for (int i = from; i < end; i++) {
            if (raw[i] == '\r') {
                digest.update(raw, run, i - run);
                run = i + 1;
            }
        }
        digest.update(raw, run, end - run);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean isLineEndOrBlank(byte b) {
        return b == '\r' || b == '\n' || b == ' ' || b == '\t';
    }

    /** Index of the first body byte (after the empty line), or -1 when the message has no body. */
    public static int bodyStart(byte[] raw) {
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') {
                return i + 2;
            }
            if (raw[i] == '\n' && raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }
}
