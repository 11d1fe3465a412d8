package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.Indices;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/**
 * L0 self-service on real parts (REST intake, the shipped articles of config/knowledge/ on Elasticsearch, outbox to
 * GreenMail, the self-service page over HTTP without credentials): the acknowledgement of a message an article answers
 * carries that article and the signed link, one no article answers carries none; a "solved" reply or the link closes
 * the ticket as solved by the customer, a tampered link and a "solved" on a ticket without suggestions change nothing.
 */
class SelfServiceTest extends RealPartsTest {

    private static final Pattern LINK = Pattern.compile("(https?://\\S+/self-service/solved/\\S+?)(?=[.,]?\\s)");

    @Autowired
    EventLog events;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    Indices indices;

    private final RestTemplate anonymous = anonymous();

    @Test
    void theAcknowledgementSuggestsMatchingArticlesAndASolvedReplyClosesTheTicket() throws Exception {
        String customer = customer("kb-reply");
        String number = post(customer, "Password reset", "I forgot my password and the reset link does not arrive.");
        MimeMessage ack = acknowledgement(customer);
        String text = part(ack, "text/plain");
        assertThat(text).contains("I forgot my password or cannot log in").contains("Forgot password?")
                .contains("\"solved\"").contains("/self-service/solved/" + number + "?exp=");
        assertThat(part(ack, "text/html")).contains("<h3").contains("I forgot my password or cannot log in")
                .contains("/self-service/solved/" + number);
        JsonNode ticket = ticket(number);
        assertThat(ticket.path("selfService").path("suggested")).isNotEmpty();
        assertThat(ticket.path("selfService").path("suggested").get(0).asText()).isEqualTo("password-reset");
        assertThat(ticket.path("selfService").path("suggested").size()).isLessThanOrEqualTo(3);

        post(customer, "Re: " + ack.getSubject(), "Solved!\r\n\r\n> Hello,\r\n> thank you for your message.");
        JsonNode closed = await("the ticket closed by the customer", Duration.ofSeconds(30),
                () -> "closed".equals(ticket(number).path("status").asText()) ? ticket(number) : null);
        assertThat(closed.path("selfService").path("solvedBy").asText()).isEqualTo("customer-self-service");
        assertThat(closed.path("selfService").path("solvedVia").asText()).isEqualTo("reply");
        assertThat(closed.path("lifecycle").path("resolvedAt").asText()).isNotBlank();
        assertThat(solvedEvents(number)).isEqualTo(1);
    }

    @Test
    void aTicketWhoseAcknowledgementTheLoopGuardRefusesKeepsNoSuggestions() throws Exception {
        // the ticket is created with the articles its acknowledgement will suggest; when the per-address limit on
        // acknowledgements then refuses the mail, a "solved" must not close it: the suggestions are withdrawn
        String customer = customer("kb-limited");
        JsonNode refused = null;
        for (int i = 1; i <= 5 && refused == null; i++) {
            JsonNode answer = postAnswer(customer, "Password reset, try " + i,
                    "I forgot my password and the reset link does not arrive.");
            JsonNode ticket = ticket(answer.path("ticket").asText());
            if (answer.toString().contains("no acknowledgement")) {
                refused = ticket;
            }
            else {
                assertThat(ticket.path("selfService").path("suggested")).as(answer.toString()).isNotEmpty();
            }
        }
        assertThat(refused).as("an acknowledgement refused by the per-address limit").isNotNull();
        assertThat(refused.path("selfService").path("suggested").isMissingNode()
                || refused.path("selfService").isNull() || refused.path("selfService").path("suggested").isEmpty())
                .as(refused.toString()).isTrue();
    }

    @Test
    void aMessageNoArticleAnswersGetsNoSuggestionAndItsSolvedIsLeftToAnAgent() throws Exception {
        String customer = customer("kb-none");
        String number = post(customer, "Your agent", "Your support agent was rude to me on the phone yesterday.");
        MimeMessage ack = acknowledgement(customer);
        assertThat(part(ack, "text/plain")).contains("[TF#" + number + "]").doesNotContain("These articles")
                .doesNotContain("/self-service/");
        assertThat(ticket(number).path("selfService").isMissingNode() || ticket(number).path("selfService").isNull())
                .isTrue();

        post(customer, "Re: " + ack.getSubject(), "solved");
        assertThat(ticket(number).path("messageCount").asInt()).isEqualTo(2);
        assertThat(ticket(number).path("status").asText()).isNotEqualTo("closed");
        assertThat(solvedEvents(number)).isZero();
    }

