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
        String text = recoverEightBit(raw);
        try {
            text = MimeUtility.decodeText(MimeUtility.unfold(text));
        }
        catch (Exception e) {
            text = MimeUtility.unfold(text); // a malformed encoded word stays readable as it was written
        }
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
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
     * Decodes body or header bytes: the declared charset if it is known and the bytes are valid in it, else UTF-8 if
     * valid, else windows-1252 (the usual truth behind "us-ascii" or "iso-8859-1" mail with 8-bit bytes).
     */
    static String decodeBytes(byte[] bytes, String declaredCharset) {
        Charset declared = charsetOrNull(declaredCharset);
        if (declared != null && !isLatinLabel(declaredCharset)) {
            String strict = strictDecode(bytes, declared);
            if (strict != null) {
                return strict;
            }
        }
        String utf8 = strictDecode(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return utf8;
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

    private static String strictDecode(byte[] bytes, Charset charset) {
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
