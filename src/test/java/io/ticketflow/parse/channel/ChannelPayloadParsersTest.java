package io.ticketflow.parse.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channel payload parsers on documented payloads, without the intake: identities, text, files, flags. */
class ChannelPayloadParsersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChannelPayloadParser.AttachmentText FILES = (name, type, bytes) -> List.of(
            new ParsedMessage.Attachment(name, type, bytes.length, RawMessage.sha256Hex(bytes), null, false,
                    new String(bytes, StandardCharsets.UTF_8), "extracted", null, null));

    @Test
    void aTelegramDocumentWithCaptionIsTheSenderTheCaptionAndTheFile() throws Exception {
        JsonNode update = JSON.readTree("""
                {"update_id":9,"message":{"message_id":77,"date":1764950000,
                 "from":{"id":4242,"is_bot":false,"first_name":"Ada","last_name":"Lovelace"},
                 "chat":{"id":4242,"type":"private"},"caption":"Log attached\\nsecond line",
                 "document":{"file_id":"F1","file_name":"app.log","mime_type":"text/plain","file_size":5}}}""");
        ChannelEnvelope envelope = new ChannelEnvelope("7000", update,
                List.of(ChannelEnvelope.File.of("F1", "app.log", "text/plain", "boom!".getBytes(StandardCharsets.UTF_8))));
        ParsedMessage parsed = new TelegramPayloadParser().parse(raw("telegram", TelegramPayloadParser.CONTENT_TYPE,
                envelope, "4242:77"), FILES);
        assertThat(parsed.from().address()).isEqualTo("telegram:4242");
        assertThat(parsed.from().name()).isEqualTo("Ada Lovelace");
        assertThat(parsed.subject()).isEqualTo("Log attached");
        assertThat(parsed.text()).isEqualTo("Log attached\nsecond line");
        assertThat(parsed.messageId()).isEqualTo("4242.77@telegram.channel.ticketflow.invalid");
        assertThat(parsed.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("app.log");
            assertThat(a.text()).isEqualTo("boom!");
        });
        assertThat(parsed.header("auto-submitted")).isNull();
        assertThat(parsed.sentAt()).isEqualTo(Instant.ofEpochSecond(1764950000));
    }

    @Test
    void aTelegramBotAndAFileThatCouldNotBeFetchedAreMarked() throws Exception {
        JsonNode update = JSON.readTree("""
                {"update_id":10,"message":{"message_id":3,"date":1764950000,
                 "from":{"id":55,"is_bot":true,"first_name":"CI"},"chat":{"id":55,"type":"private"},
                 "photo":[{"file_id":"small","width":90,"height":90},{"file_id":"big","width":800,"height":800}]}}""");
        ChannelEnvelope envelope = new ChannelEnvelope("7000", update,
                List.of(ChannelEnvelope.File.failed("big", null, "image/jpeg", "gone")));
        ParsedMessage parsed = new TelegramPayloadParser().parse(raw("telegram", TelegramPayloadParser.CONTENT_TYPE,
                envelope, "55:3"), FILES);
        assertThat(parsed.header("auto-submitted")).contains("bot");
        assertThat(parsed.attachments()).singleElement().satisfies(a -> assertThat(a.extraction()).isEqualTo("failed: gone"));
        assertThat(parsed.warnings()).anyMatch(w -> w.contains("could not be downloaded: gone"));
    }

    @Test
    void aTelegramEditNamesTheMessageItReplaces() throws Exception {
        JsonNode update = JSON.readTree("""
                {"update_id":11,"edited_message":{"message_id":3,"date":1764950000,"edit_date":1764950100,
                 "from":{"id":55,"is_bot":false,"first_name":"Bo"},"chat":{"id":55,"type":"private"},"text":"fixed"}}""");
        ParsedMessage parsed = new TelegramPayloadParser().parse(raw("telegram", TelegramPayloadParser.CONTENT_TYPE,
                new ChannelEnvelope(null, update, List.of()), "55:3:edit:1764950100"), FILES);
        assertThat(parsed.header(ChannelMessages.EDIT_OF)).isEqualTo("55:3");
        assertThat(TelegramPayloadParser.externalId(update.get("edited_message"), true)).isEqualTo("55:3:edit:1764950100");
    }

    @Test
    void aPayloadThatIsNotTheChannelsIsRefusedWithAClearReason() {
        RawMessage junk = RawMessage.ofChannel("telegram", "bot", "{\"update_id\":1,\"poll\":{}}".getBytes(StandardCharsets.UTF_8),
                TelegramPayloadParser.CONTENT_TYPE, "update:1", null, Instant.now());
        assertThatThrownBy(() -> new TelegramPayloadParser().parse(junk, FILES))
                .isInstanceOf(UnreadablePayloadException.class).hasMessageContaining("no channel event");
        RawMessage noMessage = raw("telegram", TelegramPayloadParser.CONTENT_TYPE,
                new ChannelEnvelope(null, JSON.createObjectNode().put("update_id", 5), List.of()), "update:5");
        assertThatThrownBy(() -> new TelegramPayloadParser().parse(noMessage, FILES))
                .isInstanceOf(UnreadablePayloadException.class).hasMessageContaining("has no message with a chat");
    }

    @Test
    void aWhatsAppTextKeepsTheWamidAndTheProfileName() throws Exception {
        JsonNode value = JSON.readTree("""
                {"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"1"},
                 "contacts":[{"profile":{"name":"Kerry"},"wa_id":"16315551181"}],
                 "messages":[{"from":"16315551181","id":"wamid.ABGGFlA5Fpa=","timestamp":"1764950000","type":"text",
                 "text":{"body":"this is a text message"}}]}""");
        ParsedMessage parsed = new WhatsAppPayloadParser().parse(raw("whatsapp", WhatsAppPayloadParser.CONTENT_TYPE,
                new ChannelEnvelope("15550783881", value, List.of()), "wamid.ABGGFlA5Fpa="), FILES);
        assertThat(parsed.from().address()).isEqualTo("whatsapp:16315551181");
        assertThat(parsed.from().name()).isEqualTo("Kerry");
        assertThat(parsed.text()).isEqualTo("this is a text message");
        assertThat(parsed.messageId()).isEqualTo("wamid.ABGGFlA5Fpa=@whatsapp.channel.ticketflow.invalid");
    }

    @Test
    void aMastodonStatusIsReadAsTextWithItsVisibility() throws Exception {
        JsonNode mention = JSON.readTree("""
                {"id":"34975861","type":"mention","created_at":"2026-12-06T08:00:00.000Z",
                 "account":{"id":"971724","acct":"zed@mastodon.example","display_name":"Zed","bot":false},
                 "status":{"id":"103270115826048975","created_at":"2026-12-06T08:00:00.000Z","visibility":"direct",
                  "content":"<p>Hello &amp; thanks</p><p>second &lt;para&gt;</p>",
                  "account":{"id":"971724","acct":"zed@mastodon.example","display_name":"Zed","bot":false},
                  "media_attachments":[]}}""");
        ParsedMessage parsed = new MastodonPayloadParser().parse(raw("mastodon", MastodonPayloadParser.CONTENT_TYPE,
                new ChannelEnvelope("1", mention, List.of()), "103270115826048975"), FILES);
        assertThat(parsed.from().address()).isEqualTo("mastodon:971724");
        assertThat(parsed.text()).isEqualTo("Hello & thanks\nsecond <para>");
        assertThat(parsed.messageId()).isEqualTo("103270115826048975.direct@mastodon.channel.ticketflow.invalid");
        assertThat(parsed.from().address()).doesNotContain("@");
    }

    @Test
    void mastodonMediaIsAttachedWithItsAltTextOrListedWithWhyItIsMissing() throws Exception {
        JsonNode mention = JSON.readTree("""
                {"id":"34975862","type":"mention",
                 "account":{"id":"971724","acct":"zed@mastodon.example","display_name":"Zed","bot":false},
                 "status":{"id":"103270115826048976","visibility":"public","content":"<p>see log</p>",
                  "account":{"id":"971724","acct":"zed@mastodon.example","display_name":"Zed","bot":false},
                  "media_attachments":[
                   {"id":"1","type":"unknown","url":"https://files.example/cache/a/server.log?x=1","description":"the log"},
                   {"id":"2","type":"video","url":"https://files.example/b/clip.mp4","description":null},
                   {"id":"3","type":"image","url":"https://files.example/c/shot.png"},
                   {"id":"4","type":"gifv","url":null,"remote_url":null}]}}""");
        ChannelEnvelope envelope = new ChannelEnvelope("1", mention, List.of(
                ChannelEnvelope.File.of("1", "server.log", "text/plain", "disk full".getBytes(StandardCharsets.UTF_8)),
                ChannelEnvelope.File.failed("2", "clip.mp4", null, "larger than 100 bytes"),
                ChannelEnvelope.File.failed("4", "gifv-4", null, "the instance gave no URL for this media")));
        ParsedMessage parsed = new MastodonPayloadParser().parse(raw("mastodon", MastodonPayloadParser.CONTENT_TYPE,
                envelope, "103270115826048976"), FILES);
        assertThat(parsed.text()).isEqualTo("see log");
        assertThat(parsed.attachments()).extracting(ParsedMessage.Attachment::name)
                .containsExactly("server.log", "clip.mp4", "shot.png", "gifv-4");
        assertThat(parsed.attachments().get(0).text()).isEqualTo("the log\n\ndisk full");
        assertThat(parsed.attachments().get(0).contentType()).isEqualTo("text/plain");
        assertThat(parsed.attachments().get(1).extraction()).isEqualTo("failed: larger than 100 bytes");
        assertThat(parsed.attachments().get(1).contentType()).isEqualTo("video/mp4");
        // a payload stored before media was downloaded: listed as not fetched, never dropped
        assertThat(parsed.attachments().get(2).extraction()).isEqualTo("failed: not fetched");
        assertThat(parsed.warnings()).anyMatch(w -> w.contains("clip.mp4 could not be downloaded: larger than 100 bytes"))
                .anyMatch(w -> w.contains("shot.png could not be downloaded: not fetched"));
    }

    private static RawMessage raw(String channel, String type, ChannelEnvelope envelope, String externalId) {
        return RawMessage.ofChannel(channel, "test", envelope.toJson(), type, externalId, "c", Instant.now());
    }
}
