package io.ticketflow.parse;

import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes header values the way mail clients do in practice. Jakarta Mail reads header bytes as ISO-8859-1, so raw
 * 8-bit headers (common from broken clients) arrive as one char per byte; we recover UTF-8 where the bytes are valid
 * UTF-8 and fall back to windows-1252 otherwise, then decode RFC 2047 encoded words, tolerating malformed ones.
 */
final class HeaderText {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private HeaderText() {
    }

    static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        String text = decodeEncodedWords(MimeUtility.unfold(recoverEightBit(raw)));
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

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
            if (bytes == null || charsetOrNull(charset) == null) {
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
            out.append(decodeBytes(pending.toByteArray(), charset));
        }
        pending.reset();
        return null;
    }

    private static byte[] wordBytes(String encoding, String payload) {
        try {
            if (encoding.equalsIgnoreCase("B")) {
                String clean = payload.replaceAll("[^A-Za-z0-9+/]", "");
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
        return decodeBytes(bytes, null);
    }

    /**
     * Decodes body or header bytes: the declared charset if it is known and the bytes are valid in it (labels that
     * name a subset, like gb2312, are read with their superset), else ISO-2022-JP if its escape sequences are
     * present, else UTF-8 if valid, else what the ICU detector recognises with confidence (GB18030, KOI8-R,
     * Shift_JIS, ...), else windows-1252 (the usual truth behind "us-ascii" or "iso-8859-1" mail with 8-bit bytes).
     */
    static String decodeBytes(byte[] bytes, String declaredCharset) {
        Charset declared = charsetOrNull(declaredCharset);
        boolean latinLabel = declared != null && isLatinLabel(declaredCharset);
        if (declared != null && !latinLabel) {
            String strict = strictDecode(bytes, Charsets.superset(declared));
            if (strict != null) {
                return strict;
            }
        }
        if (!Charsets.hasEightBit(bytes)) {
            return Charsets.looksLikeIso2022Jp(bytes) ? new String(bytes, Charsets.ISO_2022_JP)
                    : new String(bytes, StandardCharsets.US_ASCII);
        }
        String utf8 = strictDecode(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return utf8;
        }
        if (!latinLabel) {
            Charset detected = Charsets.detect(bytes);
            if (detected != null) {
                String text = strictDecode(bytes, detected);
                if (text != null) {
                    return text;
                }
            }
        }
        return new String(bytes, WINDOWS_1252);
    }

    static Charset charsetOrNull(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(name.trim().replace("\"", "")));
        }
        catch (Exception e) {
            return null;
        }
    }

    /**
     * "us-ascii" and "iso-8859-1" labels are, in real mail, mostly windows-1252 text (as browsers assume): strict
     * ISO-8859-1 would accept every byte and turn € or curly quotes into control characters.
     */
    private static boolean isLatinLabel(String declaredCharset) {
        String label = declaredCharset.trim().replace("\"", "").toLowerCase(java.util.Locale.ROOT);
        return label.equals("us-ascii") || label.equals("ascii") || label.equals("iso-8859-1") || label.equals("latin1")
                || label.equals("iso_8859-1");
    }

    static String strictDecode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        }
        catch (CharacterCodingException e) {
            return null;
        }
    }
}
