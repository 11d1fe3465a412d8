package io.ticketflow.source.whatsapp;

import io.ticketflow.config.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Meta signs every webhook POST: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw body bytes with
 * the app secret. Checked on the bytes as received (never on re-serialized JSON) and compared in constant time.
 */
final class WhatsAppSignature {

    private static final String PREFIX = "sha256=";

    private WhatsAppSignature() {
    }

    static boolean valid(byte[] body, String header, String appSecret) {
        if (header == null || !header.startsWith(PREFIX) || appSecret == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).strip().toLowerCase(java.util.Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        return Hmac.same(sign(body, appSecret), given);
    }

    static byte[] sign(byte[] body, String appSecret) {
        return Hmac.sha256(appSecret.getBytes(StandardCharsets.UTF_8), body);
    }

    /** The header value for a body (for tests and tools that play Meta). */
    static String header(byte[] body, String appSecret) {
        return PREFIX + HexFormat.of().formatHex(sign(body, appSecret));
    }
}
