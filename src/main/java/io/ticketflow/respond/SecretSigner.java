package io.ticketflow.respond;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with the install's secret, shown as the first bytes in hex: what the signed addresses and links we send
 * out (bounce return paths, agent reply addresses, rating and self-service links) carry. The secret is read once, on
 * first use: a stored secret is a store read, and signatures are made for every outgoing mail.
 */
final class SecretSigner {

    private final String keyPrefix;
    private final Supplier<String> secret;
    private volatile byte[] key;

    /** @param keyPrefix put before the secret, so each use has its own key and one signature never opens another */
    SecretSigner(String keyPrefix, Supplier<String> secret) {
        this.keyPrefix = keyPrefix;
        this.secret = secret;
    }

    /** The signature of the text: its first {@code bytes} bytes in lower-case hex. */
    String sign(String text, int bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** Whether {@code given} is the text's signature, compared in constant time. */
    boolean verify(String text, int bytes, String given) {
        return given != null && MessageDigest.isEqual(sign(text, bytes).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = (keyPrefix + secret.get()).getBytes(StandardCharsets.UTF_8);
            key = k;
        }
        return k;
    }
}
