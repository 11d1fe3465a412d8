package io.ticketflow.respond.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ticketflow.channels.mastodon}: the support account on a Mastodon instance. Off unless {@code api-url} and
 * {@code access-token-env} are set.
 *
 * @param apiUrl         the instance, e.g. {@code https://mastodon.social}
 * @param accessTokenEnv variable holding the support account's access token (scopes read:notifications,
 *                       read:accounts, write:statuses)
 * @param pollDelay      pause between two polls of the notifications
 * @param maxFileBytes   media attachments larger than this are listed with the reason, not downloaded
 */
@ConfigurationProperties("ticketflow.channels.mastodon")
public record MastodonProperties(String apiUrl, String accessTokenEnv, Duration pollDelay, Long maxFileBytes) {

    public MastodonProperties {
        apiUrl = apiUrl == null ? null : apiUrl.replaceAll("/+$", "");
        pollDelay = pollDelay == null ? Duration.ofSeconds(30) : pollDelay;
        maxFileBytes = maxFileBytes == null ? 20L << 20 : maxFileBytes;
    }
}
