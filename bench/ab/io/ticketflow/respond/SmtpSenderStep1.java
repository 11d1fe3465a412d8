package io.ticketflow.respond;

import io.ticketflow.config.oauth.MailTokens;
import io.ticketflow.vocabulary.TicketflowIdentity;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.Properties;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Round 12 respond, A/B: SmtpSender as of d7df387 (step 1: each text part's encoding set from the String, the part
 * still written by Jakarta's text handler).
 * <p>
 * Sends one mail over SMTP with the headers that keep threads together and stop auto-reply loops: our Message-ID,
 * In-Reply-To/References, Auto-Submitted for automatic mail (RFC 3834), X-Auto-Response-Suppress: All (Exchange
 * out-of-office and delivery receipts), our loop header, and the ticket's bounce address as envelope sender (per
 * message, like {@code mail.smtp.from}). Text and HTML go as multipart/alternative.
 */
public class SmtpSenderStep1 {

    /** The account name under {@code ticketflow.mail-oauth2.accounts} that makes sending log in with XOAUTH2. */
    public static final String OAUTH2_ACCOUNT = "smtp";

    private final SmtpProperties smtp;
    private final TicketflowIdentity identity;
    private final MailTokens tokens;
    private final Session session;

    public SmtpSenderStep1(SmtpProperties smtp, TicketflowIdentity identity) {
        this(smtp, identity, null);
    }

    @Autowired
    public SmtpSenderStep1(SmtpProperties smtp, TicketflowIdentity identity, MailTokens tokens) {
        this.smtp = smtp;
        this.identity = identity;
        this.tokens = tokens != null && tokens.has(OAUTH2_ACCOUNT) ? tokens : null;
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", smtp.host() == null ? "localhost" : smtp.host());
        props.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        String timeout = Long.toString(Math.min(Integer.MAX_VALUE, smtp.timeout().toMillis()));
        props.setProperty("mail.smtp.connectiontimeout", timeout);
        props.setProperty("mail.smtp.timeout", timeout);
        props.setProperty("mail.smtp.writetimeout", timeout);
        props.setProperty("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        props.setProperty("mail.smtp.auth", Boolean.toString(smtp.username() != null && !smtp.username().isBlank()));
        props.setProperty("mail.smtp.from", identity.fromAddress());
        if (this.tokens != null) {
            // Microsoft 365 / Google: AUTH XOAUTH2 with a current access token instead of a password
            props.setProperty("mail.smtp.auth", "true");
            props.setProperty("mail.smtp.auth.mechanisms", "XOAUTH2");
            props.setProperty("mail.smtp.auth.xoauth2.disable", "false");
        }
        this.session = Session.getInstance(props);
    }

    /** Sends one mail on a connection of its own. */
    public void send(OutgoingMail mail) throws MessagingException {
        try (Connection connection = connect()) {
            connection.send(mail);
        }
    }

    /**
     * Opens one SMTP connection for several mails (a sender's batch): one connect, greeting and login instead of one
     * per mail. Each mail still has its own envelope sender.
     */
    public Connection connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        if (tokens != null) {
            transport.connect(smtp.username(), tokens.token(OAUTH2_ACCOUNT));
        }
        else if (smtp.username() != null && !smtp.username().isBlank()) {
            transport.connect(smtp.username(), smtp.password());
        }
        else {
            transport.connect();
        }
        return new Connection(transport);
    }

    /** An open SMTP connection; close it when the batch is done. */
    public final class Connection implements AutoCloseable {
        private final Transport transport;

        private Connection(Transport transport) {
            this.transport = transport;
        }

        public void send(OutgoingMail mail) throws MessagingException {
            SMTPMessage message = message(mail);
            transport.sendMessage(message, message.getAllRecipients());
        }

        @Override
        public void close() throws MessagingException {
            transport.close();
        }
    }

    private SMTPMessage message(OutgoingMail mail) throws MessagingException {
        FixedIdMessage message = new FixedIdMessage(session, mail.messageId());
        try {
            message.setFrom(new InternetAddress(identity.fromAddress(), identity.fromName(), "UTF-8"));
        }
        catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(HeaderValues.clean(mail.subject()), "UTF-8");
        if (mail.html() == null) {
            setText(message, mail.text(), "plain");
        }
        else {
            MimeBodyPart text = new MimeBodyPart();
            setText(text, mail.text(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            setText(html, mail.html(), "html");
            message.setContent(new MimeMultipart("alternative", text, html));
        }
        message.setSentDate(new Date());
        if (mail.envelopeFrom() != null) {
            message.setEnvelopeFrom(mail.envelopeFrom());
        }
        if (mail.replyTo() != null) {
            message.setReplyTo(new InternetAddress[] { new InternetAddress(mail.replyTo(), true) });
        }
        if (mail.inReplyTo() != null) {
            message.setHeader("In-Reply-To", "<" + mail.inReplyTo() + ">");
        }
        if (mail.references() != null && !mail.references().isEmpty()) {
            message.setHeader("References", mail.references().stream().map(r -> "<" + r + ">")
                    .collect(Collectors.joining(" ")));
        }
        if (mail.automatic()) {
            message.setHeader("Auto-Submitted", HeaderValues.clean(mail.autoSubmitted()));
        }
        message.setHeader("X-Auto-Response-Suppress", "All");
        message.setHeader(TicketflowIdentity.LOOP_HEADER, identity.instanceName());
        message.saveChanges();
        return message;
    }

    /**
     * Sets a UTF-8 text part with its Content-Transfer-Encoding decided from the String ({@link TransferEncoding}, the
     * same choice Jakarta Mail makes), so that saving the message does not write the part once more just to count its
     * bytes.
     */
    private static void setText(MimePart part, String text, String subtype) throws MessagingException {
        part.setText(text, "UTF-8", subtype);
        String encoding = TransferEncoding.ofUtf8(text);
        if (encoding != null) {
            part.setHeader("Content-Transfer-Encoding", encoding);
        }
    }

    /** Keeps the Message-ID we minted (and registered for threading) instead of the one saveChanges() would invent. */
    private static final class FixedIdMessage extends SMTPMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + messageId + ">");
        }
    }
}
