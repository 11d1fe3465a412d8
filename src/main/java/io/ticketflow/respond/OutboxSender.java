package io.ticketflow.respond;

import io.ticketflow.respond.channel.ChannelSenders;
import io.ticketflow.respond.channel.Delivery;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sends recorded outbox entries, each once: it claims the entry (state {@code sending} until a deadline, by a
 * compare-and-set on its sequence number, so two senders or instances cannot both send it), sends it, and marks it
 * sent. An entry the dispatcher hands over was written claimed by this instance and needs no claim write
 * ({@link #sendHeld}). Entries go in small batches: one bulk request claims them (if needed), one SMTP connection
 * carries them, and each is marked sent as soon as the server took it, before the next is sent. When SMTP fails the
 * entry goes back to {@code pending} with an exponential backoff, and {@link #dispatchDue()} (the retry timer) sends it
 * when due; the same sweep sends entries whose hand-off was lost (queue full, crash) and
 * entries whose sender crashed mid-send (claim expired).
 * <p>
 * The one window left is a crash between the SMTP server's acceptance and the "sent" write, which covers one mail per
 * sender: the claim then expires and that mail is sent again, with the same Message-ID (mail clients show one). We
 * prefer that to losing it.
 */
@Component
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY = Duration.ofMinutes(30);
    /** How long a sender owns an entry by default: far longer than one SMTP conversation (timeouts are 10 s). */
    static final Duration CLAIM = Duration.ofMinutes(2);
    /** Entries claimed and sent together: small enough that a slow server finishes them well within the claim. */
    static final int BATCH = 20;

    private final OutboxStore store;
    private final SmtpSender smtp;
    private final EventLog events;
    private final Clock clock;
    private final ChannelSenders channels;
    private final Duration claim;
    /** Where the marks of mail handed over are written, together with other senders' held marks. */
    private final SentMarks marks;
    /** Signs the Reply-To of notices to agents (null: the mail-only test constructor, no agent notices). */
    private final AgentAddress agentAddress;

    /** Mail only (tests of the SMTP path). */
    public OutboxSender(OutboxStore store, SmtpSender smtp, EventLog events, Clock clock) {
        this(store, smtp, events, clock, new ChannelSenders(List.of()), OutboxProperties.defaults(), null);
    }

    @Autowired
    public OutboxSender(OutboxStore store, SmtpSender smtp, EventLog events, Clock clock, ChannelSenders channels,
            OutboxProperties properties, AgentAddress agentAddress) {
        this.agentAddress = agentAddress;
        this.store = store;
        this.smtp = smtp;
        this.events = events;
        this.clock = clock;
        this.channels = channels;
        this.claim = properties.claim();
        this.marks = new SentMarks(store, properties.senders(), properties.markWait());
    }

    /** A sender thread got work: a mark it holds is written now instead of after the wait. */
    void nudge() {
        marks.nudge();
    }

    /** Sends every entry whose (re)try time has come, including entries whose sender crashed mid-send. */
    public int dispatchDue() {
        List<Versioned<OutboxEntry>> due = store.due(clock.instant(), 100);
        int sent = 0;
        for (int from = 0; from < due.size(); from += BATCH) {
            sent += send(due.subList(from, Math.min(from + BATCH, due.size())));
        }
        return sent;
    }

    /** Sends the entry as of the given version if it is due and unchanged since. */
    public boolean send(Versioned<OutboxEntry> current) {
        return send(List.of(current)) == 1;
    }

    /**
     * Sends the entries as of the given versions (read, or as created: no read needed) that are due and unchanged
     * since: claimed in one bulk request, sent over one SMTP connection, marked sent (or failed, with the backoff) in
     * a second bulk request. Entries another sender changed meanwhile are left to it.
     *
     * @return how many were sent
     */
    public int send(List<Versioned<OutboxEntry>> batch) {
        Instant now = clock.instant();
        List<Versioned<OutboxEntry>> due = batch.stream().filter(v -> isDue(v.value(), now)).toList();
        return due.isEmpty() ? 0 : deliver(claim(due, now), null);
    }

    /**
     * Sends entries this instance wrote already claimed ({@link Outbox#enqueue}), as created: one whose claim still
     * lasts a whole claim time (it waited in the queue less than the hand-off grace) is sent without a claim write, so
     * every send starts with a whole claim ahead as before; one that waited longer is claimed anew like any other, by
     * a compare-and-set on the version as created, which fails if another instance took it over after its claim
     * expired.
     *
     * @return how many were sent
     */
    public int sendHeld(List<Versioned<OutboxEntry>> batch) {
        return sendHeld(batch, null);
    }

    /**
     * As {@link #sendHeld(List)}, for a sender thread with a queue of its own: the mark of the batch's last mail may be
     * held (up to the mark wait) while {@code moreWork} is false, so that it is written with other senders' marks
     * ({@link SentMarks}); null writes it at once.
     */
    int sendHeld(List<Versioned<OutboxEntry>> batch, BooleanSupplier moreWork) {
        Instant now = clock.instant();
        Instant lastsUntil = now.plus(claim);
        List<Versioned<OutboxEntry>> mine = new ArrayList<>(batch.size());
        List<Versioned<OutboxEntry>> toClaim = new ArrayList<>();
        for (Versioned<OutboxEntry> v : batch) {
            OutboxEntry entry = v.value();
            boolean held = OutboxEntry.SENDING.equals(entry.state()) && entry.attempts() == 0
                    && entry.nextAttemptAt() != null;
            if (held && !entry.nextAttemptAt().isBefore(lastsUntil)) {
                mine.add(v);
            }
            else if (held || isDue(entry, now)) {
                toClaim.add(v);
            }
        }
        mine.addAll(claim(toClaim, now));
        return mine.isEmpty() ? 0 : deliver(mine, moreWork);
    }

    /** Claims the entries in one bulk request; the ones another sender changed meanwhile are left out. */
    private List<Versioned<OutboxEntry>> claim(List<Versioned<OutboxEntry>> due, Instant now) {
        Instant until = now.plus(claim);
        List<Versioned<OutboxEntry>> claimed = store.updateAll(due,
                due.stream().map(v -> v.value().claimedUntil(until)).toList());
        return claimed.stream().filter(Objects::nonNull).toList();
    }

    /**
     * Sends the entries this sender holds over one SMTP connection. Each entry the server (or its chat channel) took is
     * marked at once, before the next one is sent, so a crash can repeat at most that one mail; the single writes of
     * all senders are written together where they can ({@link SentMarks}): the last mail's mark may wait for company
     * while {@code moreWork} is false. If such a mark fails (the store is gone) nothing more is sent: the rest keep
     * their claim and the retry timer sends them once it has expired. Failures, which repeat nothing, are marked
     * together at the end in one bulk request.
     */
    private int deliver(List<Versioned<OutboxEntry>> mine, BooleanSupplier moreWork) {
        List<Versioned<OutboxEntry>> failedHeld = new ArrayList<>();
        List<OutboxEntry> failures = new ArrayList<>();
        int sent = 0;
        SmtpSender.Connection connection = null;
        String unreachable = null;
        try {
            for (int i = 0; i < mine.size(); i++) {
                Versioned<OutboxEntry> held = mine.get(i);
                OutboxEntry entry = held.value();
                // the next mail waits for this one's mark; after the last one the mark may wait for company
                BooleanSupplier hold = i == mine.size() - 1 ? moreWork : null;
                marks.starting();
                try {
                    long started = System.nanoTime();
                    if (ChannelSenders.isChat(entry.to())) {
                        // a chat customer: the channel's API instead of SMTP, with the same claim, retries and record
                        Delivery delivery = channels.send(entry);
                        OutboxEntry outcome = chatOutcome(entry, delivery, started);
                        if (OutboxEntry.PENDING.equals(outcome.state())) {
                            failedHeld.add(held);
                            failures.add(outcome);
                        }
                        else {
                            marks.mark(held, outcome, hold);
                        }
                        sent += delivery.ok() ? 1 : 0;
                        continue;
                    }
                    String error = unreachable;
                    if (connection == null && unreachable == null) {
                        try {
                            connection = smtp.connect();
                        }
                        catch (Exception e) {
                            // the server is down: the rest of the batch waits for its retry instead of a connect each
                            unreachable = String.valueOf(e.getMessage());
                            error = unreachable;
                        }
                    }
                    if (connection != null) {
                        try {
                            connection.send(mail(entry));
                        }
                        catch (Exception e) {
                            error = String.valueOf(e.getMessage());
                            close(connection);
                            connection = null;
                        }
                    }
                    if (error == null) {
                        // the mark is the `replied` event too (its type, time and duration in the events' field
                        // names): the time the send took, known before the mark is written
                        long millis = (System.nanoTime() - started) / 1_000_000;
                        marks.mark(held, entry.sent(clock.instant()).replied(millis), hold);
                        sent++;
                        // webhooks hear of it as before; the events index gets no document of its own
                        events.announce(EventLog.Event.of(OutboxEntry.REPLIED, entry.ticket(), null, millis,
                                entry.purpose() + " to " + entry.to()));
                    }
                    else {
                        Duration backoff = backoff(entry.attempts() + 1);
                        log.warn("Sending {} failed (attempt {}), retrying in {}: {}", entry.id(), entry.attempts() + 1,
                                backoff, error);
                        failedHeld.add(held);
                        failures.add(entry.failed(error, clock.instant().plus(backoff)));
                    }
                }
                finally {
                    marks.finished();
                }
            }
        }
        finally {
            close(connection);
        }
        List<Versioned<OutboxEntry>> marked = store.updateAll(failedHeld, failures);
        for (int i = 0; i < marked.size(); i++) {
            if (marked.get(i) == null) {
                log.warn("Outbox entry {} changed while it was being sent", failedHeld.get(i).value().id());
            }
        }
        return sent;
    }

    private OutboxEntry chatOutcome(OutboxEntry entry, Delivery delivery, long started) {
        if (delivery.ok()) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            // the sent entry is the `replied` event (see the mail's mark above)
            events.announce(EventLog.Event.of(OutboxEntry.REPLIED, entry.ticket(), null, millis,
                    entry.purpose() + " to " + entry.to() + (delivery.externalId() == null ? ""
                            : " (" + delivery.externalId() + ")")));
            return entry.sent(clock.instant(), delivery.externalId()).replied(millis);
        }
        if (delivery.refused()) {
            log.warn("Sending {} refused by the channel, not retried: {}", entry.id(), delivery.error());
            events.record("reply-refused", entry.ticket(), null, 0, entry.purpose() + " to " + entry.to() + ": "
                    + delivery.error());
            return entry.refused(delivery.error());
        }
        Duration backoff = backoff(entry.attempts() + 1);
        if (delivery.retryAfter() != null && delivery.retryAfter().compareTo(backoff) > 0) {
            backoff = delivery.retryAfter();
        }
        log.warn("Sending {} failed (attempt {}), retrying in {}: {}", entry.id(), entry.attempts() + 1, backoff,
                delivery.error());
        return entry.failed(delivery.error(), clock.instant().plus(backoff));
    }

    private OutgoingMail mail(OutboxEntry entry) {
        // derived, not stored: the signed agent address depends on the ticket only
        String replyTo = agentAddress != null && MailPurpose.toAgents(entry.purpose()) ? agentAddress.of(entry.ticket())
                : null;
        return new OutgoingMail(entry.to(), entry.subject(), entry.body(), entry.html(), entry.messageId(),
                entry.inReplyTo(), entry.references(), entry.autoSubmitted(), entry.envelopeFrom(), replyTo);
    }

    private static void close(SmtpSender.Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        }
        catch (Exception e) {
            // the server hung up already: nothing to release
        }
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
