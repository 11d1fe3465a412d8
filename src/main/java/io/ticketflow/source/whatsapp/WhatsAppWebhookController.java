package io.ticketflow.source.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.intake.Intake;
import io.ticketflow.parse.channel.ChannelEnvelope;
import io.ticketflow.parse.channel.WhatsAppPayloadParser;
import io.ticketflow.respond.channel.DeliveryReports;
import io.ticketflow.respond.channel.WhatsAppCloudApi;
import io.ticketflow.respond.channel.WhatsAppProperties;
import io.ticketflow.source.channel.ChannelStatus;
import io.ticketflow.source.channel.Secrets;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /webhooks/whatsapp}: the WhatsApp Cloud API webhook. It verifies itself, independent of any other
 * authentication in front of the application:
 * <ul>
 * <li>GET is Meta's subscription handshake: {@code hub.mode=subscribe} and the verify token (constant-time compare)
 * answer the challenge; anything else is 403.</li>
 * <li>every POST must carry {@code X-Hub-Signature-256} matching the HMAC-SHA256 of the raw body with the app secret:
 * missing 401, wrong 403, and nothing is stored or read from such a body.</li>
 * <li>each message of a verified POST is stored as its own raw message (id = wamid, so Meta's redeliveries are the
 * same record) and processed; the answer is 200 only once every message is stored, else 503 and Meta delivers the
 * whole POST again. Status callbacks are recorded on the outgoing message they are about.</li>
 * </ul>
 */
@RestController
@RequestMapping("/webhooks/whatsapp")
@ConditionalOnProperty(name = "ticketflow.channels.whatsapp.phone-number-id")
class WhatsAppWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WhatsAppProperties properties;
    private final Environment env;
    private final Intake intake;
    private final WhatsAppMedia media;
    private final DeliveryReports reports;
    private final ChannelStatus status;
    private final ConversationLocks locks = new ConversationLocks();
    private final Clock clock = Clock.systemUTC();

    WhatsAppWebhookController(WhatsAppProperties properties, Environment env, Intake intake, WhatsAppCloudApi api,
            DeliveryReports reports, @Qualifier("whatsAppStatus") ChannelStatus whatsAppStatus) {
        this.properties = properties;
        this.env = env;
        this.intake = intake;
        this.media = new WhatsAppMedia(api, properties.maxFileBytes());
        this.reports = reports;
        this.status = whatsAppStatus;
        if (Secrets.fromEnvironment(env, properties.appSecretEnv()) == null) {
            status.misconfigured("the app secret is missing (ticketflow.channels.whatsapp.app-secret-env names an "
                    + "environment variable that is not set): every webhook POST is refused");
        }
    }

    @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.verify_token", required = false) String token,
            @RequestParam(name = "hub.challenge", required = false) String challenge) {
        String expected = Secrets.fromEnvironment(env, properties.verifyTokenEnv());
        if (!"subscribe".equals(mode) || expected == null || token == null || challenge == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(403).body("verification refused");
        }
        return ResponseEntity.ok(challenge);
    }

    @PostMapping(consumes = MediaType.ALL_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> receive(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (signature == null || signature.isBlank()) {
            return ResponseEntity.status(401).body(error("unauthorized", "X-Hub-Signature-256 is missing"));
        }
        if (!WhatsAppSignature.valid(bytes, signature, Secrets.fromEnvironment(env, properties.appSecretEnv()))) {
            log.warn("WhatsApp webhook POST refused: the signature does not match the body");
            return ResponseEntity.status(403).body(error("forbidden", "X-Hub-Signature-256 does not match the body"));
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(bytes);
        }
        catch (IOException e) {
            return ResponseEntity.badRequest().body(error("bad_request", "the body is not JSON: " + e.getMessage()));
        }
        int stored = 0;
        int reported = 0;
        try {
            for (JsonNode entry : payload.path("entry")) {
                for (JsonNode change : entry.path("changes")) {
                    JsonNode value = change.path("value");
                    if (!properties.phoneNumberId().equals(value.path("metadata").path("phone_number_id").asText())) {
                        log.warn("WhatsApp webhook for phone number id {} ignored: this installation serves {}",
                                value.path("metadata").path("phone_number_id").asText(), properties.phoneNumberId());
                        continue;
                    }
                    for (RawMessage raw : messages(value)) {
                        locks.run(raw.conversationKey(), () -> intake.process(raw));
                        stored++;
                    }
                    reported += statuses(value);
                }
            }
        }
        catch (RuntimeException e) {
            status.failed(clock.instant(), "webhook payload not stored, Meta delivers it again: " + e);
            log.warn("WhatsApp webhook not stored (answered 503, Meta retries): {}", e.toString());
            return ResponseEntity.status(503).body(error("unavailable", "not stored, deliver again later"));
        }
        status.succeeded(clock.instant());
        status.handedOver(stored);
        return ResponseEntity.ok(Map.of("stored", stored, "statuses", reported));
    }

    /** One raw message per message of the change, each with the change's metadata and contacts. */
    private List<RawMessage> messages(JsonNode value) {
        List<RawMessage> out = new ArrayList<>();
        String account = value.path("metadata").path("display_phone_number").asText("").replaceAll("\\D", "");
        for (JsonNode message : value.path("messages")) {
            ObjectNode one = value.deepCopy();
            one.remove("statuses");
            one.putArray("messages").add(message);
            List<ChannelEnvelope.File> files = media.fetch(message);
            out.add(RawMessage.ofChannel(WhatsAppPayloadParser.CHANNEL, "whatsapp-" + properties.phoneNumberId(),
                    new ChannelEnvelope(account.isEmpty() ? null : account, one, files).toJson(),
                    WhatsAppPayloadParser.CONTENT_TYPE, message.path("id").asText(), message.path("from").asText(),
                    clock.instant()));
        }
        return out;
    }

    private int statuses(JsonNode value) {
        int recorded = 0;
        for (JsonNode s : value.path("statuses")) {
            String outboxId = s.path("biz_opaque_callback_data").asText(null);
            String error = s.path("errors").path(0).isMissingNode() ? null
                    : s.path("errors").path(0).path("title").asText("") + " (code "
                            + s.path("errors").path(0).path("code").asText() + ")";
            Instant at = Instant.ofEpochSecond(s.path("timestamp").asLong(clock.instant().getEpochSecond()));
            if (outboxId != null && reports.record(outboxId, s.path("status").asText(), at, error)) {
                recorded++;
            }
            else {
                log.info("WhatsApp status {} for {} names no outgoing message of ours", s.path("status").asText(),
                        s.path("id").asText());
            }
        }
        return recorded;
    }

    private static Map<String, Object> error(String error, String message) {
        return Map.of("error", error, "message", message);
    }
}
