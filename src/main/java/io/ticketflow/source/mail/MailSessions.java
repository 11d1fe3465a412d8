package io.ticketflow.source.mail;

import io.ticketflow.intake.IntakeProperties;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;

/**
 * The Jakarta Mail session of one mailbox. Angus Mail's socket timeouts are infinite unless set, and a server that
 * stops answering would hold the poll thread forever, so every connect, read and write gets the mailbox's
 * {@code timeout-ms}: a hung server costs one poll, never a thread.
 */
final class MailSessions {

    /** Large enough that a normal mail is fetched in a few round trips, small enough to stream oversized ones. */
    static final int FETCH_SIZE = 256 * 1024;

    private static final boolean QUICK_ACK = QuickAckSockets.supported();

    private MailSessions() {
    }

    static Session of(IntakeProperties.Mailbox mailbox) {
        return Session.getInstance(properties(mailbox, mailbox.timeout()));
    }

    /** For the IDLE connection: its reads wait up to the keep-alive interval plus the normal timeout. */
    static Session idle(IntakeProperties.Mailbox mailbox, Duration keepAlive) {
        return Session.getInstance(properties(mailbox, keepAlive.plus(mailbox.timeout())));
    }

    static Properties properties(IntakeProperties.Mailbox mailbox, Duration readTimeout) {
        String p = mailbox.protocol();
        Properties props = new Properties();
        props.setProperty("mail." + p + ".connectiontimeout", millis(mailbox.timeout()));
        props.setProperty("mail." + p + ".timeout", millis(readTimeout));
        props.setProperty("mail." + p + ".writetimeout", millis(mailbox.timeout()));
        if (mailbox.isImap()) {
            // BODY.PEEK: fetching never sets \Seen (progress is the UID checkpoint, not the flag)
            props.setProperty("mail." + p + ".peek", "true");
            props.setProperty("mail." + p + ".fetchsize", Integer.toString(FETCH_SIZE));
        }
        if (MailboxCredentials.usesOAuth2(mailbox)) {
            // log in with AUTHENTICATE XOAUTH2 and the access token (Microsoft 365, Google), never with a password
            props.setProperty("mail." + p + ".auth.mechanisms", "XOAUTH2");
            props.setProperty("mail." + p + ".auth.xoauth2.disable", "false");
            props.setProperty("mail." + p + ".sasl.enable", "false");
        }
        if (p.endsWith("s")) {
            props.setProperty("mail." + p + ".ssl.checkserveridentity", "true");
        }
        else if (mailbox.starttls()) {
            props.setProperty("mail." + p + ".starttls.enable", "true");
            props.setProperty("mail." + p + ".starttls.required", "true");
        }
        if (p.equals("pop3") && QUICK_ACK) {
            // one RETR at a time: its answer must not wait on a delayed ACK (QuickAckSockets)
            props.put("mail.pop3.socketFactory", QuickAckSockets.FACTORY);
        }
        return props;
    }

    /** Jakarta Mail takes timeouts as int milliseconds; a longer one is capped rather than overflowing. */
    static String millis(Duration timeout) {
        return Long.toString(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
