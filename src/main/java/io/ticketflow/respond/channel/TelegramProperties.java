package io.ticketflow.respond.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ticketflow.channels.telegram}: the Bot API and where the bot token is. Off unless {@code token-env} is set.
 *
 * @param apiUrl      the Bot API's base URL (the public one by default; tests and the demo point it at a local fake)
 * @param tokenEnv    name of the environment variable holding the bot token (never the token itself)
 * @param pollDelay   pause between two polls (a long poll already waits {@code longPoll} for updates)
 * @param longPoll    how long one getUpdates call waits on the server for new updates
 * @param batch       at most this many updates per getUpdates call
 * @param maxFileBytes files larger than this are not downloaded (kept as a warning on the message); the Bot API
 *                    itself serves at most 20 MB
 */
@ConfigurationProperties("ticketflow.channels.telegram")
public record TelegramProperties(String apiUrl, String tokenEnv, Duration pollDelay, Duration longPoll, Integer batch,
        Long maxFileBytes) {

    public TelegramProperties {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://api.telegram.org" : apiUrl.replaceAll("/+$", "");
        pollDelay = pollDelay == null ? Duration.ofSeconds(1) : pollDelay;
        longPoll = longPoll == null ? Duration.ofSeconds(25) : longPoll;
        batch = batch == null ? 50 : Math.max(1, Math.min(100, batch));
        maxFileBytes = maxFileBytes == null ? 20L << 20 : maxFileBytes;
    }

    public boolean configured() {
        return tokenEnv != null && !tokenEnv.isBlank();
    }
}
