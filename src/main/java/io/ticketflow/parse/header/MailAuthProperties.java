package io.ticketflow.parse.header;

import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which Authentication-Results headers are the organisation's own.
 *
 * @param authservId  the authserv-id the organisation's receiving mail server writes in its Authentication-Results
 *                    headers (e.g. {@code mx.example.com}); empty (the default) reads no results at all, and nothing
 *                    is held or refused because of them
 * @param trustedHops how many Received headers, from the top, our own servers add (the border MTA, plus e.g. the
 *                    mailbox server's delivery); only results above the last of them are ours, everything below was
 *                    written before our border and may be the sender's. 0 turns this position check off
 */
@ConfigurationProperties("ticketflow.security.mail")
public record MailAuthProperties(@DefaultValue("") String authservId, @DefaultValue("1") int trustedHops) {

    public MailAuthProperties {
        authservId = authservId == null ? "" : authservId.strip().toLowerCase(Locale.ROOT);
        trustedHops = Math.max(0, trustedHops);
    }

    /** Results are not read: today's behaviour. */
    public static MailAuthProperties unconfigured() {
        return new MailAuthProperties("", 1);
    }

    public boolean configured() {
        return !authservId.isEmpty();
    }
}
