package io.ticketflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.respond.MailPurpose;
import io.ticketflow.respond.TicketMailer;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.Indices;
import io.ticketflow.store.TicketStore;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/**
 * CSAT that counts: the satisfaction request carries signed one-click links; a click records the rating on the ticket
 * once per solution, with an event of type {@code rated} (the rating.received webhook); a changed mind and a comment
 * within the change window replace it; a tampered link records nothing. Real parts: REST intake, outbox to GreenMail,
 * the rating page over HTTP without credentials, Elasticsearch.
 */
class CustomerRatingTest extends RealPartsTest {

    private static final Pattern LINK = Pattern.compile("(?m)^\\s*(Good|Bad):\\s+(\\S+/csat/\\S+)");

    @Autowired
    TicketMailer mailer;
    @Autowired
    TicketStore tickets;
    @Autowired
    EventLog events;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    Indices indices;

    private final RestTemplate anonymous = anonymous();

    @Test
    void aBadClickIsRecordedOnceWithItsEventAndAGoodClickAndACommentMayChangeIt() throws Exception {
        String customer = "rater-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String number = solvedTicket(customer);
        Map<String, String> links = satisfactionLinks(number, customer);

        ResponseEntity<String> bad = get(links.get("Bad"));
        assertThat(bad.getStatusCode().value()).isEqualTo(200);
        assertThat(bad.getBody()).contains("as <strong>bad</strong>").contains("<form method=\"post\"");
        JsonNode csat = getJson("/api/tickets/" + number).path("ticket").path("csat");
        assertThat(csat.path("rating").asText()).isEqualTo("bad");
        assertThat(csat.path("score").asInt()).isZero();

        // the customer changes their mind within the change window, then leaves a comment
        get(links.get("Good"));
        ResponseEntity<String> commented = postComment(links.get("Good"), "Quick & <b>friendly</b> help");
        assertThat(commented.getBody()).contains("Thank you for your comment").doesNotContain("<b>friendly");
        csat = getJson("/api/tickets/" + number).path("ticket").path("csat");
        assertThat(csat.path("rating").asText()).isEqualTo("good");
        assertThat(csat.path("score").asInt()).isEqualTo(1);
        assertThat(csat.path("comment").asText()).isEqualTo("Quick & <b>friendly</b> help");
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("status").asText())
                .as("reopen-on-bad is off by default").isEqualTo("solved");

        events.flush();
        client.indices().refresh(r -> r.index(indices.events()));
        long rated = client.count(c -> c.index(indices.events()).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("type").value("rated")))
                .filter(f -> f.term(t -> t.field("ticket").value(number)))))).count();
        assertThat(rated).as("one rated event per click that changed the rating").isEqualTo(3);
    }

    @Test
    void aTamperedOrForeignLinkRecordsNothing() throws Exception {
        String customer = "tamper-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String number = solvedTicket(customer);
        String good = satisfactionLinks(number, customer).get("Good");

        String sig = good.substring(good.indexOf("sig=") + 4);
        String tampered = (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1);
        assertThat(get(good.replace("sig=" + sig, "sig=" + tampered)).getStatusCode().value()).isEqualTo(403);
        assertThat(get(good.replace("/good?", "/bad?")).getStatusCode().value()).isEqualTo(403);
        assertThat(get(good.replaceAll("exp=\\d+", "exp=1")).getStatusCode().value()).isEqualTo(403);
        String other = solvedTicket("other-" + customer);
        assertThat(get(good.replace("/csat/" + number + "/", "/csat/" + other + "/")).getStatusCode().value())
                .isEqualTo(403);
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("csat").isMissingNode()
                || getJson("/api/tickets/" + number).path("ticket").path("csat").isNull()).isTrue();
    }

    private String solvedTicket(String customer) throws Exception {
        String mail = "From: " + customer + "\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: Printer offline "
                + UUID.randomUUID() + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\n"
                + "Date: Sun, 6 Dec 2026 09:00:00 +0000\r\n\r\nMy printer is offline again.\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        String number = JSON.readTree(http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class).getBody())
                .path("ticket").asText();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> patched = http.exchange("/api/tickets/" + number, HttpMethod.PATCH,
                new HttpEntity<>("{\"status\": \"solved\"}", json), String.class);
        assertThat(patched.getStatusCode().is2xxSuccessful()).as(patched.getBody()).isTrue();
        return number;
    }

    /** Sends the satisfaction request as the follow-up sweep does and reads its links from the customer's inbox. */
    private Map<String, String> satisfactionLinks(String number, String customer) {
        TicketMailer.Result sent = mailer.toCustomer(tickets.find(number).value(), MailPurpose.SATISFACTION,
                "satisfaction-test", Map.of());
        assertThat(sent.queued()).as(String.valueOf(sent.refusal())).isTrue();
        MimeMessage mail = await("the satisfaction request", Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(customer).stream().filter(m -> subject(m).contains("solved")
                        || text(m).contains("/csat/")).findFirst().orElse(null));
        Map<String, String> links = new java.util.HashMap<>();
        Matcher m = LINK.matcher(text(mail));
        while (m.find()) {
            URI link = URI.create(m.group(2));
            // the configured base URL is the public one; the test's server runs on a random port
            links.put(m.group(1), http.getRootUri() + link.getRawPath() + "?" + link.getRawQuery());
        }
        assertThat(links).containsKeys("Good", "Bad");
        return links;
    }

    private ResponseEntity<String> get(String url) {
        return anonymous.getForEntity(URI.create(url), String.class);
    }

    private ResponseEntity<String> postComment(String link, String comment) {
        URI uri = URI.create(link);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        String form = uri.getRawQuery() + "&comment=" + java.net.URLEncoder.encode(comment, StandardCharsets.UTF_8);
        return anonymous.postForEntity(URI.create(http.getRootUri() + uri.getRawPath()), new HttpEntity<>(form, headers),
                String.class);
    }

    private static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        }
        catch (Exception e) {
            return "";
        }
    }

    /** The decoded text/plain part of the mail. */
    private static String text(MimeMessage m) {
        try {
            return plain(m.getContent());
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String plain(Object content) throws Exception {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                jakarta.mail.BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) {
                    return plain(part.getContent());
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
