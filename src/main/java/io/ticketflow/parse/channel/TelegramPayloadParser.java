package io.ticketflow.parse.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Telegram Bot API {@code Update} with a {@code message} or {@code edited_message}: text or caption, the largest
 * photo size and a document (both as downloaded by the source), the sender (user id, name, bot flag) and the chat.
 * Stickers, voice, location and the like have no text: they come through with a warning naming what was sent.
 */
public final class TelegramPayloadParser implements ChannelPayloadParser {

    public static final String CHANNEL = "telegram";
    public static final String CONTENT_TYPE = "application/vnd.ticketflow.telegram+json";
    private static final List<String> WITHOUT_TEXT = List.of("sticker", "voice", "audio", "video", "video_note",
            "location", "contact", "poll", "animation", "venue", "dice");

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    /** The external id of a chat message (message ids are unique per chat); an edit gets its own, naming the edit. */
    public static String externalId(JsonNode message, boolean edited) {
        String id = message.path("chat").path("id").asText() + ":" + message.path("message_id").asText();
        return edited ? id + ":edit:" + message.path("edit_date").asText() : id;
    }

    /** The photo size the source downloads: the largest. */
    public static JsonNode largestPhoto(JsonNode message) {
        JsonNode best = null;
        for (JsonNode size : message.path("photo")) {
            if (best == null || size.path("file_size").asLong(size.path("width").asLong() * size.path("height").asLong())
                    >= best.path("file_size").asLong(best.path("width").asLong() * best.path("height").asLong())) {
                best = size;
            }
        }
        return best;
    }

    @Override
    public ParsedMessage parse(RawMessage raw, AttachmentText files) {
        ChannelEnvelope envelope = ChannelEnvelope.fromJson(raw.bytes());
        JsonNode update = envelope.event();
        boolean edited = update.has("edited_message");
        JsonNode message = edited ? update.get("edited_message") : update.path("message");
        if (!message.isObject() || !message.path("chat").has("id") || !message.has("message_id")) {
            throw new UnreadablePayloadException("Telegram update " + update.path("update_id").asText("?")
                    + " has no message with a chat (only message and edited_message are read)");
        }
        JsonNode from = message.path("from");
        List<String> warnings = new ArrayList<>();
        String senderId = from.has("id") ? from.get("id").asText() : "chat-" + message.path("chat").path("id").asText();
        if (!from.has("id")) {
            warnings.add("message has no sender (a channel post): the chat stands for the sender");
        }
        String name = (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).strip();
        if (name.isEmpty()) {
            name = from.path("username").asText(message.path("chat").path("title").asText(""));
        }
        String automated = from.path("is_bot").asBoolean(false) ? "auto-generated (sent by a Telegram bot)"
                : envelope.account() != null && envelope.account().equals(senderId)
                        ? "auto-generated (sent by the support bot itself)" : null;
        List<ParsedMessage.Attachment> attachments = new ArrayList<>();
        JsonNode photo = largestPhoto(message);
        if (photo != null) {
            attach(envelope, photo.path("file_id").asText(), "photo-" + message.path("message_id").asText() + ".jpg",
                    "image/jpeg", files, attachments, warnings);
        }
        JsonNode document = message.path("document");
        if (document.isObject()) {
            attach(envelope, document.path("file_id").asText(), document.path("file_name").asText(null),
                    document.path("mime_type").asText(null), files, attachments, warnings);
        }
        String text = message.has("text") ? message.get("text").asText() : message.path("caption").asText("");
        for (String kind : WITHOUT_TEXT) {
            if (message.has(kind)) {
                warnings.add("Telegram " + kind + " is not supported; only its caption, if any, is kept");
            }
        }
        Instant sentAt = Instant.ofEpochSecond(message.path(edited ? "edit_date" : "date").asLong(
                message.path("date").asLong(raw.receivedAt().getEpochSecond())));
        String chat = message.path("chat").path("id").asText();
        return ChannelMessages.toParsed(new ChannelMessages.Chat(CHANNEL, externalId(message, edited),
                chat + "." + message.path("message_id").asText(), chat, senderId, name, text, sentAt, attachments, warnings,
                automated, edited ? externalId(message, false) : null));
    }

    static void attach(ChannelEnvelope envelope, String fileId, String name, String type, AttachmentText files,
            List<ParsedMessage.Attachment> attachments, List<String> warnings) {
        ChannelEnvelope.File file = envelope.file(fileId);
        String contentType = ChannelMessages.typeOf(file != null && file.contentType() != null ? file.contentType() : type,
                name);
        String fileName = file != null && file.name() != null ? file.name() : name;
        if (file == null || file.bytes() == null) {
            warnings.add("attachment " + (fileName != null ? fileName : fileId) + " could not be downloaded: "
                    + (file == null ? "not fetched" : file.error()));
            attachments.add(new ParsedMessage.Attachment(fileName, contentType, 0, null, null, false, "",
                    "failed: " + (file == null ? "not fetched" : file.error()), null, null));
            return;
        }
        attachments.addAll(files.extract(fileName, contentType, file.bytes()));
    }
}
