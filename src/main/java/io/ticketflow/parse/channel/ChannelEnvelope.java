package io.ticketflow.parse.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * What a chat source stores as the raw payload: the channel's JSON exactly as it came ({@code event}), the account it
 * came to, and the files it names, downloaded at once (Telegram's file links expire after an hour, WhatsApp's media
 * URLs after minutes), so a retry or a replay months later still has everything without asking the channel again.
 * A file that could not be downloaded is kept with its error instead of its bytes: the message is not lost for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelEnvelope(String account, JsonNode event, List<File> files) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ChannelEnvelope {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** One file of the message: its bytes (base64) or why they are missing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record File(String id, String name, String contentType, String base64, String error) {

        public static File of(String id, String name, String contentType, byte[] bytes) {
            return new File(id, name, contentType, Base64.getEncoder().encodeToString(bytes), null);
        }

        public static File failed(String id, String name, String contentType, String error) {
            return new File(id, name, contentType, null, error);
        }

        public byte[] bytes() {
            return base64 == null ? null : Base64.getDecoder().decode(base64);
        }
    }

    public File file(String id) {
        return files.stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        }
        catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    public static ChannelEnvelope fromJson(byte[] payload) {
        try {
            ChannelEnvelope envelope = JSON.readValue(payload, ChannelEnvelope.class);
            if (envelope.event() == null || !envelope.event().isObject()) {
                throw new UnreadablePayloadException("the payload has no channel event");
            }
            return envelope;
        }
        catch (IOException e) {
            throw new UnreadablePayloadException("the payload is not a channel envelope: " + e.getMessage(), e);
        }
    }

    public static JsonNode readTree(byte[] json) throws IOException {
        return JSON.readTree(json);
    }
}
