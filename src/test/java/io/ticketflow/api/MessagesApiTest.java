package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * {@code POST /api/messages} and the ticket reads, through the real pipeline: every input gets a defined outcome and
 * a JSON answer, bad input a clear error, and nothing posted is lost.
 */
class MessagesApiTest extends RealPartsTest {

    private final String customer = "api-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    @Test
    void postedMessageCreatesTicketAndRepostIsRecognised() throws Exception {
        byte[] mail = mail(customer, "Refund for order 4711", "Message-ID: <" + UUID.randomUUID() + "@c.example>\r\n",
                "Please refund order 4711.").getBytes(StandardCharsets.UTF_8);

        ResponseEntity<String> first = post(mail);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode outcome = JSON.readTree(first.getBody());
        assertThat(outcome.path("outcome").asText()).isEqualTo("created");
        String number = outcome.path("ticket").asText();
        assertThat(number).matches("\\d{6,}");
        assertThat(outcome.path("reason").asText()).startsWith("new ticket");
        assertThat(outcome.path("threading").path("method").asText()).isEqualTo("new-ticket");

        ResponseEntity<String> again = post(mail);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode repeated = JSON.readTree(again.getBody());
        assertThat(repeated.path("outcome").asText()).isEqualTo("created");
        assertThat(repeated.path("ticket").asText()).isEqualTo(number);
        assertThat(repeated.path("duplicate").asBoolean()).isTrue();

        JsonNode ticket = getJson("/api/tickets/" + number);
        assertThat(ticket.path("ticket").path("messageCount").asInt()).isEqualTo(1);
        assertThat(ticket.path("messages")).hasSize(1);
        assertThat(ticket.path("messages").get(0).path("text").asText()).contains("Please refund order 4711.");
    }

