package io.ticketflow.vocabulary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The bytes of one message exactly as a source delivered them, with where they came from.
 * Its {@link #id()} (SHA-256 of the bytes) is the key of the raw store: the same bytes arriving twice are one message.
 *
 * @param source      channel that delivered it: {@code imap}, {@code pop3}, {@code api}, {@code import}, {@code file}
 * @param mailbox     configured mailbox name (or the API/import origin)
 * @param uidValidity IMAP UIDVALIDITY of the folder, null where the source has none
 * @param uid         IMAP UID (or POP3 message number), null where the source has none
 */
public record RawMessage(byte[] bytes, String source, String mailbox, Long uidValidity, Long uid, Instant receivedAt) {

    public RawMessage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public static RawMessage of(byte[] bytes, String source, String mailbox) {
        return new RawMessage(bytes, source, mailbox, null, null, Instant.now());
    }

    public String id() {
        return sha256Hex(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RawMessage[" + source + "/" + mailbox + " uid=" + uid + " bytes=" + bytes.length + "]";
    }
}
