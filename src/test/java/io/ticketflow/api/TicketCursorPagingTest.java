package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Cursor paging of {@code GET /api/tickets}: following {@code next} with {@code after=} visits every ticket once, in
 * the same order as page/size (which keeps working); page/size past the 10,000-hit window is refused with a pointer to
 * the cursor; a forged cursor is a 400, not a 500.
 */
class TicketCursorPagingTest extends RealPartsTest {

    @Test
    void followingTheCursorVisitsEveryTicketOnceInPageOrder() {
        String word = "cursorword" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        for (int i = 0; i < 5; i++) {
            String mail = "From: pager" + i + "-" + word + "@example.com\r\nTo: support@ticketflow.local\r\nSubject: "
                    + word + " case " + i + "\r\nMessage-ID: <" + UUID.randomUUID() + "@c.example>\r\n\r\nHello.\r\n";
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.parseMediaType("message/rfc822"));
            assertThat(http.postForEntity("/api/messages", new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers),
                    String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        List<String> byPages = new ArrayList<>();
        await("five tickets searchable", java.time.Duration.ofSeconds(30),
                () -> getJson("/api/tickets?q=" + word + "&size=50").path("total").asLong() == 5 ? true : null);
        for (JsonNode t : getJson("/api/tickets?q=" + word + "&size=50").path("tickets")) {
            byPages.add(t.path("number").asText());
        }
        assertThat(byPages).hasSize(5).doesNotHaveDuplicates();

        List<String> byCursor = new ArrayList<>();
        JsonNode page = getJson("/api/tickets?q=" + word + "&size=2");
        assertThat(page.path("page").asInt()).isZero();
        int requests = 1;
        while (true) {
            page.path("tickets").forEach(t -> byCursor.add(t.path("number").asText()));
            if (page.path("next").isMissingNode() || requests > 5) {
                break;
            }
            page = getJson("/api/tickets?q=" + word + "&size=2&after=" + page.path("next").asText());
            assertThat(page.has("page")).isFalse();
            assertThat(page.path("total").asLong()).isEqualTo(5);
            requests++;
        }
        assertThat(byCursor).isEqualTo(byPages);
        assertThat(requests).isEqualTo(3);

        JsonNode tooDeep = getJson("/api/tickets?page=100&size=100");
        assertThat(tooDeep.path("error").asText()).isEqualTo("bad_paging");
        assertThat(tooDeep.path("message").asText()).contains("after=");
        assertThat(getJson("/api/tickets?page=99&size=100").has("tickets")).isTrue();
        assertThat(getJson("/api/tickets?after=bm90LWEtY3Vyc29y").path("error").asText()).isEqualTo("bad_cursor");
    }
}
