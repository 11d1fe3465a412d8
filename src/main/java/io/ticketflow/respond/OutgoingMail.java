package io.ticketflow.respond;

import java.util.List;

/**
 * A rendered mail ready for SMTP.
 *
 * @param html          HTML alternative of {@code text} (multipart/alternative), or null
 * @param autoSubmitted Auto-Submitted value (RFC 3834): {@code auto-replied} for answers to a message (acknowledgement),
 *                      {@code auto-generated} for mail we start (reminders, notices); null for a person's reply
 * @param envelopeFrom  SMTP envelope sender: the bounce address naming the ticket
 */
public record OutgoingMail(String to, String subject, String text, String html, String messageId, String inReplyTo,
        List<String> references, String autoSubmitted, String envelopeFrom) {

    public static final String AUTO_REPLIED = "auto-replied";
    public static final String AUTO_GENERATED = "auto-generated";

    public boolean automatic() {
        return autoSubmitted != null;
    }
}
