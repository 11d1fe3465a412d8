package io.ticketflow.integration.webhooks;

import io.ticketflow.config.Hmac;

/**
 * The signature header of a delivery: {@code X-Ticketflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code <t>.<body>}. The timestamp is inside the MAC, so a receiver that rejects old timestamps (e.g. over 5 minutes)
 * cannot be fed a recorded delivery again; {@code v1} leaves room for a second algorithm or a rotated secret.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Ticketflow-Signature";

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    public static String hmac(String secret, String text) {
        return Hmac.sha256Hex(secret, text);
    }
}
