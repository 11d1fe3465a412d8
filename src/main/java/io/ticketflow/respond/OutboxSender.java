package io.ticketflow.respond;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends recorded outbox entries, each once: it claims the entry (state {@code sending} until a deadline, by a
 * compare-and-set on its sequence number, so two senders or instances cannot both send it), sends it, and marks it
 * sent. When SMTP fails the entry goes back to {@code pending} with an exponential backoff, and {@link #dispatchDue()}
 * (the retry timer) sends it when due; the same sweep sends entries whose hand-off was lost (queue full, crash) and
 * entries whose sender crashed mid-send (claim expired).
 * <p>
 * The one window left is a crash between the SMTP server's acceptance and the "sent" write: the claim then expires
 * and the mail is sent again, with the same Message-ID (mail clients show one). We prefer that to losing it.
 */
@Component
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY = Duration.ofMinutes(30);
    /** How long a sender owns an entry: far longer than one SMTP conversation (timeouts are 10 s). */
    static final Duration CLAIM = Duration.ofMinutes(2);

    private final OutboxStore store;
    private final SmtpSender smtp;
    private final EventLog events;
    private final Clock clock;

    public OutboxSender(OutboxStore store, SmtpSender smtp, EventLog events, Clock clock) {
        this.store = store;
        this.smtp = smtp;
        this.events = events;
        this.clock = clock;
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
        return current != null && send(current);
    }

    /**
     * Sends the entry as of the given version (read, or as created: no read needed) if it is due; false when it is
     * not, or another sender changed it since that version.
     */
    public boolean send(Versioned<OutboxEntry> current) {
        Instant now = clock.instant();
        if (!isDue(current.value(), now)) {
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
            log.warn("Sending {} failed (attempt {}), retrying in {}: {}", entry.id(), entry.attempts() + 1, backoff,
                    e.getMessage());
            store.update(mine, claimed.failed(String.valueOf(e.getMessage()), clock.instant().plus(backoff)));
            return false;
        }
        if (store.update(mine, claimed.sent(clock.instant())) == null) {
            log.warn("Outbox entry {} changed while it was being sent", entry.id());
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
