package io.ticketflow.parse.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Repairs multipart bodies that Jakarta Mail splits wrongly: delimiter lines followed by junk on the same line
 * ("--boundary ignored text", which RFC 2046 readers must accept) and boundaries ending in spaces (Jakarta trims the
 * line but not the boundary, so it never finds them). Delimiter lines are rewritten with a fresh boundary without
 * either problem. Returns null when the body needs no repair, so ordinary mail keeps Jakarta's own path.
 */
final class MultipartRepair {

    /** A repaired body and the boundary it now uses. */
    record Repaired(byte[] body, String boundary) {
    }

    private MultipartRepair() {
    }

    static Repaired repair(byte[] body, String boundary) {
        if (boundary == null || boundary.isEmpty()) {
            return null;
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        boolean trailingSpace = Character.isWhitespace(boundary.charAt(boundary.length() - 1));
        // almost every multipart needs no repair: look first, and copy the body only for one that does
        if (!rewrite(body, delimiter, trailingSpace, null, null)) {
            return null;
        }
        String fresh = "=_tf_repaired_" + Integer.toHexString(boundary.hashCode()) + "_" + body.length;
        byte[] replacement = ("--" + fresh).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        rewrite(body, delimiter, trailingSpace, replacement, out);
        return new Repaired(out.toByteArray(), fresh);
    }

    /**
     * Whether a delimiter line needs the repair; with {@code out}, also writes the body with every delimiter line
     * rewritten to {@code replacement}.
     */
    private static boolean rewrite(byte[] body, byte[] delimiter, boolean trailingSpace, byte[] replacement,
            ByteArrayOutputStream out) {
        boolean repaired = false;
        int lineStart = 0;
        while (lineStart < body.length) {
            int lineEnd = lineStart;
            while (lineEnd < body.length && body[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && body[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (startsWith(body, lineStart, contentEnd, delimiter)) {
                int after = lineStart + delimiter.length;
                boolean close = after + 1 < contentEnd && body[after] == '-' && body[after + 1] == '-';
                int rest = close ? after + 2 : after;
                if (rest >= contentEnd || !isBoundaryChar(body[rest])) {
                    boolean junk = !onlyWhitespace(body, rest, contentEnd);
                    repaired |= junk || trailingSpace;
                    if (out == null) {
                        if (repaired) {
                            return true;
                        }
                        lineStart = lineEnd + 1;
                        continue;
                    }
                    out.write(replacement, 0, replacement.length);
                    if (close) {
                        out.write('-');
                        out.write('-');
                    }
                    out.write(body, contentEnd, lineEnd - contentEnd); // keep the line ending
                    if (lineEnd < body.length) {
                        out.write('\n');
                    }
                    lineStart = lineEnd + 1;
                    continue;
                }
            }
            if (out != null) {
                out.write(body, lineStart, Math.min(lineEnd + 1, body.length) - lineStart);
            }
            lineStart = lineEnd + 1;
        }
        return repaired;
    }

    private static boolean startsWith(byte[] body, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2046 bchars without the space: a delimiter followed by one of these is a longer boundary, not this one. */
    private static boolean isBoundaryChar(byte b) {
        return Character.isLetterOrDigit(b) || "'()+_,-./:=?".indexOf(b) >= 0;
    }

    private static boolean onlyWhitespace(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * The part's multipart, repaired first where Jakarta Mail would split it wrongly; {@code repairedNote} hears of a
     * repair. Null when the part is no multipart.
     */
    static Multipart open(Part part, Runnable repairedNote) throws MessagingException, IOException {
        String boundary = PartFields.parameter(part, "boundary");
        InputStream raw = part instanceof MimeBodyPart p ? p.getRawInputStream()
                : part instanceof MimeMessage m ? m.getRawInputStream() : null;
        if (raw != null && boundary != null) {
            byte[] bytes;
            try (InputStream in = raw) {
                bytes = in.readAllBytes();
            }
            Repaired repaired = repair(bytes, boundary);
            if (repaired != null) {
                ContentType type = new ContentType(part.getContentType());
                type.setParameter("boundary", repaired.boundary());
                repairedNote.run();
                return new MimeMultipart(new ByteArrayDataSource(repaired.body(), type.toString()));
            }
        }
        Object content = part.getContent();
        return content instanceof Multipart multipart ? multipart : null;
    }
}
