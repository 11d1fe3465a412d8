package io.ticketflow.respond;

/**
 * The Content-Transfer-Encoding Jakarta Mail would choose for a UTF-8 text part, decided from the String in one pass.
 * Left to itself, Jakarta Mail decides it when the message is saved by writing the whole part through its charset
 * encoder into a counting stream ({@code MimeUtility.getEncoding}), and then writes it a second time on the wire; a part
 * whose header is set already skips that first pass. The rule is Jakarta's, over the part's UTF-8 bytes, so the mail on
 * the wire stays byte for byte the same:
 * <ul>
 *   <li>{@code 7bit}: every byte is printable ASCII, tab, CR or LF, and no line is longer than 998 bytes (the line
 *   limit of RFC 5322);</li>
 *   <li>{@code quoted-printable}: some bytes are not (non-ASCII characters, control characters, DEL) but fewer than
 *   the others, or the text is ASCII with a line over 998 bytes;</li>
 *   <li>{@code base64}: at least half the bytes are not.</li>
 * </ul>
 */
final class TransferEncoding {

    static final String SEVEN_BIT = "7bit";
    static final String QUOTED_PRINTABLE = "quoted-printable";
    static final String BASE64 = "base64";

    /** Longest line 7bit may carry: 1000 bytes with the CRLF. */
    private static final int MAX_LINE = 998;

    private TransferEncoding() {
    }

    /**
     * @return the encoding of {@code text} as a UTF-8 part, or null when the text has a lone surrogate (the encoder
     *         writes a replacement for it whose count this pass does not model: Jakarta Mail then decides itself)
     */
    static String ofUtf8(String text) {
        int ascii = 0;
        int other = 0;
        int line = 0;
        boolean longLine = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int bytes;
            if (c < 0x80) {
                if (c == '\r' || c == '\n') {
                    line = 0;
                    ascii++;
                    continue;
                }
                bytes = 1;
                if (c >= 0x20 && c < 0x7f || c == '\t') {
                    ascii++;
                }
                else {
                    other++;
                }
            }
            else {
                if (c < 0x800) {
                    bytes = 2;
                }
                else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes = 4;
                    i++;
                }
                else if (Character.isSurrogate(c)) {
                    return null;
                }
                else {
                    bytes = 3;
                }
                other += bytes;
            }
            line += bytes;
            if (line > MAX_LINE) {
                longLine = true;
            }
        }
        if (other == 0) {
            return longLine ? QUOTED_PRINTABLE : SEVEN_BIT;
        }
        return ascii > other ? QUOTED_PRINTABLE : BASE64;
    }
}
