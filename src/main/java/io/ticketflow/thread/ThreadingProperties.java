package io.ticketflow.thread;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How replies find their ticket and who may write into one.
 *
 * <pre>
 * ticketflow:
 *   threading:
 *     subject-window: 14d          # same customer + same normalized subject threads only within this time
 *     stranger-policy: new-linked  # or hold: a sender who names a ticket they do not belong to
 *     same-domain-colleagues: true # a colleague of the customer (same domain, not a free-mail domain) may reply
 *     allowed-domains:             # customer domain → further domains allowed to reply on its tickets
 *       acme.example: [acme-subsidiary.example]
 *     reopen-within: 30d           # a reply to a ticket closed longer ago opens a new linked ticket
 *     reopen-within-by-queue:
 *       billing: 7d
 * </pre>
 *
 * @param freeMailDomains domains shared by strangers (gmail.com ...): never make two addresses colleagues
 */
@ConfigurationProperties("ticketflow.threading")
public record ThreadingProperties(
        Duration subjectWindow,
        StrangerPolicy strangerPolicy,
        Boolean sameDomainColleagues,
        Map<String, List<String>> allowedDomains,
        List<String> freeMailDomains,
        Duration reopenWithin,
        Map<String, Duration> reopenWithinByQueue) {

    static final List<String> DEFAULT_FREE_MAIL = List.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
            "live.com", "msn.com", "yahoo.com", "yahoo.de", "yahoo.fr", "ymail.com", "aol.com", "icloud.com", "me.com",
            "mac.com", "gmx.de", "gmx.net", "gmx.at", "web.de", "t-online.de", "freenet.de", "mail.ru", "yandex.ru",
            "proton.me", "protonmail.com", "mail.com", "zoho.com", "qq.com", "163.com", "orange.fr", "free.fr",
            "laposte.net", "libero.it", "wp.pl", "o2.pl", "seznam.cz");

    /** What happens to a message that names a ticket its sender does not belong to. */
    public enum StrangerPolicy {
        /** open a new ticket for the sender, linked to the named one (both sides list each other in links.related) */
        NEW_LINKED,
        /** quarantine it for an agent to review (replayable) */
        HOLD
    }

    public ThreadingProperties {
        subjectWindow = subjectWindow == null ? Duration.ofDays(14) : subjectWindow;
        strangerPolicy = strangerPolicy == null ? StrangerPolicy.NEW_LINKED : strangerPolicy;
        sameDomainColleagues = sameDomainColleagues == null || sameDomainColleagues;
        allowedDomains = allowedDomains == null ? Map.of() : allowedDomains.entrySet().stream().collect(Collectors.toMap(
                e -> lower(e.getKey()), e -> e.getValue().stream().map(ThreadingProperties::lower).toList()));
        freeMailDomains = freeMailDomains == null ? DEFAULT_FREE_MAIL
                : freeMailDomains.stream().map(ThreadingProperties::lower).toList();
        reopenWithin = reopenWithin == null ? Duration.ofDays(30) : reopenWithin;
        reopenWithinByQueue = reopenWithinByQueue == null ? Map.of() : Map.copyOf(reopenWithinByQueue);
    }

    /** Defaults, for plain-Java use and tests. */
    public static ThreadingProperties defaults() {
        return new ThreadingProperties(null, null, null, null, null, null, null);
    }

    /** How long after closing a reply still reopens a ticket of this queue (null queue: the default). */
    public Duration reopenWithin(String queue) {
        return queue == null ? reopenWithin : reopenWithinByQueue.getOrDefault(queue, reopenWithin);
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
