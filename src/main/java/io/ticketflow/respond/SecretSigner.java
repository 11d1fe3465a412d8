package io.ticketflow.respond;

import io.ticketflow.config.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Supplier;

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
        return HexFormat.of().formatHex(Hmac.sha256(key(), text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }

    /** Whether {@code given} is the text's signature, compared in constant time. */
    boolean verify(String text, int bytes, String given) {
        return Hmac.same(sign(text, bytes), given);
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
