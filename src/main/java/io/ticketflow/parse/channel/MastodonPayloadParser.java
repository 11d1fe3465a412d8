package io.ticketflow.parse.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Mastodon notification of type {@code mention}: the status (its HTML content as text, its visibility), the account
 * that wrote it (id, display name, acct, bot flag), and its media attachments as the source downloaded them: their
 * text extracted like a mail attachment's, the alt text ({@code description}) kept as the attachment's text, and one
 * that could not be downloaded listed with the reason.
 */
public final class MastodonPayloadParser implements ChannelPayloadParser {

    public static final String CHANNEL = "mastodon";
    public static final String CONTENT_TYPE = "application/vnd.ticketflow.mastodon+json";
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>|</p>\\s*<p[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public ParsedMessage parse(RawMessage raw, AttachmentText files) {
        ChannelEnvelope envelope = ChannelEnvelope.fromJson(raw.bytes());
        JsonNode notification = envelope.event();
        JsonNode status = notification.path("status");
        JsonNode account = status.path("account").isObject() ? status.path("account") : notification.path("account");
        if (!status.has("id") || !account.has("id")) {
            throw new UnreadablePayloadException("Mastodon notification " + notification.path("id").asText("?")
                    + " has no status with an account (only mentions are read)");
        }
        String own = envelope.account();
        List<String> warnings = new ArrayList<>();
        List<ParsedMessage.Attachment> attachments = new ArrayList<>();
        for (JsonNode media : status.path("media_attachments")) {
            int first = attachments.size();
            TelegramPayloadParser.attach(envelope, mediaId(media), mediaName(media), null, files, attachments, warnings);
            String alt = media.path("description").asText("").strip();
            if (!alt.isEmpty() && attachments.size() > first) {
                ParsedMessage.Attachment a = attachments.get(first);
                String text = a.text() == null || a.text().isBlank() ? alt : alt + "\n\n" + a.text();
                attachments.set(first, new ParsedMessage.Attachment(a.name(), a.contentType(), a.size(), a.sha256(),
                        a.contentId(), a.inline(), text, a.extraction(), a.container(), a.message()));
            }
        }
        String name = account.path("display_name").asText("");
        String acct = account.path("acct").asText("");
        String automated = account.path("bot").asBoolean(false) ? "auto-generated (sent by a bot account)"
                : account.path("id").asText().equals(own) ? "auto-generated (sent by the support account itself)" : null;
        String visibility = status.path("visibility").asText("public");
        return ChannelMessages.toParsed(new ChannelMessages.Chat(CHANNEL, status.get("id").asText(),
                status.get("id").asText() + "." + visibility, account.get("id").asText(), account.get("id").asText(),
                (name.isBlank() ? acct : name) + (acct.isBlank() ? "" : " (@" + acct + ")"), text(status), sentAt(status, raw),
                attachments, warnings, automated, null));
    }

    /** The id a media attachment's downloaded file has in the envelope: Mastodon's media id, else its URL. */
    public static String mediaId(JsonNode media) {
        String id = media.path("id").asText("");
        return id.isEmpty() ? String.valueOf(mediaUrl(media)) : id;
    }

    /** Where a media attachment is downloaded from: {@code url}, else (media not cached) {@code remote_url}. */
    public static String mediaUrl(JsonNode media) {
        for (String field : List.of("url", "remote_url")) {
            String url = media.path(field).asText("");
            if (!url.isBlank()) {
                return url;
            }
        }
        return null;
    }

    /** A file name for a media attachment: the last part of its URL's path, else the type and id. */
    public static String mediaName(JsonNode media) {
        String path = "";
        try {
            String url = mediaUrl(media);
            path = url == null || java.net.URI.create(url).getPath() == null ? "" : java.net.URI.create(url).getPath();
        }
        catch (IllegalArgumentException e) {
            // no usable URL: named after its type
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? media.path("type").asText("media") + "-" + media.path("id").asText("") : last;
    }

    /** The status's HTML as plain text: paragraphs and breaks as new lines, tags removed, entities decoded. */
    static String text(JsonNode status) {
        String html = status.path("content").asText("");
        String text = TAG.matcher(BREAK.matcher(html).replaceAll("\n")).replaceAll("");
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&").strip();
    }

    private static Instant sentAt(JsonNode status, RawMessage raw) {
        try {
            return OffsetDateTime.parse(status.path("created_at").asText()).toInstant();
        }
        catch (DateTimeParseException e) {
            return raw.receivedAt();
        }
    }
}
