package io.ticketflow.parse.header;

import io.ticketflow.parse.text.BytesToText;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;

/**
 * Decodes header values the way mail clients do in practice. Jakarta Mail reads header bytes as ISO-8859-1, so raw
 * 8-bit headers (common from broken clients) arrive as one char per byte; we recover UTF-8 where the bytes are valid
 * UTF-8 and fall back to windows-1252 otherwise, then decode RFC 2047 encoded words, tolerating malformed ones.
 */
public final class HeaderText {

    private HeaderText() {
    }

    public static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        String text = decodeEncodedWords(MimeUtility.unfold(recoverEightBit(raw)));
        return (hasLineBreak(text) ? LINE_BREAKS.matcher(text).replaceAll(" ") : text).strip();
    }

    /** Most values have no CR, LF or tab left after unfolding: those skip the regex (and its matcher). */
    private static boolean hasLineBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                return true;
            }
        }
        return false;
    }

    /** Compiled once: decode runs for every header of every mail. */
    private static final java.util.regex.Pattern LINE_BREAKS = java.util.regex.Pattern.compile("[\\r\\n\\t]+");

    private static final java.util.regex.Pattern ENCODED_WORD =
            java.util.regex.Pattern.compile("=\\?([^?\\s]{1,64})\\?([bBqQ])\\?([^?]*?)\\?=");
    private static final java.util.regex.Pattern ONLY_SPACE = java.util.regex.Pattern.compile("[ \\t\\r\\n]*");

    /**
     * RFC 2047 decoding as mail clients do it, tolerant where senders are not: encoded words inside other words or
     * quoted strings are decoded, whitespace between adjacent encoded words is dropped, and adjacent words in the same
     * charset are decoded together so a multi-byte character split across two words survives. A word that cannot be
     * decoded (unknown charset, broken base64) stays as written.
     */
    static String decodeEncodedWords(String text) {
        if (text.indexOf("=?") < 0) {
            return text;
        }
        java.util.regex.Matcher m = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        String pendingCharset = null;
        int last = 0;
        while (m.find()) {
            String between = text.substring(last, m.start());
            boolean adjacent = pendingCharset != null && ONLY_SPACE.matcher(between).matches();
            String charset = m.group(1);
            int star = charset.indexOf('*'); // RFC 2231 language suffix: =?utf-8*en?Q?...?=
            if (star > 0) {
                charset = charset.substring(0, star);
            }
            byte[] bytes = wordBytes(m.group(2), m.group(3));
            if (bytes == null || BytesToText.charsetOrNull(charset) == null) {
                pendingCharset = flush(out, pending, pendingCharset);
                out.append(between).append(m.group());
                last = m.end();
                continue;
            }
            if (!adjacent || !charset.equalsIgnoreCase(pendingCharset)) {
                pendingCharset = flush(out, pending, pendingCharset);
                if (!adjacent) {
                    out.append(between);
                }
            }
            pending.write(bytes, 0, bytes.length);
            pendingCharset = charset;
            last = m.end();
        }
        flush(out, pending, pendingCharset);
        out.append(text.substring(last));
        return out.toString();
    }

    private static String flush(StringBuilder out, java.io.ByteArrayOutputStream pending, String charset) {
        if (charset != null && pending.size() > 0) {
            out.append(BytesToText.decode(pending.toByteArray(), charset));
        }
        pending.reset();
        return null;
    }

    private static byte[] wordBytes(String encoding, String payload) {
        try {
            if (encoding.equalsIgnoreCase("B")) {
                String clean = base64Only(payload);
                if (clean.length() % 4 == 1) {
                    clean = clean.substring(0, clean.length() - 1); // a stray last character carries no byte
                }
                return java.util.Base64.getDecoder().decode(clean + "==".substring(0, (4 - clean.length() % 4) % 4));
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < payload.length(); i++) {
                char c = payload.charAt(i);
                if (c == '_') {
                    bytes.write(' ');
                }
                else if (c == '=' && i + 2 < payload.length() && isHex(payload.charAt(i + 1)) && isHex(payload.charAt(i + 2))) {
                    bytes.write(Integer.parseInt(payload.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                else {
                    bytes.write(c > 0xFF ? '?' : c);
                }
            }
            return bytes.toByteArray();
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The payload without what is not base64 (a loop: String.replaceAll compiles its regex on every call). */
    private static String base64Only(String payload) {
        StringBuilder clean = new StringBuilder(payload.length());
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                clean.append(c);
            }
        }
        return clean.length() == payload.length() ? payload : clean.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Turns ISO-8859-1 read bytes back into bytes and decodes them as UTF-8, else windows-1252. */
    static String recoverEightBit(String raw) {
        boolean eightBit = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0xFF) {
                return raw; // already decoded by someone who knew better
            }
            eightBit |= c >= 0x80;
        }
        if (!eightBit) {
            return raw;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        return BytesToText.decode(bytes, null);
    }
}
