package io.ticketflow.respond;

import io.ticketflow.store.AutoMailWindow;
import io.ticketflow.store.AutoReplyLedger;
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
 * ticket each round), and everything while the global breaker is open. Agents' replies are never limited.
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
    private Instant breakerOpenUntil;
    private Instant breakerLastOpened;
    private long refusedByLimits;
    private long refusedByBreaker;

    public LoopGuard(AutoReplyLedger ledger, LoopProtectionProperties limits, TicketflowIdentity identity,
            SubjectTag subjectTag, Clock clock) {
        this.ledger = ledger;
        this.limits = limits;
        this.identity = identity;
        this.subjectTag = subjectTag;
        this.clock = clock;
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
        return reserve(address, subject, false, null);
    }

    /**
     * Like {@link #permit}, plus the limit on acknowledgements (new tickets) per address: a responder that changes
     * the subject every round defeats the same-subject check, but each of its answers is a new ticket. The key names
     * the acknowledgement (its outbox id): asking again for the same key (a retried pipeline) permits it again without
     * taking a second slot, and the outbox records it once.
     */
    public String permitAcknowledgement(String address, String subject, String key) {
        return reserve(address, subject, true, key);
    }

    /** One ledger read and (when permitted) one write per automatic mail, acknowledgements included. */
    private String reserve(String address, String subject, boolean acknowledgement, String key) {
        String refusal = addressRefusal(address);
        if (refusal != null) {
            return refusal;
        }
        Instant now = clock.instant();
        synchronized (this) {
            if (breakerOpenUntil != null && now.isBefore(breakerOpenUntil)) {
                refusedByBreaker++;
                return "automatic mail is stopped: the global breaker is open until " + breakerOpenUntil;
            }
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
            return reservation.refusal();
        }
        // permitted before under the same key: counted then
        return reservation.repeated() ? null : countGlobally(now);
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

    /** The global window is counted in the store, over all instances (see {@link AutoMailWindow}). */
    private String countGlobally(Instant now) {
        AutoMailWindow.Verdict verdict = ledger.window().reserve(now, limits.global().window(), limits.global().max(),
                limits.breakerCooldown());
        if (verdict.refusal() == null) {
            return null;
        }
        synchronized (this) {
            breakerOpenUntil = verdict.state().openUntil();
            breakerLastOpened = verdict.state().lastOpened();
            refusedByBreaker++;
        }
        if (verdict.opened()) {
            log.error("Automatic mail breaker OPEN until {}: {} (limit {} within {})", breakerOpenUntil, verdict.refusal(),
                    limits.global().max(), limits.global().window());
        }
        return verdict.refusal();
    }

    /** The subject as threading compares it (no tags, reply/forward prefixes, case or extra spaces), bounded. */
    String subjectKey(String subject) {
        String s = SubjectNormalizer.normalize(subject);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** State of the breaker for health: as the store has it (all instances); this instance's last view if it is down. */
    public Status status() {
        Instant now = clock.instant();
        long inWindow = -1;
        try {
            AutoMailWindow.State shared = ledger.window().state();
            inWindow = shared.inWindow(now, limits.global().window());
            synchronized (this) {
                breakerOpenUntil = shared.openUntil();
                breakerLastOpened = shared.lastOpened();
            }
        }
        catch (RuntimeException e) {
            log.debug("global automatic-mail window unreadable: {}", e.getMessage());
        }
        synchronized (this) {
            boolean open = breakerOpenUntil != null && now.isBefore(breakerOpenUntil);
            return new Status(open, breakerOpenUntil, breakerLastOpened, inWindow, limits.global().max(), refusedByLimits,
                    refusedByBreaker);
        }
    }

    /** Health view of automatic mail. */
    public record Status(boolean breakerOpen, Instant openUntil, Instant lastOpened, long sentInWindow, int windowLimit,
            long refusedByLimits, long refusedByBreaker) {
    }
}