    @Test
    void mailWithoutMessageIdBecomesTicketWithWarning() throws Exception {
        ResponseEntity<String> response = post(mail(customer, "No id here", "", "Body without id")
                .getBytes(StandardCharsets.UTF_8));
        JsonNode outcome = JSON.readTree(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(outcome.path("messageId").asText()).endsWith("@synthetic.ticketflow.invalid");
        assertThat(outcome.path("warnings").toString()).contains("no Message-ID");
    }

    @Test
    void rawEightBitSubjectIsDecoded() throws Exception {
        String head = "From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: ";
        String tail = "\r\nMessage-ID: <" + UUID.randomUUID() + "@c.example>\r\n\r\nBody\r\n";
        byte[] latin1 = concat(head.getBytes(StandardCharsets.US_ASCII), "Größe ändern".getBytes(StandardCharsets.ISO_8859_1),
                tail.getBytes(StandardCharsets.US_ASCII));
        JsonNode outcome = JSON.readTree(post(latin1).getBody());
        JsonNode ticket = getJson("/api/tickets/" + outcome.path("ticket").asText());
        assertThat(ticket.path("ticket").path("subject").asText()).isEqualTo("Größe ändern");
    }

    @Test
    void emptyBodyIsClearErrorNotStackTrace() {
        ResponseEntity<String> response = post(new byte[0]);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("\"error\":\"empty_message\"").doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void mailWithEmptyBodyStillBecomesTicket() throws Exception {
        ResponseEntity<String> response = post(mail(customer, "Subject only", "", "").getBytes(StandardCharsets.UTF_8));
        JsonNode outcome = JSON.readTree(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(outcome.path("warnings").toString()).contains("no text body");
    }

    @Test
    void garbageIsQuarantinedWithReasonAndKept() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        ResponseEntity<String> response = post(garbage);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        JsonNode outcome = JSON.readTree(response.getBody());
        assertThat(outcome.path("outcome").asText()).isEqualTo("quarantined");
        assertThat(outcome.path("ticket").isMissingNode() || outcome.path("ticket").isNull()).isTrue();
        assertThat(outcome.path("reason").asText()).isNotBlank().doesNotContain("Exception");
        // kept, not lost: posting it again finds the same quarantined raw message
        JsonNode again = JSON.readTree(post(garbage).getBody());
        assertThat(again.path("rawId").asText()).isEqualTo(outcome.path("rawId").asText());
        assertThat(again.path("outcome").asText()).isEqualTo("quarantined");
    }

    /**
     * A second copy of a quarantined message (the same Message-ID, From, Date and body, another delivery path) ends as
     * a duplicate of the quarantined one at once. Before, it waited for the first copy to finish, which a quarantined
     * message never does until an admin replays it, and answered 503 "in flight elsewhere" after five seconds.
     */
    @Test
    void aSecondCopyOfAQuarantinedMessageIsItsDuplicateNotInFlight() throws Exception {
        String id = "Message-ID: <" + UUID.randomUUID() + "@c.example>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n";
        String mail = "From: not an address\r\nTo: support@ticketflow.local\r\nSubject: Copies\r\n" + id
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nTwice.\r\n";
        JsonNode first = JSON.readTree(post(mail.getBytes(StandardCharsets.UTF_8)).getBody());
        assertThat(first.path("outcome").asText()).as(first.toString()).isEqualTo("quarantined");

        long started = System.nanoTime();
        ResponseEntity<String> second = post(("Received: from relay.example by mx.example; Mon, 7 Dec 2026 10:00:01 "
                + "+0000\r\n" + mail).getBytes(StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonNode copy = JSON.readTree(second.getBody());
        assertThat(second.getStatusCode()).as(copy.toString()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(copy.path("outcome").asText()).isEqualTo("quarantined");
        assertThat(copy.path("rawId").asText()).isNotEqualTo(first.path("rawId").asText());
        assertThat(copy.path("reason").asText()).contains("same message as raw " + first.path("rawId").asText());
        assertThat(millis).as("not waiting for a first copy that is settled").isLessThan(4_000);
    }

    @Test
    void wrongContentTypeIsRefusedClearly() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.postForEntity("/api/messages", new HttpEntity<>("{}", headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(response.getBody()).contains("message/rfc822");
    }

    @Test
    void unknownTicketAndBadPagingAreJsonErrors() {
        ResponseEntity<String> missing = http.getForEntity("/api/tickets/999999999", String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getBody()).contains("\"error\":\"not_found\"");
        ResponseEntity<String> paging = http.getForEntity("/api/tickets?size=100000", String.class);
        assertThat(paging.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> notNumber = http.getForEntity("/api/tickets?page=abc", String.class);
        assertThat(notNumber.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notNumber.getBody()).doesNotContain("Exception");
    }

    @Test
    void ticketsCanBeFilteredByStatusAndPaged() throws Exception {
        String subject = "Paging " + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            post(mail(customer, subject + " " + i, "Message-ID: <" + UUID.randomUUID() + "@c.example>\r\n", "x")
                    .getBytes(StandardCharsets.UTF_8));
        }
        JsonNode page = await("3 tickets searchable", java.time.Duration.ofSeconds(30), () -> {
            JsonNode p = getJson("/api/tickets?status=new&size=2&q=" + customer.replace("@", "%40"));
            return p.path("total").asLong() >= 3 ? p : null;
        });
        assertThat(page.path("tickets")).hasSize(2);
        assertThat(getJson("/api/tickets?status=closed&q=" + customer.replace("@", "%40")).path("total").asLong()).isZero();
    }

    @Test
    void aTwentyKilobyteSubjectEndsInOneOutcomeOnItsTicket() throws Exception {
        String customer = "probe-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String subject = "Re: ".repeat(5000) + "[TF#" + "1".repeat(5000) + "] help";
        byte[] mail = mail(customer, subject, "Message-ID: <" + java.util.UUID.randomUUID() + "@probe.example>\r\n",
                "Please help.").getBytes(StandardCharsets.UTF_8);
        ResponseEntity<String> response = post(mail);
        JsonNode outcome = JSON.readTree(response.getBody());
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(outcome.path("outcome").asText()).isEqualTo("created");
        assertThat(outcome.path("warnings").toString()).contains("subject of 25010 characters cut to 2000");
        String number = outcome.path("ticket").asText();
        JsonNode ticket = getJson("/api/tickets/" + number);
        assertThat(ticket.path("messages").size()).isEqualTo(1);
        assertThat(ticket.path("ticket").path("customer").asText()).isEqualTo(customer);
        // posting it again answers the same single outcome, with its ticket
        JsonNode again = JSON.readTree(post(mail).getBody());
        assertThat(again.path("outcome").asText()).isEqualTo("created");
        assertThat(again.path("ticket").asText()).isEqualTo(number);
        assertThat(again.path("duplicate").asBoolean()).isTrue();
    }

    private ResponseEntity<String> post(byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        return http.postForEntity("/api/messages", new HttpEntity<>(body, headers), String.class);
    }

    private static String mail(String from, String subject, String extraHeaders, String body) {
        return "From: Api Customer <" + from + ">\r\nTo: support@ticketflow.local\r\nSubject: " + subject + "\r\n"
                + extraHeaders + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n";
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
