package io.ticketflow.source.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.parse.channel.ChannelEnvelope;
import io.ticketflow.parse.channel.MastodonPayloadParser;
import io.ticketflow.respond.channel.ChannelApiFailure;
import io.ticketflow.respond.channel.MastodonApi;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a status's media attachments before the mention is stored, so a replay never asks the instance again
 * (remote media may be gone by then). Every failure (too big, HTTP error, host down) becomes the file's error and the
 * mention is stored all the same: the customer's text is never lost or polled again for a picture, and a file that
 * will never download cannot hold the poll in a loop.
 */
final class MastodonMedia {

    private static final Logger log = LoggerFactory.getLogger(MastodonMedia.class);

    private final MastodonApi api;
    private final long maxBytes;

    MastodonMedia(MastodonApi api, long maxBytes) {
        this.api = api;
        this.maxBytes = maxBytes;
    }

    List<ChannelEnvelope.File> fetch(JsonNode status) {
        List<ChannelEnvelope.File> files = new ArrayList<>();
        for (JsonNode media : status.path("media_attachments")) {
            String id = MastodonPayloadParser.mediaId(media);
            String name = MastodonPayloadParser.mediaName(media);
            String url = MastodonPayloadParser.mediaUrl(media);
            if (url == null) {
                files.add(ChannelEnvelope.File.failed(id, name, null, "the instance gave no URL for this media"));
                continue;
            }
            try {
                MastodonApi.Media file = api.download(url, maxBytes);
                files.add(ChannelEnvelope.File.of(id, name, file.contentType(), file.bytes()));
            }
            catch (ChannelApiFailure | RuntimeException e) {
                log.info("Mastodon media {} of status {} not downloaded, kept as a warning: {}", id,
                        status.path("id").asText(), e.getMessage());
                files.add(ChannelEnvelope.File.failed(id, name, null, String.valueOf(e.getMessage())));
            }
        }
        return files;
    }
}
