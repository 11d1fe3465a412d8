package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
        String bot = "autoresponder-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        List<String> botMails = new ArrayList<>();
        List<JsonNode> outcomes = new ArrayList<>();
        outcomes.add(postFrom(bot, "Where is my order 4711?", "Hello, where is my order?"));
        botMails.add("first");
        Set<String> answered = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            for (MimeMessage ours : RespondFixture.mailsTo(bot)) {
                if (answered.add(ours.getMessageID())) {
                    // a naive responder: no headers of its own, our tag and our Message-ID thrown away
                    String subject = "Re: " + ours.getSubject().replaceAll("\\[TF#\\d+\\]\\s*", "");
                    outcomes.add(postFrom(bot, subject, "I am out of the office until next month."));
                    botMails.add(subject);
                }
            }
        }

        List<MimeMessage> ours = RespondFixture.mailsTo(bot);
        assertThat(ours).as("our mails to the autoresponder").hasSizeLessThanOrEqualTo(3).isNotEmpty();
        assertThat(botMails).as("the autoresponder's mails to us").hasSizeLessThanOrEqualTo(3);
        assertThat(answered).as("every mail of ours was answered, so the loop really ran").hasSize(ours.size());
        JsonNode last = outcomes.get(outcomes.size() - 1);
        assertThat(last.path("outcome").asText()).as("the last answer is still kept as a ticket").isEqualTo("created");
        assertThat(last.path("reason").asText()).contains("no acknowledgement").contains("no progress");
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
