package io.ticketflow.vocabulary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What one channel delivered, exactly as it came, with where it came from: an e-mail's RFC 822 bytes, or a chat
 * message's API payload (JSON). Its {@link #id()} is the key of the raw store, so the same message arriving twice is
 * one message: for e-mail the SHA-256 of the bytes, for a channel with its own message ids (a chat update, a webhook
 * delivery) the SHA-256 of channel and external id, so a redelivery with other bytes is still the same message.
 *
 * @param channel         how it came: {@code imap}, {@code imaps}, {@code pop3}, {@code pop3s}, {@code api},
 *                        {@code import}, {@code file}, or a chat channel ({@code telegram}, {@code whatsapp},
 *                        {@code mastodon})
 * @param mailbox         the configured mailbox or channel account (or the API/import origin)
 * @param bytes           the payload as delivered
 * @param contentType     {@value #RFC822} for mail; the payload's media type otherwise
 * @param externalId      the channel's own stable id of the message, null for mail (whose bytes are its identity)
 * @param conversationKey the channel's conversation (a chat id), null for mail (threading decides)
 * @param uidValidity     IMAP UIDVALIDITY of the folder, null where the source has none
 * @param uid             IMAP UID (or POP3 message number), null where the source has none
 */
public record RawMessage(String channel, String mailbox, byte[] bytes, String contentType, String externalId,
        String conversationKey, Long uidValidity, Long uid, Instant receivedAt) {

    public static final String RFC822 = "message/rfc822";

    public RawMessage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(receivedAt, "receivedAt");
        contentType = contentType == null ? RFC822 : contentType;
    }

    /** A mail from a mailbox, with its server coordinates. */
    public RawMessage(byte[] bytes, String channel, String mailbox, Long uidValidity, Long uid, Instant receivedAt) {
        this(channel, mailbox, bytes, RFC822, null, null, uidValidity, uid, receivedAt);
    }

    /** A mail received now, without server coordinates (REST, a file, a command). */
    public static RawMessage of(byte[] bytes, String channel, String mailbox) {
        return new RawMessage(bytes, channel, mailbox, null, null, Instant.now());
    }

    /** A chat channel's message, identified by the channel's own id of it. */
    public static RawMessage ofChannel(String channel, String account, byte[] payload, String contentType,
            String externalId, String conversationKey, Instant receivedAt) {
        Objects.requireNonNull(externalId, "externalId");
        return new RawMessage(channel, account, payload, contentType, externalId, conversationKey, null, null,
                receivedAt);
    }

    public String id() {
        return externalId == null ? sha256Hex(bytes) : sha256Hex(channel + "\n" + externalId);
    }

    /** An RFC 822 message, for the mail parser. */
    public boolean isMail() {
        return RFC822.equals(contentType);
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A fresh SHA-256 digest, for a hash fed in parts (the delivery key's normalized body). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
        return "RawMessage[" + channel + "/" + mailbox + (externalId == null ? " uid=" + uid : " id=" + externalId)
                + " bytes=" + bytes.length + "]";
    }
}
