package io.ticketflow.parse.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of a WhatsApp Cloud API webhook: the {@code value} of the change, with its {@code metadata}, the
 * {@code contacts} (the customer's profile name) and the one message this raw record is about. Text, captions, images
 * and documents (downloaded by the source), button and list replies; location, contacts, stickers, audio and video come
 * through with a warning naming what was sent.
 */
public final class WhatsAppPayloadParser implements ChannelPayloadParser {

    public static final String CHANNEL = "whatsapp";
    public static final String CONTENT_TYPE = "application/vnd.ticketflow.whatsapp+json";
    /** Message types whose media the source downloads and the parser attaches. */
    public static final List<String> MEDIA = List.of("image", "document", "audio", "video", "sticker");

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public ParsedMessage parse(RawMessage raw, AttachmentText files) {
        ChannelEnvelope envelope = ChannelEnvelope.fromJson(raw.bytes());
        JsonNode value = envelope.event();
        JsonNode message = value.path("messages").path(0);
        if (!message.has("id") || !message.has("from")) {
            throw new UnreadablePayloadException("WhatsApp webhook value has no message with an id and a sender");
        }
        String waId = message.get("from").asText();
        String name = null;
        for (JsonNode contact : value.path("contacts")) {
            if (waId.equals(contact.path("wa_id").asText())) {
                name = contact.path("profile").path("name").asText(null);
            }
        }
        String type = message.path("type").asText("");
        List<String> warnings = new ArrayList<>();
        List<ParsedMessage.Attachment> attachments = new ArrayList<>();
        String text = switch (type) {
            case "text" -> message.path("text").path("body").asText("");
            case "button" -> message.path("button").path("text").asText("");
            case "interactive" -> message.path("interactive").path("button_reply").path("title")
                    .asText(message.path("interactive").path("list_reply").path("title").asText(""));
            default -> "";
        };
        if (MEDIA.contains(type)) {
            JsonNode media = message.path(type);
            text = media.path("caption").asText("");
            String fileName = media.path("filename").asText(type + "-" + media.path("id").asText());
            TelegramPayloadParser.attach(envelope, media.path("id").asText(), fileName,
                    media.path("mime_type").asText(null), files, attachments, warnings);
        }
        else if (!List.of("text", "button", "interactive").contains(type)) {
            warnings.add("WhatsApp message type '" + type + "' is not supported; it is kept as it came");
        }
        Instant sentAt = Instant.ofEpochSecond(message.path("timestamp").asLong(raw.receivedAt().getEpochSecond()));
        String automated = envelope.account() != null && envelope.account().equals(waId)
                ? "auto-generated (sent by the support number itself)" : null;
        return ChannelMessages.toParsed(new ChannelMessages.Chat(CHANNEL, message.get("id").asText(),
                message.get("id").asText(), waId, waId, name, text, sentAt, attachments, warnings, automated, null));
    }
}
