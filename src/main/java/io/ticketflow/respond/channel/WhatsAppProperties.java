package io.ticketflow.respond.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ticketflow.channels.whatsapp}: the WhatsApp Cloud API. Off unless {@code phone-number-id} is set. Secrets are
 * named by environment variable, never written here.
 *
 * @param apiUrl            the Graph API base with its version ({@code https://graph.facebook.com/v21.0})
 * @param phoneNumberId     the business phone number's id: messages are sent from it, and webhooks for other numbers
 *                          are refused
 * @param accessTokenEnv    variable holding the (system user) access token for sending and media downloads
 * @param appSecretEnv      variable holding the app secret that signs every webhook POST (X-Hub-Signature-256)
 * @param verifyTokenEnv    variable holding the verify token of the webhook subscription handshake
 * @param serviceWindow     how long after the customer's last message a free-form answer may be sent (24 hours)
 * @param maxFileBytes      media larger than this is listed, not downloaded
 */
@ConfigurationProperties("ticketflow.channels.whatsapp")
public record WhatsAppProperties(String apiUrl, String phoneNumberId, String accessTokenEnv, String appSecretEnv,
        String verifyTokenEnv, Duration serviceWindow, Long maxFileBytes) {

    public WhatsAppProperties {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://graph.facebook.com/v21.0" : apiUrl.replaceAll("/+$", "");
        serviceWindow = serviceWindow == null ? Duration.ofHours(24) : serviceWindow;
        maxFileBytes = maxFileBytes == null ? 20L << 20 : maxFileBytes;
    }
}
