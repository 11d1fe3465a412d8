package io.ticketflow.source.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.parse.channel.ChannelEnvelope;
import io.ticketflow.parse.channel.WhatsAppPayloadParser;
import io.ticketflow.respond.channel.WhatsAppCloudApi;
import java.util.List;

/**
 * Downloads a message's media before it is stored (the media URL is only valid for minutes): media id → URL → bytes,
 * both with the access token. A download that fails is kept as the file's error on the message, which is stored all
 * the same: a customer's text is never lost for a picture.
 */
final class WhatsAppMedia {

    private final WhatsAppCloudApi api;
    private final long maxBytes;

    WhatsAppMedia(WhatsAppCloudApi api, long maxBytes) {
        this.api = api;
        this.maxBytes = maxBytes;
    }

    List<ChannelEnvelope.File> fetch(JsonNode message) {
        String type = message.path("type").asText("");
        if (!WhatsAppPayloadParser.MEDIA.contains(type)) {
            return List.of();
        }
        JsonNode media = message.path(type);
        String id = media.path("id").asText();
        String name = media.path("filename").asText(null);
        String mime = media.path("mime_type").asText(null);
        try {
            JsonNode info = api.media(id);
            if (info.path("file_size").asLong(0) > maxBytes) {
                return List.of(ChannelEnvelope.File.failed(id, name, mime, "larger than " + maxBytes + " bytes"));
            }
            return List.of(ChannelEnvelope.File.of(id, name, info.path("mime_type").asText(mime),
                    api.download(info.path("url").asText())));
        }
        catch (WhatsAppCloudApi.Failure f) {
            return List.of(ChannelEnvelope.File.failed(id, name, mime, f.getMessage()));
        }
    }
}
