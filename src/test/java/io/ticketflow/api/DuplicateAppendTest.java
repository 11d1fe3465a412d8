package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A client that retries after a time-out learns where its message went: posting the same bytes again answers the
 * original outcome with the ticket number, also when the message was appended to an existing ticket (the raw record
 * names only tickets a message opened).
 */
class DuplicateAppendTest extends RealPartsTest {

    private final String customer = "dup-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    @Test
    void repeatedAppendNamesItsTicket() throws Exception {
        JsonNode first = JSON.readTree(post(mail("Order 77 is late", "First mail about order 77.")).getBody());
        String number = first.path("ticket").asText();
        assertThat(first.path("outcome").asText()).isEqualTo("created");

        byte[] reply = mail("Re: [TF#" + number + "] Order 77 is late", "Any news on order 77?");
        ResponseEntity<String> appended = post(reply);
        JsonNode original = JSON.readTree(appended.getBody());
        assertThat(original.path("outcome").asText()).as(appended.getBody()).isEqualTo("appended");
        assertThat(original.path("ticket").asText()).isEqualTo(number);

        ResponseEntity<String> again = post(reply);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode repeated = JSON.readTree(again.getBody());
        assertThat(repeated.path("duplicate").asBoolean()).isTrue();
        assertThat(repeated.path("outcome").asText()).isEqualTo("appended");
        assertThat(repeated.path("ticket").asText()).as(again.getBody()).isEqualTo(number);
        assertThat(repeated.path("rawId").asText()).isEqualTo(original.path("rawId").asText());
    }

    private byte[] mail(String subject, String body) {
        return ("From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + UUID.randomUUID() + "@c.example>\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private ResponseEntity<String> post(byte[] mail) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        return http.postForEntity("/api/messages", new HttpEntity<>(mail, headers), String.class);
    }
}
