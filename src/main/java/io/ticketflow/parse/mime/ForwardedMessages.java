package io.ticketflow.parse.mime;

import io.ticketflow.parse.header.HeaderFields;
import io.ticketflow.parse.header.HeaderText;
import io.ticketflow.parse.header.MessageIds;
import io.ticketflow.parse.text.BytesToText;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Messages inside a message: forwarded mail and returned mail in bounces (message/rfc822) kept as a structure, and the
 * returned headers of a bounce (text/rfc822-headers) kept as a header-only message.
 */
final class ForwardedMessages {

    private final Session session;
    private final PartBudget budget;
    private final List<String> warnings;
    private final MimeWalk walk;

    ForwardedMessages(Session session, PartBudget budget, List<String> warnings, MimeWalk walk) {
        this.session = session;
        this.budget = budget;
        this.warnings = warnings;
        this.walk = walk;
    }

    /** A message/rfc822 part: listed as an attachment that carries the parsed message, walked with the same budget. */
    void embedded(Part part, MessageBody body, int depth, String fileName) throws MessagingException, IOException {
        byte[] bytes = PartBytes.readEmbedded(part);
        ParsedMessage.EmbeddedMessage message = null;
        if (!budget.tooDeep(depth + 1)) {
            MimeMessage nested = new MimeMessage(session, new UnsynchronizedBytes(bytes));
            HeaderFields raw = HeaderFields.of(nested);
            Map<String, List<String>> headers = raw.decoded();
            MessageBody inner = walk.body(nested, depth + 1);
            Instant sent = null;
            try {
                sent = nested.getSentDate() == null ? null : nested.getSentDate().toInstant();
            }
            catch (MessagingException | RuntimeException e) {
                // no date on the forwarded message
            }
            message = new ParsedMessage.EmbeddedMessage(MessageIds.first(HeaderFields.first(headers, "message-id")),
                    raw.firstAddress("from", warnings), raw.addresses("to", warnings), HeaderFields.first(headers, "subject"),
                    sent, inner.text(), inner.attachments());
            if (body.returnedMessageId == null) {
                body.returnedMessageId = message.messageId();
            }
        }
        String name = fileName != null ? fileName : message != null && message.subject() != null
                ? message.subject() + ".eml" : "message.eml";
        body.attachments.add(new ParsedMessage.Attachment(name, "message/rfc822", bytes.length,
                RawMessage.sha256Hex(bytes), null, false, message == null ? "" : message.text(),
                message == null ? "skipped: nesting limit" : "extracted", null, message));
    }

    /** text/rfc822-headers in a bounce: the headers of the mail that bounced, kept as a header-only message. */
    void returnedHeaders(Part part, MessageBody body, String fileName) throws MessagingException, IOException {
        byte[] bytes = PartBytes.read(part);
        InternetHeaders parsed = new InternetHeaders(new UnsynchronizedBytes(bytes), true);
        String id = MessageIds.first(parsed.getHeader("Message-ID", null) == null ? null
                : HeaderText.decode(parsed.getHeader("Message-ID", null)));
        String subject = parsed.getHeader("Subject", null) == null ? null : HeaderText.decode(parsed.getHeader("Subject", null));
        if (body.returnedMessageId == null) {
            body.returnedMessageId = id;
        }
        ParsedMessage.EmbeddedMessage headersOnly = new ParsedMessage.EmbeddedMessage(id, null, List.of(), subject,
                null, "", List.of());
        body.attachments.add(new ParsedMessage.Attachment(fileName != null ? fileName : "returned-headers.txt",
                "text/rfc822-headers", bytes.length, RawMessage.sha256Hex(bytes), null, false,
                BytesToText.decode(bytes, null), "extracted", null, headersOnly));
    }
}
