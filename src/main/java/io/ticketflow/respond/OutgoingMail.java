package io.ticketflow.respond;

import java.util.List;

/**
 * A rendered mail ready for SMTP.
 *
 * @param html          HTML alternative of {@code text} (multipart/alternative), or null
 * @param autoSubmitted Auto-Submitted value (RFC 3834): {@code auto-replied} for answers to a message (acknowledgement),
 *                      {@code auto-generated} for mail we start (reminders, notices); null for a person's reply
 * @param envelopeFrom  SMTP envelope sender: the bounce address naming the ticket
 * @param replyTo       Reply-To header, or null: agents' notices carry the signed address their answers come back to
 */
public record OutgoingMail(String to, String subject, String text, String html, String messageId, String inReplyTo,
        List<String> references, String autoSubmitted, String envelopeFrom, String replyTo) {

    /** A mail without Reply-To (every mail but agents' notices). */
    public OutgoingMail(String to, String subject, String text, String html, String messageId, String inReplyTo,
            List<String> references, String autoSubmitted, String envelopeFrom) {
        this(to, subject, text, html, messageId, inReplyTo, references, autoSubmitted, envelopeFrom, null);
    }

    public static final String AUTO_REPLIED = "auto-replied";
    public static final String AUTO_GENERATED = "auto-generated";

    public boolean automatic() {
        return autoSubmitted != null;
    }
}
