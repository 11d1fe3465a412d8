package io.ticketflow.respond;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.TicketMessage;
import io.ticketflow.store.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Outgoing mail, recorded before it is sent and sent once:
 * <ol>
 * <li>{@link #record} writes the entry create-only with id = ticket + key (purpose [+ round]); a second attempt for
 * the same key finds it and records nothing, so a retried pipeline or a second instance never queues it twice;</li>
 * <li>{@link #send} claims the entry (state {@code sending} until a deadline, by a compare-and-set on its sequence
 * number, so two instances cannot both send it), sends it, and marks it sent;</li>
 * <li>when SMTP fails the entry goes back to {@code pending} with an exponential backoff, and
 * {@link #dispatchDue()} (a timer route) sends it when due. An entry recorded just before a crash is pending and due
 * at once, so the first sweep after the restart sends it.</li>
 * </ol>
 * The one window left is a crash between the SMTP server's acceptance and the "sent" write: the claim then expires
 * and the mail is sent again, with the same Message-ID (mail clients show one). We prefer that to losing it.
 */
@Component
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY = Duration.ofMinutes(30);
    /** How long a sender owns an entry: far longer than one SMTP conversation (timeouts are 10 s). */
    static final Duration CLAIM = Duration.ofMinutes(2);

    private final OutboxStore store;
    private final SmtpSender smtp;
    private final MessageIdIndex messageIds;
    private final EventLog events;
    private final Clock clock;

    public Outbox(OutboxStore store, SmtpSender smtp, MessageIdIndex messageIds, EventLog events, Clock clock) {
        this.store = store;
        this.smtp = smtp;
        this.messageIds = messageIds;
        this.events = events;
        this.clock = clock;
    }

    /** Records the mail for the ticket and key (unless already recorded) and tries to send it now. */
    public boolean enqueue(String ticket, String key, OutgoingMail mail) {
        boolean recorded = record(ticket, key, mail);
        if (recorded) {
            send(id(ticket, key));
        }
        return recorded;
    }

    /** Writes the entry without sending it; false if the ticket already has an entry for this key. */
    public boolean record(String ticket, String key, OutgoingMail mail) {
        Instant now = clock.instant();
        OutboxEntry entry = new OutboxEntry(id(ticket, key), ticket, key, OutboxEntry.PENDING, mail.to(), mail.subject(),
                mail.text(), mail.messageId(), mail.inReplyTo(), mail.references(), 0, now, now, null, null, mail.html(),
                mail.autoSubmitted(), mail.envelopeFrom());
        // the id is registered first, so a customer's reply to this mail threads even if we crash right after sending
        messageIds.register(mail.messageId(), ticket, TicketMessage.OUTBOUND);
        return store.create(entry);
    }

    public boolean exists(String ticket, String key) {
        return store.find(id(ticket, key)) != null;
    }

    public static String id(String ticket, String key) {
        return ticket + "-" + key;
    }

    /** Sends every entry whose (re)try time has come, including entries whose sender crashed mid-send. */
    public int dispatchDue() {
        int sent = 0;
        for (String id : store.dueIds(clock.instant(), 100)) {
            sent += send(id) ? 1 : 0;
        }
        return sent;
    }

    /** Sends the entry if it is still unsent and nobody else holds it. */
    public boolean send(String id) {
        Versioned<OutboxEntry> current = store.find(id);
        Instant now = clock.instant();
        if (current == null || !isDue(current.value(), now)) {
            return false;
        }
        OutboxEntry entry = current.value();
        OutboxEntry claimed = entry.claimedUntil(now.plus(CLAIM));
        Versioned<OutboxEntry> mine = store.update(current, claimed);
        if (mine == null) {
            return false;
        }
        long started = System.nanoTime();
        try {
            smtp.send(new OutgoingMail(entry.to(), entry.subject(), entry.body(), entry.html(), entry.messageId(),
                    entry.inReplyTo(), entry.references(), entry.autoSubmitted(), entry.envelopeFrom()));
        }
        catch (Exception e) {
            Duration backoff = backoff(entry.attempts() + 1);
            log.warn("Sending {} failed (attempt {}), retrying in {}: {}", id, entry.attempts() + 1, backoff, e.getMessage());
            store.update(mine, claimed.failed(String.valueOf(e.getMessage()), clock.instant().plus(backoff)));
            return false;
        }
        if (store.update(mine, claimed.sent(clock.instant())) == null) {
            log.warn("Outbox entry {} changed while it was being sent", id);
        }
        events.record("replied", entry.ticket(), null, (System.nanoTime() - started) / 1_000_000,
                entry.purpose() + " to " + entry.to());
        return true;
    }

    private static boolean isDue(OutboxEntry entry, Instant now) {
        boolean timeHasCome = entry.nextAttemptAt() == null || !entry.nextAttemptAt().isAfter(now);
        if (OutboxEntry.PENDING.equals(entry.state())) {
            return entry.attempts() == 0 || timeHasCome;
        }
        // sending: only when the claim of a sender that never finished (crash) has expired
        return OutboxEntry.SENDING.equals(entry.state()) && timeHasCome;
    }

    static Duration backoff(int attempts) {
        long seconds = FIRST_RETRY.toSeconds() << Math.min(attempts - 1, 20);
        return seconds > MAX_RETRY.toSeconds() ? MAX_RETRY : Duration.ofSeconds(seconds);
    }
}
