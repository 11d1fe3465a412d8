package io.ticketflow.respond;

/** What an outgoing mail is for: its template name and the first part of its outbox key. */
public final class MailPurpose {

    public static final String ACKNOWLEDGEMENT = "acknowledgement";
    /** An agent's reply, wrapped in the reply template. */
    public static final String REPLY = "reply";
    public static final String REMINDER = "reminder";
    public static final String ESCALATION = "escalation";
    public static final String AUTO_CLOSE = "auto-close";
    public static final String SATISFACTION = "satisfaction";

    private MailPurpose() {
    }
}
