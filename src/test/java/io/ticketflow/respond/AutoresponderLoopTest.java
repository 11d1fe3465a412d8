package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The classic mail loop, through the whole pipeline: our acknowledgement reaches an autoresponder that sets no
 * Auto-Submitted or list headers, strips our subject tag and drops In-Reply-To/References, so each of its answers
 * looks like a new customer mail and opens a new ticket. Twenty rounds must not make more than three mails either way.
 */
class AutoresponderLoopTest extends RealPartsTest {

    @Test
    void headerlessAutoresponderThatStripsTheTagIsCutOffWithinThreeMailsEachWay() throws Exception {
        runLoop(subject -> "Re: " + subject, 3, 3);
    }

    @Test
    void autoresponderThatAlsoChangesTheSubjectEveryTimeIsCutOffByTheRecipientLimit() throws Exception {
        // a new subject each round defeats subject-based threading and the same-subject limit, so only the
        // per-recipient limit (10 within 10 minutes by default, as Zammad) stops it
        int[] round = { 0 };
        int perRecipient = LoopProtectionProperties.defaults().perRecipient().get(0).max();
        runLoop(subject -> "Automatic answer " + (++round[0]) + ": " + subject, perRecipient, perRecipient + 1);
    }

    private void runLoop(UnaryOperator<String> botSubject, int maxOurs, int maxTheirs) throws Exception {
        String bot = "autoresponder-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        List<String> botMails = new ArrayList<>();
        List<JsonNode> outcomes = new ArrayList<>();
        outcomes.add(postFrom(bot, "Where is my order 4711?", "Hello, where is my order?"));
        botMails.add("first");
        Set<String> answered = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            // each round the responder answers whatever new mail of ours has arrived; quiet for 5 s = loop over
            List<MimeMessage> fresh = awaitNewMail(bot, answered, Duration.ofSeconds(5));
            if (fresh.isEmpty()) {
                break;
            }
            for (MimeMessage mail : fresh) {
                answered.add(mail.getMessageID());
                // a naive responder: no headers of its own, our tag, our Message-ID and our body thrown away
                String subject = botSubject.apply(mail.getSubject().replaceAll("\\[TF#\\d+\\]\\s*", ""));
                outcomes.add(postFrom(bot, subject, "I am out of the office until next month."));
                botMails.add(subject);
            }
        }

        List<MimeMessage> ours = RespondFixture.mailsTo(bot);
        assertThat(ours).as("our mails to the autoresponder").hasSizeLessThanOrEqualTo(maxOurs).isNotEmpty();
        assertThat(botMails).as("the autoresponder's mails to us").hasSizeLessThanOrEqualTo(maxTheirs);
        assertThat(answered).as("every mail of ours was answered, so the loop really ran").hasSize(ours.size());
        JsonNode last = outcomes.get(outcomes.size() - 1);
        // every answer is kept on a ticket: its own (then the loop guard refused to acknowledge it), or the first
        // ticket when the same-sender, same-subject threading fallback recognised it (replies are never acknowledged)
        String outcome = last.path("outcome").asText();
        assertThat(outcome).as("the last answer is still kept on a ticket").isIn("created", "appended");
        if (outcome.equals("created")) {
            assertThat(last.path("reason").asText()).contains("no acknowledgement").containsAnyOf("no progress",
                    "automatic mails within", "acknowledgements within");
        }
    }

    private static List<MimeMessage> awaitNewMail(String to, Set<String> seen, Duration quiet) throws Exception {
        Instant until = Instant.now().plus(quiet);
        while (Instant.now().isBefore(until)) {
            List<MimeMessage> fresh = new ArrayList<>();
            for (MimeMessage m : RespondFixture.mailsTo(to)) {
                if (!seen.contains(m.getMessageID())) {
                    fresh.add(m);
                }
            }
            if (!fresh.isEmpty()) {
                return fresh;
            }
            Thread.sleep(100);
        }
        return List.of();
    }

    private JsonNode postFrom(String from, String subject, String body) throws Exception {
        String mail = "From: Robot <" + from + ">\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@responder.example>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        ResponseEntity<String> response = http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class);
        return JSON.readTree(response.getBody());
    }
}
