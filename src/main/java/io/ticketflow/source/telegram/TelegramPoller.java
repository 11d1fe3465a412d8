package io.ticketflow.source.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.intake.Intake;
import io.ticketflow.parse.channel.ChannelEnvelope;
import io.ticketflow.parse.channel.TelegramPayloadParser;
import io.ticketflow.respond.channel.ChannelApiFailure;
import io.ticketflow.respond.channel.TelegramBotApi;
import io.ticketflow.respond.channel.TelegramProperties;
import io.ticketflow.source.channel.ChannelStatus;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long poll of the Bot API: {@code getUpdates} from the offset, then each update in update-id order is made a raw
 * message (its photo and document downloaded through getFile first) and handed to the intake, which stores it before
 * anything else. Only when the intake returned for an update does the offset move past it; the offset reaches Telegram
 * with the next getUpdates call, which is what makes Telegram forget the update. So an update is never confirmed
 * before it is stored: when the store, the intake or the API fails, the poll stops at that update and the next poll
 * gets it again (a redelivery is the same raw record: same channel and message id). The offset lives in memory only:
 * after a restart Telegram hands out every unconfirmed update again, and the raw store deduplicates them.
 * <p>
 * A 429 (or any failure) pauses polling for the API's {@code retry_after}, else for a backoff doubling up to a minute.
 */
final class TelegramPoller {

    private static final Logger log = LoggerFactory.getLogger(TelegramPoller.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final TelegramBotApi api;
    private final Intake intake;
    private final TelegramProperties properties;
    private final ChannelStatus status;
    private final Clock clock;
    private Long offset;
    private String botId;
    private Instant pausedUntil;
    private int failures;

    TelegramPoller(TelegramBotApi api, Intake intake, TelegramProperties properties, ChannelStatus status, Clock clock) {
        this.api = api;
        this.intake = intake;
        this.properties = properties;
        this.status = status;
        this.clock = clock;
        if (api.problem() != null) {
            status.misconfigured(api.problem());
        }
    }

    /** @return how many updates were handed to the intake */
    synchronized int poll() {
        if (api.problem() != null || pausedUntil != null && clock.instant().isBefore(pausedUntil)) {
            return 0;
        }
        int handed = 0;
        try {
            if (botId == null) {
                botId = api.getMe().path("id").asText(null);
            }
            JsonNode result = api.getUpdates(offset, properties.batch(), properties.longPoll());
            List<JsonNode> updates = new ArrayList<>();
            result.forEach(updates::add);
            // Telegram sends them in order; a proxy or a retry may not: the offset must only ever move forward
            updates.sort(Comparator.comparingLong(u -> u.path("update_id").asLong()));
            for (JsonNode update : updates) {
                long id = update.path("update_id").asLong();
                intake.process(toRaw(update));
                handed++;
                offset = Math.max(offset == null ? 0 : offset, id + 1);
            }
            status.succeeded(clock.instant());
            failures = 0;
            pausedUntil = null;
        }
        catch (ChannelApiFailure f) {
            pause(f.getMessage(), f.retryAfter());
        }
        catch (RuntimeException e) {
            pause("update not stored, offered again: " + e, null);
        }
        finally {
            status.handedOver(handed);
        }
        return handed;
    }

    /** The offset the next getUpdates sends (every update before it is confirmed), for tests and the health. */
    synchronized Long offset() {
        return offset;
    }

    private void pause(String error, Duration retryAfter) {
        failures++;
        Duration backoff = retryAfter != null ? retryAfter
                : Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(failures - 1, 6)));
        pausedUntil = clock.instant().plus(backoff);
        status.failed(clock.instant(), error);
        log.warn("Telegram poll failed (attempt {}), next poll in {}: {}", failures, backoff, error);
    }

    private RawMessage toRaw(JsonNode update) throws ChannelApiFailure {
        boolean edited = update.has("edited_message");
        JsonNode message = edited ? update.get("edited_message") : update.path("message");
        List<ChannelEnvelope.File> files = new ArrayList<>();
        String externalId;
        String conversation = null;
        if (message.isObject() && message.path("chat").has("id")) {
            externalId = TelegramPayloadParser.externalId(message, edited);
            conversation = message.path("chat").path("id").asText();
            JsonNode photo = TelegramPayloadParser.largestPhoto(message);
            if (photo != null) {
                files.add(fetch(photo.path("file_id").asText(), null, "image/jpeg", photo.path("file_size").asLong(0)));
            }
            JsonNode document = message.path("document");
            if (document.isObject()) {
                files.add(fetch(document.path("file_id").asText(), document.path("file_name").asText(null),
                        document.path("mime_type").asText(null), document.path("file_size").asLong(0)));
            }
        }
        else {
            // not a message: still kept, and the parse step quarantines it with the reason
            externalId = "update:" + update.path("update_id").asText();
        }
        byte[] payload = new ChannelEnvelope(botId, update, files).toJson();
        return RawMessage.ofChannel(TelegramPayloadParser.CHANNEL, "telegram-bot" + (botId == null ? "" : "-" + botId),
                payload, TelegramPayloadParser.CONTENT_TYPE, externalId, conversation, clock.instant());
    }

    /**
     * Downloads one file. A file Telegram will not serve (too big, gone) is kept as an error on the message; an API that
     * is down or limiting us fails the poll, so the update is fetched again with its file later.
     */
    private ChannelEnvelope.File fetch(String fileId, String name, String type, long size) throws ChannelApiFailure {
        if (size > properties.maxFileBytes()) {
            return ChannelEnvelope.File.failed(fileId, name, type, "larger than " + properties.maxFileBytes() + " bytes");
        }
        try {
            JsonNode file = api.getFile(fileId);
            String path = file.path("file_path").asText(null);
            if (path == null) {
                return ChannelEnvelope.File.failed(fileId, name, type, "Telegram gave no file path");
            }
            String fileName = name != null ? name : path.substring(path.lastIndexOf('/') + 1);
            return ChannelEnvelope.File.of(fileId, fileName, type, api.download(path));
        }
        catch (ChannelApiFailure f) {
            if (f.status() == 400 || f.status() == 404) {
                log.info("Telegram file {} not downloadable, kept as a warning: {}", fileId, f.getMessage());
                return ChannelEnvelope.File.failed(fileId, name, type, f.getMessage());
            }
            throw f;
        }
    }
}
