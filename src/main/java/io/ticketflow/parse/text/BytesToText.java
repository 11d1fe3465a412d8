package io.ticketflow.parse.text;

import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes body or header bytes into text the way mail clients do in practice: senders declare no charset or the wrong
 * one often enough that the declared label is a hint, never the truth.
 */
public final class BytesToText {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private BytesToText() {
    }

    /**
     * The declared charset if it is known and the bytes are valid in it (labels that name a subset, like gb2312, are
     * read with their superset), else ISO-2022-JP if its escape sequences are present, else UTF-8 if valid, else what
     * the ICU detector recognises with confidence (GB18030, KOI8-R, Shift_JIS, ...), else windows-1252 (the usual
     * truth behind "us-ascii" or "iso-8859-1" mail with 8-bit bytes).
     */
    public static String decode(byte[] bytes, String declaredCharset) {
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

    /** The charset a MIME label names (Java's name for it), or null when the label is missing or unknown. */
    public static Charset charsetOrNull(String name) {
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
