package io.ticketflow.parse.header;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Repairs a message's header block before Jakarta Mail reads it, so that it sees the same header/body split as mail
 * clients do and never reads an unbounded header block into memory. Each repair is recorded as a warning.
 */
public final class HeaderBlockRepair {

    private HeaderBlockRepair() {
    }

    /** The message with its header block cut to {@code maxHeaderBytes} and ended at its first non-header line. */
    public static byte[] repair(byte[] bytes, int maxHeaderBytes, List<String> warnings) {
        return bodyAfterInvalidHeaderLine(limitHeaderBlock(bytes, maxHeaderBytes, warnings), warnings);
    }

    /**
     * Cuts a header block longer than the limit at the last line that fits (Jakarta Mail would otherwise read it all
     * into memory, and a deep header block can be megabytes).
     */
    private static byte[] limitHeaderBlock(byte[] bytes, int maxHeaderBytes, List<String> warnings) {
        int end = headerEnd(bytes, maxHeaderBytes + 4);
        if (end >= 0) {
            return bytes;
        }
        int cut = maxHeaderBytes;
        while (cut > 0 && bytes[cut - 1] != '\n') {
            cut--;
        }
        int bodyStart = headerEnd(bytes, bytes.length);
        warnings.add("header block larger than " + maxHeaderBytes + " bytes: the rest of the headers skipped");
        byte[] out;
        byte[] separator = "\r\n".getBytes(StandardCharsets.US_ASCII);
        int bodyLength = bodyStart < 0 ? 0 : bytes.length - bodyStart;
        out = new byte[cut + separator.length + bodyLength];
        System.arraycopy(bytes, 0, out, 0, cut);
        System.arraycopy(separator, 0, out, cut, separator.length);
        if (bodyLength > 0) {
            System.arraycopy(bytes, bodyStart, out, cut + separator.length, bodyLength);
        }
        return out;
    }

    /**
     * A header block ends at the first line that is neither a field ("Name: value") nor a continuation, as in mime4j
     * and most clients: broken senders forget the blank line, and the text after it is body, not headers. A blank line
     * is inserted there so Jakarta Mail sees the same split.
     */
    private static byte[] bodyAfterInvalidHeaderLine(byte[] bytes, List<String> warnings) {
        int end = headerEnd(bytes, bytes.length);
        int lineStart = 0;
        while (lineStart < bytes.length && lineStart < end) {
            int lineEnd = lineStart;
            while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && bytes[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == lineStart) {
                return bytes; // the blank line: the header block ended properly
            }
            boolean continuation = bytes[lineStart] == ' ' || bytes[lineStart] == '\t';
            boolean field = false;
            for (int i = lineStart; i < contentEnd; i++) {
                byte b = bytes[i];
                if (b == ':') {
                    field = i > lineStart;
                    break;
                }
                if (b <= 32 || b >= 127) {
                    break;
                }
            }
            boolean mboxFrom = lineStart == 0 && contentEnd - lineStart > 5
                    && new String(bytes, 0, 5, StandardCharsets.US_ASCII).equals("From ");
            if (!field && !(continuation && lineStart > 0) && !mboxFrom) {
                if (lineStart > 0) {
                    warnings.add("header block ended without a blank line: the rest read as body");
                }
                byte[] out = new byte[bytes.length + 2];
                System.arraycopy(bytes, 0, out, 0, lineStart);
                out[lineStart] = '\r';
                out[lineStart + 1] = '\n';
                System.arraycopy(bytes, lineStart, out, lineStart + 2, bytes.length - lineStart);
                return out;
            }
            lineStart = lineEnd + 1;
        }
        return bytes;
    }

    /** Offset just after the blank line ending the header block within the first {@code max} bytes, or -1. */
    private static int headerEnd(byte[] bytes, int max) {
        int limit = Math.min(bytes.length, max);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < bytes.length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return limit == bytes.length ? bytes.length : -1;
    }
}
