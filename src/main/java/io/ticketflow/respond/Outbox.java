package io.ticketflow.respond;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.TicketMessage;
import io.ticketflow.store.Versioned;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Exactly-once-minded sending: an entry is recorded (create-only, id = ticket + purpose) before anything is sent, so
 * the same purpose is never queued twice; then it is sent and marked sent. When SMTP is down the entry stays pending
 * with a backoff and {@link #dispatchDue()} (run by a timer route) sends it later. The one window left is a crash
 * between the SMTP answer and the "sent" write, where the mail may be sent again after restart.
 */
@Component
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY = Duration.ofMinutes(30);

    private final OutboxStore store;
    private final SmtpSender smtp;
    private final MessageIdIndex messageIds;
    private final EventLog events;

    public Outbox(OutboxStore store, SmtpSender smtp, MessageIdIndex messageIds, EventLog events) {
        this.store = store;
        this.smtp = smtp;
        this.messageIds = messageIds;
        this.events = events;
    }

    /** Records the mail for the ticket and purpose (unless already recorded) and tries to send it now. */
    public void enqueue(String ticket, String purpose, OutgoingMail mail) {
        Instant now = Instant.now();
        OutboxEntry entry = new OutboxEntry(ticket + "-" + purpose, ticket, purpose, OutboxEntry.PENDING, mail.to(),
                mail.subject(), mail.body(), mail.messageId(), mail.inReplyTo(), mail.references(), 0, now, now, null, null);
        // the id is registered first, so a customer's reply to this mail threads even if we crash right after sending
        messageIds.register(mail.messageId(), ticket, TicketMessage.OUTBOUND);
        if (store.create(entry)) {
            send(entry.id());
        }
    }

    /** Sends every pending entry whose retry time has come. */
    public int dispatchDue() {
        int sent = 0;
        for (String id : store.dueIds(Instant.now(), 100)) {
            sent += send(id) ? 1 : 0;
        }
        return sent;
    }

    private boolean send(String id) {
        Versioned<OutboxEntry> current = store.find(id);
        // dueIds() is a search and may list an entry another sender has claimed since: the realtime read decides
        if (current == null || !OutboxEntry.PENDING.equals(current.value().state())
                || current.value().nextAttemptAt().isAfter(Instant.now())) {
            return false;
        }
        OutboxEntry entry = current.value();
        // claim it by pushing its retry time forward, so another instance's sweep skips it while we send
        OutboxEntry claimed = entry.claimedUntil(Instant.now().plus(Duration.ofMinutes(2)));
        Versioned<OutboxEntry> mine = store.update(current, claimed);
        if (mine == null) {
            return false;
        }
        long started = System.nanoTime();
        try {
            smtp.send(new OutgoingMail(entry.to(), entry.subject(), entry.body(), entry.messageId(), entry.inReplyTo(),
                    entry.references(), true));
        }
        catch (Exception e) {
            Duration backoff = backoff(entry.attempts() + 1);
            log.warn("Sending {} failed (attempt {}), retrying in {}: {}", id, entry.attempts() + 1, backoff, e.getMessage());
            store.update(mine, claimed.failed(e.getMessage(), Instant.now().plus(backoff)));
            return false;
        }
        store.update(mine, claimed.sent(Instant.now()));
        events.record("replied", entry.ticket(), null, (System.nanoTime() - started) / 1_000_000,
                entry.purpose() + " to " + entry.to());
        return true;
    }

    static Duration backoff(int attempts) {
        long seconds = FIRST_RETRY.toSeconds() << Math.min(attempts - 1, 20);
        return seconds > MAX_RETRY.toSeconds() ? MAX_RETRY : Duration.ofSeconds(seconds);
    }
}
