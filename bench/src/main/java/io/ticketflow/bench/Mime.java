package io.ticketflow.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The few RFC 2045/2047 encodings the generator needs, written by hand so that the output is byte-for-byte
 * deterministic (jakarta.mail puts time-based values into boundaries and headers).
 */
final class Mime {

    private Mime() {
    }

    /** A header value: plain when ASCII, otherwise one RFC 2047 encoded word (UTF-8, base64). */
    static String header(String value) {
        if (value.chars().allMatch(c -> c >= 32 && c < 127)) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** A mailbox: {@code "Name" <address>} with the name encoded when needed. */
    static String address(String name, String address) {
        String encoded = header(name);
        return (encoded.equals(name) ? "\"" + name + "\"" : encoded) + " <" + address + ">";
    }

    /** Quoted-printable with soft line breaks at 76 characters and CRLF hard breaks. */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
        int lineLength = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\n') {
                out.append("\r\n");
                lineLength = 0;
                continue;
            }
            boolean trailingSpace = (b == ' ' || b == '\t') && (i + 1 == bytes.length || bytes[i + 1] == '\n');
            String piece = (b >= 33 && b <= 126 && b != '=') || (b == ' ' && !trailingSpace)
                    ? String.valueOf((char) b) : String.format("=%02X", b);
            if (lineLength + piece.length() > 75) {
                out.append("=\r\n");
                lineLength = 0;
            }
            out.append(piece);
            lineLength += piece.length();
        }
        return out.toString();
    }

    /** Base64 in lines of 76 characters. */
    static String base64(byte[] bytes) {
        return Base64.getMimeEncoder(76, new byte[] { '\r', '\n' }).encodeToString(bytes);
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
