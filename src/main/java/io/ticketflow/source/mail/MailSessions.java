package io.ticketflow.source.mail;

import io.ticketflow.intake.IntakeProperties;
import jakarta.mail.Session;
import java.util.Properties;

/**
 * The Jakarta Mail session of one mailbox. Angus Mail's socket timeouts are infinite unless set (security.md E9), so
 * every connect, read and write gets the mailbox's {@code timeout-ms}: a hung server costs one poll, never a thread.
 */
final class MailSessions {

    /** Large enough that a normal mail is fetched in a few round trips, small enough to stream oversized ones. */
    static final int FETCH_SIZE = 256 * 1024;

    private MailSessions() {
    }

    static Session of(IntakeProperties.Mailbox mailbox) {
        return Session.getInstance(properties(mailbox, mailbox.timeoutMs()));
    }

    /** For the IDLE connection: its reads wait up to the keep-alive interval plus the normal timeout. */
    static Session idle(IntakeProperties.Mailbox mailbox, long keepAliveMs) {
        return Session.getInstance(properties(mailbox, (int) Math.min(Integer.MAX_VALUE, keepAliveMs + mailbox.timeoutMs())));
    }

    static Properties properties(IntakeProperties.Mailbox mailbox, int readTimeoutMs) {
        String p = mailbox.protocol();
        Properties props = new Properties();
        props.setProperty("mail." + p + ".connectiontimeout", Integer.toString(mailbox.timeoutMs()));
        props.setProperty("mail." + p + ".timeout", Integer.toString(readTimeoutMs));
        props.setProperty("mail." + p + ".writetimeout", Integer.toString(mailbox.timeoutMs()));
        if (mailbox.isImap()) {
            // BODY.PEEK: fetching never sets \Seen (progress is the UID checkpoint, not the flag)
            props.setProperty("mail." + p + ".peek", "true");
            props.setProperty("mail." + p + ".fetchsize", Integer.toString(FETCH_SIZE));
        }
        if (p.endsWith("s")) {
            props.setProperty("mail." + p + ".ssl.checkserveridentity", "true");
        }
        else if (mailbox.starttls()) {
            props.setProperty("mail." + p + ".starttls.enable", "true");
            props.setProperty("mail." + p + ".starttls.required", "true");
        }
        return props;
    }
}
