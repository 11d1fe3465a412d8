package io.ticketflow.respond;

import io.ticketflow.store.AutoMailTrips;
import io.ticketflow.store.AutoMailWindow;
import io.ticketflow.store.AutoReplyLedger;
import io.ticketflow.store.EventLog;
import io.ticketflow.thread.SubjectNormalizer;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last check before any automatic mail: may this address get one more? Refuses our own addresses, no-reply and
 * list/robot addresses (RFC 3834 §2, Zammad's block list), recipients over their per-window caps, a no-progress
 * exchange (the same subject answered again and again: an autoresponder that strips our tag and headers opens a new
 * ticket each round), and mail under a tripped breaker (its destination domain, its source, or all automatic mail:
 * {@link AutoMailBreaker}). Agents' replies are never limited.
 */
@Component
public class LoopGuard {

    private static final Logger log = LoggerFactory.getLogger(LoopGuard.class);
    private static final Pattern MACHINE_ADDRESS = Pattern.compile(
            "^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|abuse|root|listserv|majordomo"
                    + "|owner-[^@]*|[^@]*-request|[^@]*-bounces?)([+._-][^@]*)?@", Pattern.CASE_INSENSITIVE);

    private final AutoReplyLedger ledger;
    private final LoopProtectionProperties limits;
    private final TicketflowIdentity identity;
    private final SubjectTag subjectTag;
    private final Clock clock;
    private final AutoMailBreaker breaker;
    private long refusedByLimits;
    private long refusedByBreaker;

    /** Without events: a trip is logged and shown by health, but no {@code breaker.tripped} event is recorded. */
    public LoopGuard(AutoReplyLedger ledger, LoopProtectionProperties limits, TicketflowIdentity identity,
            SubjectTag subjectTag, Clock clock) {
        this(ledger, limits, identity, subjectTag, clock, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public LoopGuard(AutoReplyLedger ledger, LoopProtectionProperties limits, TicketflowIdentity identity,
            SubjectTag subjectTag, Clock clock, EventLog events) {
        this.ledger = ledger;
        this.limits = limits;
        this.identity = identity;
        this.subjectTag = subjectTag;
        this.clock = clock;
        this.breaker = ledger == null ? null
                : new AutoMailBreaker(ledger.window(), ledger.trips(), limits, events, clock);
    }

    /**
     * The answer for one automatic mail: permitted ({@code refusal} null) or refused; {@code breaker} when a tripped
     * breaker refused it (the caller records the mail as refused, so the ticket shows it).
     */
    public record Permit(String refusal, boolean breaker) {
        static final Permit GRANTED = new Permit(null, false);

        static Permit refused(String refusal) {
            return new Permit(refusal, false);
        }
    }

    /** The source name of a message's mailbox or channel account, as the per-source breaker counts it. */
    public static String source(String channel, String mailbox) {
        if (channel == null || channel.isBlank()) {
            return mailbox;
        }
        return mailbox == null || mailbox.isBlank() || mailbox.equals(channel) ? channel : channel + "/" + mailbox;
    }

    /** Why an automatic mail must never go to this address (null if it may): ours, no-reply, robots and lists. */
    public String addressRefusal(String address) {
        if (address == null || address.isBlank()) {
            return "no recipient address";
        }
        if (identity.isOwnAddress(address)) {
            return "recipient is one of our own addresses";
        }
        if (MACHINE_ADDRESS.matcher(address).find()) {
            return "recipient is a no-reply or robot address";
        }
        return null;
    }

    /**
     * Takes a slot for one automatic mail to the address about the subject, or says why not. Call it only when the
     * mail will really be queued.
     */
    public String permit(String address, String subject) {
        return reserve(address, subject, false, null, null, null).refusal();
    }

    /**
     * Like {@link #permit}, counted also for the source (mailbox, channel) of the message it answers (null: none);
     * the ticket (may be null) is named in the event of a trip.
     */
    public Permit permit(String address, String subject, String source, String ticket) {
        return reserve(address, subject, false, null, source, ticket);
    }

    /**
     * Like {@link #permit}, plus the limit on acknowledgements (new tickets) per address: a responder that changes
     * the subject every round defeats the same-subject check, but each of its answers is a new ticket. The key names
     * the acknowledgement (its outbox id): asking again for the same key (a retried pipeline) permits it again without
     * taking a second slot, and the outbox records it once.
     */
    public String permitAcknowledgement(String address, String subject, String key) {
        return reserve(address, subject, true, key, null, ticketOf(key)).refusal();
    }

    /** {@link #permitAcknowledgement} counted also for the source of the message acknowledged. */
    public Permit permitAcknowledgement(String address, String subject, String key, String source) {
        return reserve(address, subject, true, key, source, ticketOf(key));
    }

    /** The ticket of an outbox id ({@code <ticket>-<purpose>}; ticket numbers are digits). */
    private static String ticketOf(String key) {
        return key == null || key.indexOf('-') < 0 ? null : key.substring(0, key.indexOf('-'));
    }

    /**
     * One ledger read and (when permitted) one write per automatic mail, acknowledgements included; the breakers
     * lease their slots in chunks (see {@link AutoMailBreaker}).
     */
    private Permit reserve(String address, String subject, boolean acknowledgement, String key, String source,
            String ticket) {
        String refusal = addressRefusal(address);
        if (refusal != null) {
            return Permit.refused(refusal);
        }
        Instant now = clock.instant();
        String tripped = breaker == null ? null : breaker.knownTrip(address, source);
        if (tripped != null) {
            return refusedByBreaker(tripped);
        }
        String subjectKey = subjectKey(subject);
        Duration longest = limits.perRecipient().stream().map(LoopProtectionProperties.Limit::window)
                .reduce(limits.sameSubject().window(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        if (limits.acknowledgements().window().compareTo(longest) > 0) {
            longest = limits.acknowledgements().window();
        }
        AutoReplyLedger.Reservation reservation = ledger.reserve(address,
                new AutoReplyLedger.Send(now, subjectKey, acknowledgement, key), now.minus(longest), sends -> {
                    String tooMany = acknowledgement ? tooManyAcknowledgements(sends, now) : null;
                    return tooMany != null ? tooMany : overLimit(sends, subjectKey, now);
                });
        if (reservation.refusal() != null) {
            synchronized (this) {
                refusedByLimits++;
            }
            return Permit.refused(reservation.refusal());
        }
        // permitted before under the same key: counted then
        String stopped = reservation.repeated() ? null : breaker.take(address, source, ticket);
        return stopped == null ? Permit.GRANTED : refusedByBreaker(stopped);
    }

    private Permit refusedByBreaker(String refusal) {
        synchronized (this) {
            refusedByBreaker++;
        }
        return new Permit(refusal, true);
    }

    private String tooManyAcknowledgements(List<AutoReplyLedger.Send> sends, Instant now) {
        LoopProtectionProperties.Limit limit = limits.acknowledgements();
        long n = sends.stream().filter(s -> s.acknowledgement() && s.at().isAfter(now.minus(limit.window()))).count();
        return n >= limit.max() ? "recipient already got " + n + " acknowledgements within " + limit.window()
                + " (limit " + limit.max() + "), looks like an autoresponder opening ticket after ticket" : null;
    }

    private String overLimit(List<AutoReplyLedger.Send> sends, String key, Instant now) {
        for (LoopProtectionProperties.Limit limit : limits.perRecipient()) {
            long n = sends.stream().filter(s -> s.at().isAfter(now.minus(limit.window()))).count();
            if (n >= limit.max()) {
                return "recipient already got " + n + " automatic mails within " + limit.window() + " (limit "
                        + limit.max() + ")";
            }
        }
        LoopProtectionProperties.Limit same = limits.sameSubject();
        long n = sends.stream().filter(s -> s.at().isAfter(now.minus(same.window())) && key.equals(s.subject())).count();
        if (n >= same.max()) {
            return "no progress: recipient already got " + n + " automatic replies about \"" + key + "\" within "
                    + same.window() + " (limit " + same.max() + "), looks like an autoresponder";
        }
        return null;
    }

    /** The subject as threading compares it (no tags, reply/forward prefixes, case or extra spaces), bounded. */
    String subjectKey(String subject) {
        String s = SubjectNormalizer.normalize(subject);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /**
     * State of the breakers for health: the global window as the store has it and every breaker tripped now (all
     * instances); the global one unknown (sentInWindow -1) while the store is down.
     */
    public Status status() {
        Instant now = clock.instant();
        long inWindow = -1;
        Instant openUntil = null;
        Instant lastOpened = null;
        List<AutoMailTrips.Trip> trips = breaker == null ? List.of() : breaker.trips();
        try {
            AutoMailWindow.State shared = ledger.window().state();
            inWindow = shared.inWindow(now, limits.global().window());
            openUntil = shared.openUntil();
            lastOpened = shared.lastOpened();
        }
        catch (RuntimeException e) {
            log.debug("global automatic-mail window unreadable: {}", e.getMessage());
            AutoMailTrips.Trip global = trips.stream().filter(t -> "global".equals(t.kind())).findFirst().orElse(null);
            openUntil = global == null ? null : global.until();
        }
        synchronized (this) {
            boolean open = openUntil != null && now.isBefore(openUntil);
            return new Status(open, openUntil, lastOpened, inWindow, limits.global().max(), refusedByLimits,
                    refusedByBreaker, trips);
        }
    }

    /**
     * Health view of automatic mail: the global breaker and window, the refusals of this instance, and every breaker
     * (domain, source, global) tripped now over all instances.
     */
    public record Status(boolean breakerOpen, Instant openUntil, Instant lastOpened, long sentInWindow, int windowLimit,
            long refusedByLimits, long refusedByBreaker, List<AutoMailTrips.Trip> trips) {
        public Status {
            trips = trips == null ? List.of() : List.copyOf(trips);
        }
    }
}
