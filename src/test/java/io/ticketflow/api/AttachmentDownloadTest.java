package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.security.Role;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.testing.TestTokens;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A polled mail's attachments download byte-identical to the parts the customer sent, found again in the raw record;
 * the original comes back as message/rfc822 with the raw id's hash; agents may, analysts may not; a merged ticket's
 * old number gives the same answer; an HTML attachment is a download, never a page.
 */
class AttachmentDownloadTest extends RealPartsTest {

    private final String customer = "files-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    @Test
    void attachmentsOfAPolledMailDownloadByteIdenticalAndTheOriginalAsRfc822() throws Exception {
        String agent = TestTokens.create("agent-files", Role.AGENT, null);
        String analyst = TestTokens.create("analyst-files", Role.ANALYST, null);
        byte[] binary = new byte[300_000];
        new Random(42).nextBytes(binary);
        byte[] html = "<html><body><script>alert(document.cookie)</script>Invoice</body></html>"
                .getBytes(StandardCharsets.UTF_8);
        send("Broken device " + UUID.randomUUID(), binary, html);

        JsonNode ticket = awaitTicket();
        awaitAccepted(agent);
        awaitAccepted(analyst);
        String number = ticket.path("number").asText();
        JsonNode message = getJson("/api/tickets/" + number).path("messages").get(0);
        String messageId = message.path("id").asText();
        JsonNode attachments = message.path("attachments");
        int binaryIndex = indexOf(attachments, "firmware dump.bin");
        int htmlIndex = indexOf(attachments, "invoice.html");

        ResponseEntity<byte[]> file = get("/api/tickets/" + number + "/messages/" + messageId + "/attachments/"
                + binaryIndex, agent);
        assertThat(file.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(file.getBody()).isEqualTo(binary);
        assertThat(file.getHeaders().getContentType().toString()).isEqualTo("application/octet-stream");
        assertThat(file.getHeaders().getContentDisposition().getType()).isEqualTo("attachment");
        assertThat(file.getHeaders().getContentDisposition().getFilename()).isEqualTo("firmware dump.bin");
        assertThat(file.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");

        ResponseEntity<byte[]> page = get("/api/tickets/" + number + "/messages/" + messageId + "/attachments/"
                + htmlIndex, agent);
        assertThat(page.getBody()).isEqualTo(html);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getHeaders().getContentDisposition().isAttachment()).isTrue();
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("sandbox");

        // a range of a large file, as a download manager asks
        HttpHeaders range = bearer(agent);
        range.setRange(java.util.List.of(org.springframework.http.HttpRange.createByteRange(1000, 1999)));
        ResponseEntity<byte[]> part = http.exchange("/api/tickets/" + number + "/messages/" + messageId
                + "/attachments/" + binaryIndex, HttpMethod.GET, new HttpEntity<>(range), byte[].class);
        assertThat(part.getStatusCode()).isEqualTo(HttpStatus.PARTIAL_CONTENT);
        assertThat(part.getBody()).isEqualTo(java.util.Arrays.copyOfRange(binary, 1000, 2000));

        ResponseEntity<byte[]> original = get("/api/messages/" + messageId + "/raw", agent);
        assertThat(original.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(original.getHeaders().getContentType().toString()).isEqualTo("message/rfc822");
        assertThat(RawMessage.sha256Hex(original.getBody())).isEqualTo(messageId);
        assertThat(new String(original.getBody(), StandardCharsets.ISO_8859_1)).contains("Subject: Broken device");

        assertThat(get("/api/messages/" + messageId + "/raw", analyst).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/api/tickets/" + number + "/messages/" + messageId + "/attachments/0", analyst).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/api/tickets/" + number + "/messages/" + messageId + "/attachments/99", agent).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/messages/" + "0".repeat(64) + "/raw", agent).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        // merged into another ticket, the old number answers the same
        ResponseEntity<String> other = http.postForEntity("/api/messages", new HttpEntity<>(("From: " + customer
                + "\r\nTo: support@ticketflow.local\r\nSubject: Other matter " + UUID.randomUUID() + "\r\nMessage-ID: <"
                + UUID.randomUUID() + "@c.example>\r\n\r\nSomething else.\r\n").getBytes(StandardCharsets.UTF_8),
                rfc822()), String.class);
        String target = JSON.readTree(other.getBody()).path("ticket").asText();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.postForEntity("/api/tickets/" + number + "/merge",
                new HttpEntity<>("{\"target\":\"" + target + "\"}", json), String.class).getStatusCode().is2xxSuccessful())
                .isTrue();
        ResponseEntity<byte[]> viaOldNumber = get("/api/tickets/" + number + "/messages/" + messageId + "/attachments/"
                + binaryIndex, agent);
        assertThat(viaOldNumber.getBody()).isEqualTo(binary);
        assertThat(get("/api/tickets/" + target + "/messages/" + messageId + "/attachments/" + binaryIndex, agent)
                .getBody()).isEqualTo(binary);
    }

    /** The service reads a changed tokens file within moments, not at once. */
    private void awaitAccepted(String token) {
        await("the service to read a new token", Duration.ofSeconds(30),
                () -> get("/api/tickets?size=1", token).getStatusCode() == HttpStatus.OK ? true : null);
    }

    private ResponseEntity<byte[]> get(String path, String token) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(bearer(token)), byte[].class);
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    private static HttpHeaders rfc822() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        return headers;
    }

    private static int indexOf(JsonNode attachments, String name) {
        for (int i = 0; i < attachments.size(); i++) {
            if (name.equals(attachments.get(i).path("name").asText())) {
                return i;
            }
        }
        throw new AssertionError("no attachment " + name + " in " + attachments);
    }

    private JsonNode awaitTicket() {
        return await("ticket of " + customer, Duration.ofSeconds(60), () -> {
            for (JsonNode t : getJson("/api/tickets?q=" + customer.replace("@", "%40")).path("tickets")) {
                if (t.path("customer").asText().equals(customer)) {
                    return t;
                }
            }
            return null;
        });
    }

    private void send(String subject, byte[] binary, byte[] html) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(TestMailServer.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(customer, "File Sender"));
        m.setRecipients(Message.RecipientType.TO, TestMailServer.SUPPORT);
        m.setSubject(subject, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("The device stopped; the dump and the invoice are attached.", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(binary, "application/octet-stream")));
        file.setFileName("firmware dump.bin");
        MimeBodyPart page = new MimeBodyPart();
        page.setDataHandler(new DataHandler(new ByteArrayDataSource(html, "text/html")));
        page.setFileName("invoice.html");
        page.setDisposition(jakarta.mail.Part.ATTACHMENT);
        m.setContent(new MimeMultipart(text, file, page));
        Transport.send(m);
    }
}
