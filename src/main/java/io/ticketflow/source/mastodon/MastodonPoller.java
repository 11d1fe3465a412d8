package io.ticketflow.source.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.intake.Intake;
import io.ticketflow.parse.channel.ChannelEnvelope;
import io.ticketflow.parse.channel.MastodonPayloadParser;
import io.ticketflow.respond.channel.ChannelApiFailure;
import io.ticketflow.respond.channel.MastodonApi;
import io.ticketflow.source.channel.ChannelStatus;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of the support account's mentions: {@code GET /api/v1/notifications?types[]=mention&min_id=<last>}, page
 * by page oldest first, each mention stored through the intake before the last id moves past it. The last id lives in
 * memory: after a restart the newest page of mentions comes again and the raw store recognises each (same status
 * id). While the instance's rate limit is used up the poll waits for its reset ({@link MastodonApi}). A mention's
 * media is downloaded first and stored with it ({@link MastodonMedia}).
 */
final class MastodonPoller {

    private static final Logger log = LoggerFactory.getLogger(MastodonPoller.class);
    private static final int PAGE = 40;
    private static final int MAX_PAGES = 10;

    private final MastodonApi api;
    private final Intake intake;
    private final ChannelStatus status;
    private final MastodonMedia media;
    private final Clock clock;
    private String ownId;
    private Long lastId;

    MastodonPoller(MastodonApi api, Intake intake, ChannelStatus status, long maxFileBytes, Clock clock) {
        this.api = api;
        this.intake = intake;
        this.status = status;
        this.media = new MastodonMedia(api, maxFileBytes);
        this.clock = clock;
        if (api.problem() != null) {
            status.misconfigured(api.problem());
        }
    }

    synchronized int poll() {
        if (api.problem() != null) {
            return 0;
        }
        int handed = 0;
        try {
            if (ownId == null) {
                ownId = api.get("/api/v1/accounts/verify_credentials").path("id").asText(null);
            }
            for (int page = 0; page < MAX_PAGES; page++) {
                List<JsonNode> mentions = new ArrayList<>();
                api.get("/api/v1/notifications?types[]=mention&limit=" + PAGE + (lastId == null ? "" : "&min_id=" + lastId))
                        .forEach(mentions::add);
                mentions.sort(Comparator.comparingLong(n -> n.path("id").asLong()));
                for (JsonNode mention : mentions) {
                    intake.process(toRaw(mention));
                    handed++;
                    lastId = Math.max(lastId == null ? 0 : lastId, mention.path("id").asLong());
                }
                if (mentions.size() < PAGE) {
                    break;
                }
            }
            status.succeeded(clock.instant());
        }
        catch (ChannelApiFailure f) {
            status.failed(clock.instant(), f.getMessage());
            log.warn("Mastodon poll failed, tried again at the next poll: {}", f.getMessage());
        }
        catch (RuntimeException e) {
            status.failed(clock.instant(), "mention not stored, offered again: " + e);
            log.warn("Mastodon mention not stored, tried again at the next poll: {}", e.toString());
        }
        finally {
            status.handedOver(handed);
        }
        return handed;
    }

    synchronized Long lastId() {
        return lastId;
    }

    private RawMessage toRaw(JsonNode mention) {
        JsonNode statusNode = mention.path("status");
        String externalId = statusNode.has("id") ? statusNode.get("id").asText() : "notification:" + mention.path("id").asText();
        String conversation = mention.path("account").path("id").asText(null);
        return RawMessage.ofChannel(MastodonPayloadParser.CHANNEL, "mastodon-" + ownId,
                new ChannelEnvelope(ownId, mention, media.fetch(statusNode)).toJson(), MastodonPayloadParser.CONTENT_TYPE, externalId,
                conversation, Instant.now(clock));
    }
}
