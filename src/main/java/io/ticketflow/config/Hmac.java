package io.ticketflow.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 and the constant-time comparison of signatures: one implementation for everything Ticketflow signs or
 * checks (thread tokens, signed addresses and links, outgoing webhooks, WhatsApp's request signature). A comparison
 * that stops at the first differing byte would tell an attacker how much of a forged signature is right.
 */
public final class Hmac {

    private Hmac() {
    }

    /** The HMAC-SHA256 of the data under the key. */
    public static byte[] sha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** The HMAC-SHA256 of the UTF-8 text under the UTF-8 key, in lower-case hex (64 characters). */
    public static String sha256Hex(String key, String text) {
        return sha256Hex(key.getBytes(StandardCharsets.UTF_8), text);
    }

    /** The HMAC-SHA256 of the UTF-8 text, in lower-case hex (64 characters). */
    public static String sha256Hex(byte[] key, String text) {
        return HexFormat.of().formatHex(sha256(key, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether two signatures are the same, compared in constant time; null is never equal. */
    public static boolean same(byte[] expected, byte[] given) {
        return expected != null && given != null && MessageDigest.isEqual(expected, given);
    }

    /** Whether two hex or ASCII signatures are the same, compared in constant time; null is never equal. */
    public static boolean same(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
