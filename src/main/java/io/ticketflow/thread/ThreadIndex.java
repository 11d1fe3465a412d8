package io.ticketflow.thread;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Outlook's {@code Thread-Index} header: base64 of a 22-byte conversation header (FILETIME + GUID) followed by 5 bytes
 * per reply. Every message of one Outlook conversation starts with the same 22 bytes, so those identify the
 * conversation even when a client drops In-Reply-To and References.
 */
public final class ThreadIndex {

    private static final int CONVERSATION_BYTES = 22;

    private ThreadIndex() {
    }

    /** The conversation key (hex of the first 22 bytes), or empty if the header is missing or malformed. */
    public static Optional<String> conversation(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(header.strip());
            if (bytes.length < CONVERSATION_BYTES || (bytes.length - CONVERSATION_BYTES) % 5 != 0) {
                return Optional.empty();
            }
            byte[] head = java.util.Arrays.copyOf(bytes, CONVERSATION_BYTES);
            return Optional.of(HexFormat.of().formatHex(head));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
