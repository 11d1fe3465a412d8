package io.ticketflow.respond;

import java.util.List;

/** A rendered mail ready for SMTP. {@code automatic} mail carries Auto-Submitted: auto-replied (RFC 3834). */
public record OutgoingMail(String to, String subject, String body, String messageId, String inReplyTo,
        List<String> references, boolean automatic) {
}
