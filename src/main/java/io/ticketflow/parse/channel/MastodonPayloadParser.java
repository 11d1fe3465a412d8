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
 * that wrote it (id, display name, acct, bot flag). Media attachments are listed by URL, not downloaded.
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
        JsonNode notification = ChannelEnvelope.fromJson(raw.bytes()).event();
        JsonNode status = notification.path("status");
        JsonNode account = status.path("account").isObject() ? status.path("account") : notification.path("account");
        if (!status.has("id") || !account.has("id")) {
            throw new UnreadablePayloadException("Mastodon notification " + notification.path("id").asText("?")
                    + " has no status with an account (only mentions are read)");
        }
        String own = ChannelEnvelope.fromJson(raw.bytes()).account();
        List<String> warnings = new ArrayList<>();
        for (JsonNode media : status.path("media_attachments")) {
            warnings.add("Mastodon " + media.path("type").asText("media") + " attachment not downloaded: "
                    + media.path("url").asText());
        }
        String name = account.path("display_name").asText("");
        String acct = account.path("acct").asText("");
        String automated = account.path("bot").asBoolean(false) ? "auto-generated (sent by a bot account)"
                : account.path("id").asText().equals(own) ? "auto-generated (sent by the support account itself)" : null;
        String visibility = status.path("visibility").asText("public");
        return ChannelMessages.toParsed(new ChannelMessages.Chat(CHANNEL, status.get("id").asText(),
                status.get("id").asText() + "." + visibility, account.get("id").asText(), account.get("id").asText(),
                (name.isBlank() ? acct : name) + (acct.isBlank() ? "" : " (@" + acct + ")"), text(status), sentAt(status, raw),
                List.of(), warnings, automated, null));
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
