package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end, with real parts: a customer mails support over SMTP, the IMAP route polls it, the
 * ticket is searchable in Elasticsearch, the customer receives a threaded acknowledgement, and replies land on the
 * same ticket without a second acknowledgement.
 */
class MailToTicketEndToEndTest extends RealPartsTest {

    private final String customer = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    @Test
    void mailBecomesTicketIsAcknowledgedAndRepliesAreAppended() throws Exception {
        String subject = "Printer on fire " + UUID.randomUUID();
        String customerMessageId = "<" + UUID.randomUUID() + "@client.example.com>";
        send(customer, "Alice Example", subject, "The printer in room 4 is on fire.\nPlease help.", customerMessageId,
                null);

        JsonNode ticket = awaitTicketOf(customer, 1);
        String number = ticket.path("number").asText();
        assertThat(number).matches("\\d{6,}");
        assertThat(ticket.path("status").asText()).isEqualTo("new");
        assertThat(ticket.path("subject").asText()).isEqualTo(subject);
        assertThat(ticket.path("customerName").asText()).isEqualTo("Alice Example");

        JsonNode detail = getJson("/api/tickets/" + number);
        JsonNode first = detail.path("messages").get(0);
        assertThat(first.path("text").asText()).contains("The printer in room 4 is on fire.");
        assertThat(first.path("receivedAt").asText()).isNotBlank();
        assertThat(first.path("messageId").asText()).isEqualTo(customerMessageId.substring(1, customerMessageId.length() - 1));

        MimeMessage ack = awaitMailsTo(customer, 1).get(0);
        assertThat(ack.getSubject()).contains("[TF#" + number + "]").contains(subject);
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(customerMessageId);
        assertThat(ack.getHeader("References", null)).contains(customerMessageId);
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getMessageID()).matches("<tf\\." + number + "\\.[0-9a-f]+\\.[0-9a-f]+@ticketflow\\.local>");
        assertThat(textOf(ack)).contains("[TF#" + number + "]");

        // a reply that keeps only the tag (no In-Reply-To) is appended
        send(customer, "Alice Example", "Re: [TF#" + number + "] " + subject, "It is out now, but the smell stays.",
                "<" + UUID.randomUUID() + "@client.example.com>", null);
        awaitTicketOf(customer, 2);

        // a reply that keeps only In-Reply-To to our acknowledgement (tag stripped) is appended too
        send(customer, "Alice Example", "Re: " + subject, "Smell is gone.", "<" + UUID.randomUUID() + "@client.example.com>",
                ack.getMessageID());
        JsonNode appended = awaitTicketOf(customer, 3);
        assertThat(appended.path("number").asText()).isEqualTo(number);

        JsonNode messages = getJson("/api/tickets/" + number).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("threading").path("method").asText()).isEqualTo("subject-tag");
        // its In-Reply-To names our acknowledgement, whose Message-ID carries the signed ticket token: the strongest evidence
        assertThat(messages.get(2).path("threading").path("method").asText()).isEqualTo("signed-token");

        // replies get no acknowledgement of their own: the customer still has exactly one mail from us
        Thread.sleep(1500);
        assertThat(mailsTo(customer)).hasSize(1);
        JsonNode search = getJson("/api/tickets?q=" + customer.replace("@", "%40"));
        assertThat(search.path("total").asLong()).isEqualTo(1);
    }

    @Test
    void autoReplyToSupportOpensNoTicketAndGetsNoAnswer() throws Exception {
        String sender = "vacation-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Session session = Session.getInstance(smtp());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(sender));
        m.setRecipients(Message.RecipientType.TO, TestMailServer.SUPPORT);
        m.setSubject("Out of office");
        m.setText("I am away until Monday.");
        m.setHeader("Auto-Submitted", "auto-replied");
        Transport.send(m);
        // the marker mail proves the route has moved past the auto-reply
        send(customer, "Alice Example", "marker " + UUID.randomUUID(), "marker", "<" + UUID.randomUUID() + "@x.example>",
                null);
        awaitTicketOf(customer, 1);
        assertThat(getJson("/api/tickets?q=" + sender.replace("@", "%40")).path("total").asLong()).isZero();
        assertThat(mailsTo(sender)).isEmpty();
    }

    /**
     * Header values longer than a search term may be (32 766 bytes) are the sender's to choose: a mail whose attachment
     * name, content type and Content-ID run to 40 000 characters still becomes a ticket, its names kept in the stored
     * document, only not searchable as keywords.
     */
    @Test
    void mailWithHugeAttachmentHeadersStillBecomesATicket() throws Exception {
        String sender = "huge-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String huge = "a".repeat(40_000);
        Session session = Session.getInstance(smtp());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(sender));
        m.setRecipients(Message.RecipientType.TO, TestMailServer.SUPPORT);
        m.setSubject("Invoice attached " + UUID.randomUUID());
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("Please see the attached invoice.", "UTF-8");
        jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
        file.setContent("%PDF-1.4 not really".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "application/x-" + huge);
        file.setFileName(huge + ".pdf");
        file.setContentID("<" + huge + "@example.com>");
        jakarta.mail.internet.MimeMultipart parts = new jakarta.mail.internet.MimeMultipart(text, file);
        m.setContent(parts);
        Transport.send(m);

        JsonNode ticket = awaitTicketOf(sender, 1);
        JsonNode message = getJson("/api/tickets/" + ticket.path("number").asText()).path("messages").get(0);
        assertThat(message.path("text").asText()).contains("Please see the attached invoice.");
        assertThat(message.path("attachments").get(0).path("name").asText()).startsWith("aaaa").endsWith(".pdf");
    }

    /** The text/plain part of a mail (acknowledgements are multipart/alternative). */
    private static String textOf(MimeMessage mail) throws Exception {
        if (mail.getContent() instanceof String text) {
            return text;
        }
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no text/plain part");
    }

    private JsonNode awaitTicketOf(String address, int messageCount) {
        return await("ticket of " + address + " with " + messageCount + " message(s)", Duration.ofSeconds(60), () -> {
            JsonNode tickets = getJson("/api/tickets?q=" + address.replace("@", "%40")).path("tickets");
            for (JsonNode t : tickets) {
                if (t.path("customer").asText().equals(address) && t.path("messageCount").asInt() == messageCount) {
                    return t;
                }
            }
            return null;
        });
    }

    private static List<MimeMessage> awaitMailsTo(String address, int count) {
        return await(count + " mail(s) to " + address, Duration.ofSeconds(60), () -> {
            List<MimeMessage> mails = mailsTo(address);
            return mails.size() >= count ? mails : null;
        });
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(TestMailServer.get().getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().contains(address);
            }
            catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static void send(String from, String name, String subject, String body, String messageId, String inReplyTo)
            throws Exception {
        Session session = Session.getInstance(smtp());
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from, name));
        m.setRecipients(Message.RecipientType.TO, TestMailServer.SUPPORT);
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
            m.setHeader("References", inReplyTo);
        }
        Transport.send(m);
    }

    private static Properties smtp() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(TestMailServer.smtpPort()));
        return p;
    }
}