    @Test
    void theSignedLinkClosesTheTicketAndATamperedOneIsRefused() throws Exception {
        String customer = customer("kb-link");
        String number = post(customer, "Invoice copy",
                "Can you send me a copy of last month's invoice? I need it for accounting");
        String link = selfServiceLink(acknowledgement(customer));

        String sig = link.substring(link.indexOf("sig=") + 4);
        String tampered = link.replace("sig=" + sig, "sig=" + (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
        assertThat(get(tampered).getStatusCode().value()).isEqualTo(403);
        assertThat(post(tampered).getStatusCode().value()).isEqualTo(403);
        assertThat(post(link.replaceAll("exp=\\d+", "exp=1")).getStatusCode().value()).isEqualTo(403);
        String other = post(customer("kb-other"), "Invoice", "Where do I find my billing history?");
        assertThat(post(link.replace("/solved/" + number + "?", "/solved/" + other + "?")).getStatusCode().value())
                .isEqualTo(403);
        assertThat(ticket(number).path("status").asText()).isEqualTo("new");

        // opening the link (or a mail scanner opening it) only asks; the button closes
        ResponseEntity<String> page = get(link);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getBody()).contains("<form method=\"post\"");
        assertThat(ticket(number).path("status").asText()).isEqualTo("new");
        ResponseEntity<String> done = post(link);
        assertThat(done.getStatusCode().value()).isEqualTo(200);
        assertThat(done.getBody()).contains("is closed");
        JsonNode closed = ticket(number);
        assertThat(closed.path("status").asText()).isEqualTo("closed");
        assertThat(closed.path("selfService").path("solvedBy").asText()).isEqualTo("customer-self-service");
        assertThat(closed.path("selfService").path("solvedVia").asText()).isEqualTo("link");
        assertThat(post(link).getBody()).as("a second click changes nothing").contains("already solved");
        assertThat(solvedEvents(number)).isEqualTo(1);
    }

    private static String customer(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private String post(String from, String subject, String body) throws Exception {
        return postAnswer(from, subject, body).path("ticket").asText();
    }

    /** The intake's answer: ticket, outcome, reason. */
    private JsonNode postAnswer(String from, String subject, String body) throws Exception {
        String mail = "From: Customer <" + from + ">\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\nDate: Sun, 6 Dec 2026 09:00:00 +0000\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        ResponseEntity<String> response = http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class);
        JsonNode answer = JSON.readTree(response.getBody());
        assertThat(answer.path("ticket").asText()).as(response.getBody()).isNotBlank();
        return answer;
    }

    private MimeMessage acknowledgement(String customer) {
        return await("the acknowledgement to " + customer, Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(customer).stream().findFirst().orElse(null));
    }

    private JsonNode ticket(String number) {
        return getJson("/api/tickets/" + number).path("ticket");
    }

    private long solvedEvents(String number) throws Exception {
        events.flush();
        client.indices().refresh(r -> r.index(indices.events()));
        return client.count(c -> c.index(indices.events()).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("type").value("self-service.solved")))
                .filter(f -> f.term(t -> t.field("ticket").value(number)))))).count();
    }

    /** The link in the acknowledgement, pointed at the test's server (the configured base URL is the public one). */
    private String selfServiceLink(MimeMessage ack) throws Exception {
        Matcher m = LINK.matcher(part(ack, "text/plain"));
        assertThat(m.find()).as("a self-service link in the acknowledgement").isTrue();
        URI link = URI.create(m.group(1));
        return http.getRootUri() + link.getRawPath() + "?" + link.getRawQuery();
    }

    private ResponseEntity<String> get(String url) {
        return anonymous.getForEntity(URI.create(url), String.class);
    }

    /** The page's button: a form post of the link's exp and sig to the link's path. */
    private ResponseEntity<String> post(String link) {
        URI uri = URI.create(link);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return anonymous.postForEntity(URI.create(http.getRootUri() + uri.getRawPath()),
                new HttpEntity<>(uri.getRawQuery(), headers), String.class);
    }

    private static String part(MimeMessage mail, String type) throws Exception {
        return find(mail.getContent(), mail.isMimeType(type), type);
    }

    private static String find(Object content, boolean matches, String type) throws Exception {
        if (content instanceof String s) {
            return matches ? s : "";
        }
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String found = find(part.getContent(), part.isMimeType(type), type);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }

    private static RestTemplate anonymous() {
        RestTemplate rest = new RestTemplate();
        rest.setErrorHandler(new DefaultResponseErrorHandler() {
            @Override
            public boolean hasError(org.springframework.http.client.ClientHttpResponse response) {
                return false;
            }
        });
        return rest;
    }
}
