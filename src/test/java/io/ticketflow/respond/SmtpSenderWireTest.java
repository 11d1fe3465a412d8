package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.testing.TestMailServer;
import io.ticketflow.vocabulary.TicketflowIdentity;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mail as GreenMail receives it from {@link SmtpSender}: every text (ASCII, non-ASCII, lines longer than RFC 5322's
 * 998 characters) parses back to the text sent, in a transfer encoding that may carry it, with the loop and threading
 * headers.
 */
class SmtpSenderWireTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Ticketflow Support", "ticketflow.local", "TF", "ticketflow", "test-secret");
    private static SmtpSender sender;

    @BeforeAll
    static void server() {
        sender = new SmtpSender(new SmtpProperties("127.0.0.1", TestMailServer.smtpPort(), null, null, false,
                Duration.ofSeconds(15)), IDENTITY);
    }

    static List<String> texts() {
        return List.of(
                "Thank you, we received your message.\n\n[TF#1234]\n",
                "Grüße aus München,\nIhr Support-Team\n",
                "Здравствуйте!\nМы получили ваше сообщение.\n",
                "您好，我们已收到您的邮件。😀\n",
                "A long line: " + "word ".repeat(300) + "\nand a short one\n",
                "Ä long line: " + "wört ".repeat(300) + "\n",
                "x".repeat(998) + "\n" + "y".repeat(999) + "\n");
    }

    @Test
    void eachTextArrivesUnchangedInBothPartsWithLinesWithinTheLimit() throws Exception {
        int i = 0;
        for (String text : texts()) {
            String to = "wire" + (i++) + "-" + UUID.randomUUID() + "@customer.example";
            String html = "<p>" + text.replace("\n", "<br>\n") + "</p>";
            sender.send(new OutgoingMail(to, "[TF#1234] Re: Grüße", text, html, UUID.randomUUID() + "@ticketflow.local",
                    "in@client.example", List.of("first@client.example", "in@client.example"),
                    OutgoingMail.AUTO_REPLIED, "bounces@ticketflow.local"));
            MimeMessage received = TestMailServer.mailsTo(to).get(0);
            assertThat(received.getSubject()).isEqualTo("[TF#1234] Re: Grüße");
            assertThat(received.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
            assertThat(received.getHeader("In-Reply-To", null)).isEqualTo("<in@client.example>");
            assertThat(received.getHeader("References", null)).isEqualTo("<first@client.example> <in@client.example>");
            Multipart parts = (Multipart) received.getContent();
            assertArrives(parts.getBodyPart(0), "text/plain", text);
            assertArrives(parts.getBodyPart(1), "text/html", html);
            assertLinesWithinLimit(received);
        }
    }

    @Test
    void aTextOnlyMailArrivesUnchanged() throws Exception {
        int i = 0;
        for (String text : texts()) {
            String to = "textonly" + (i++) + "-" + UUID.randomUUID() + "@customer.example";
            sender.send(new OutgoingMail(to, "[TF#99] Notice", text, null, UUID.randomUUID() + "@ticketflow.local",
                    null, List.of(), OutgoingMail.AUTO_GENERATED, null));
            MimeMessage received = TestMailServer.mailsTo(to).get(0);
            assertThat(received.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
            assertArrives(received, "text/plain", text);
            assertLinesWithinLimit(received);
        }
    }

    private static void assertArrives(Part part, String type, String sent) throws Exception {
        assertThat(part.isMimeType(type)).isTrue();
        assertThat(part.getContentType()).containsIgnoringCase("charset=UTF-8");
        String encoding = ((jakarta.mail.internet.MimePart) part).getEncoding();
        assertThat(encoding).as("the encoding Jakarta Mail would choose").isEqualTo(TransferEncoding.ofUtf8(sent));
        if (!sent.chars().allMatch(c -> c < 0x80)) {
            assertThat(encoding).isNotEqualTo("7bit");
        }
        // the SMTP DATA terminator takes the last line break (it was so before the encoding was set here, too)
        assertThat(((String) part.getContent()).replace("\r\n", "\n").stripTrailing()).isEqualTo(sent.stripTrailing());
    }

    private static void assertLinesWithinLimit(MimeMessage received) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        received.writeTo(raw);
        for (String line : raw.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            assertThat(line.length()).as("line of the mail on the wire").isLessThanOrEqualTo(998);
            assertThat(line.chars().allMatch(c -> c < 0x80)).as("7-bit line: %s", line).isTrue();
        }
    }
}
