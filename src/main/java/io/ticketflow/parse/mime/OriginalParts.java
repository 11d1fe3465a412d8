package io.ticketflow.parse.mime;

import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds one part of a stored raw message again by the SHA-256 the parser recorded for it, so an attachment is served
 * from the raw record (the only copy of the bytes) rather than from a second copy kept for downloads. The walk
 * decodes parts the way {@link MimeWalk} does (multipart repair, encoded message/rfc822, uuencoded files in text), and
 * a hash match proves the bytes are the ones the ticket lists.
 */
public final class OriginalParts {

    private static final int MAX_DEPTH = 30;
    private static final int MAX_PARTS = 2000;

    private final Session session = TolerantMailSession.create();
    private int parts;

    private OriginalParts() {
    }

    /** The decoded bytes of the part whose SHA-256 is {@code sha256}, if the message has one. */
    public static Optional<byte[]> find(byte[] rawMail, String sha256) {
        if (sha256 == null || sha256.isBlank()) {
            return Optional.empty();
        }
        OriginalParts walk = new OriginalParts();
        try {
            return Optional.ofNullable(walk.search(new MimeMessage(walk.session, new ByteArrayInputStream(rawMail)),
                    sha256, 0));
        }
        catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    private byte[] search(Part part, String sha256, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || ++parts > MAX_PARTS) {
            return null;
        }
        String type = PartFields.contentType(part);
        if (type.startsWith("multipart/")) {
            Multipart multipart = multipart(part);
            for (int i = 0; multipart != null && i < multipart.getCount(); i++) {
                byte[] found = readable(multipart.getBodyPart(i), sha256, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (type.equals("message/rfc822") || type.equals("message/global")) {
            byte[] bytes = PartBytes.readEmbedded(part);
            if (matches(bytes, sha256)) {
                return bytes;
            }
            return readable(new MimeMessage(session, new ByteArrayInputStream(bytes)), sha256, depth + 1);
        }
        byte[] bytes = PartBytes.read(part);
        if (matches(bytes, sha256)) {
            return bytes;
        }
        if (type.equals("text/plain")) {
            for (Uuencode.File file : Uuencode.extract(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).files()) {
                if (matches(file.bytes(), sha256)) {
                    return file.bytes();
                }
            }
        }
        return null;
    }

    /** One damaged part does not hide the others. */
    private byte[] readable(Part part, String sha256, int depth) {
        try {
            return search(part, sha256, depth);
        }
        catch (MessagingException | IOException | RuntimeException e) {
            return null;
        }
    }

    private static Multipart multipart(Part part) throws MessagingException, IOException {
        return MultipartRepair.open(part, () -> { });
    }

    private static boolean matches(byte[] bytes, String sha256) {
        return RawMessage.sha256Hex(bytes).equalsIgnoreCase(sha256);
    }
}
