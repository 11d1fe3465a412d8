package io.ticketflow.intake;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.channel.ChannelPayloadParser;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Properties;

/**
 * A chat message's file gets its text exactly as a mail attachment does: it is wrapped as the only attachment of a
 * minimal MIME message and read by the mail parser, so the same type rules, size limits, extraction workers and time
 * limits apply, and the same attachment record (hash, extraction state) comes out. The wrapper's own warnings (no
 * Message-ID, no body) are not the file's and are left out.
 */
final class MailExtraction implements ChannelPayloadParser.AttachmentText {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final MessageParser parser;

    MailExtraction(MessageParser parser) {
        this.parser = parser;
    }

    @Override
    public List<ParsedMessage.Attachment> extract(String name, String contentType, byte[] bytes) {
        try {
            MimeMessage wrapper = new MimeMessage(SESSION);
            wrapper.setFrom(new InternetAddress("file@channel.ticketflow.invalid"));
            wrapper.setSubject("file");
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(bytes, contentType)));
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            if (name != null) {
                part.setFileName(name);
            }
            MimeMultipart multipart = new MimeMultipart("mixed");
            multipart.addBodyPart(part);
            wrapper.setContent(multipart);
            wrapper.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4 / 3 + 1024);
            wrapper.writeTo(out);
            return parser.parse(RawMessage.of(out.toByteArray(), "file", "channel-file")).attachments();
        }
        catch (MessagingException | IOException e) {
            return List.of(new ParsedMessage.Attachment(name, contentType, bytes.length, RawMessage.sha256Hex(bytes),
                    null, false, "", "failed: " + e.getMessage(), null, null));
        }
    }
}
