package io.ticketflow.thread;

import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.ticket.TicketStatus;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.ThreadingDecision;
import io.ticketflow.vocabulary.ThreadingDecision.Method;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the ticket a message belongs to. Evidence, strongest first: our signed token in In-Reply-To/References, the
 * subject tag, any known message id in In-Reply-To, then References (ours or the customer's, realtime GET), the
 * message's own id referenced by an earlier message (it arrived after its reply), the Outlook conversation (Thread-Index), our signed body marker, and last the same customer with the same normalized
 * subject on an open ticket within the window. Every lookup is by id (a realtime GET, or the in-process cache of ids
 * that never change), never a search, so a reply that arrives right after its parent finds it. The ticket a piece of
 * evidence names is always read from the store: its merges, status and participants decide.
 * <p>
 * Naming a ticket is not enough: the sender (From, never Reply-To) must pass the {@link SenderCheck}. A candidate
 * that fails it is rejected (recorded with the reason) and weaker evidence is tried; if nothing else fits, the message
 * opens a new ticket linked to the one it named, or is held for review. So a guessed number, a leaked tag or a
 * forged References never lets a stranger write into someone else's ticket. A sender who passes the check but whose
 * From fails DMARC by our own mail server's Authentication-Results is held for review with that reason: the From
 * address is what the check trusts, and it is forged.
 */
@Component
public class Threader {

    private static final int MAX_REFERENCED_REMEMBERED = 10;

    private final MessageIdIndex messageIds;
    private final TicketStore tickets;
    private final SubjectTag subjectTag;
    private final ThreadTokens tokens;
    private final SenderCheck senderCheck;
    private final ThreadingProperties properties;
    private final TicketflowIdentity identity;
    private final Clock clock;
    private final KeyClaims claims;

    @Autowired
    public Threader(MessageIdIndex messageIds, TicketStore tickets, SubjectTag subjectTag, ThreadTokens tokens,
            SenderCheck senderCheck, ThreadingProperties properties, TicketflowIdentity identity) {
        this(messageIds, tickets, subjectTag, tokens, senderCheck, properties, identity, Clock.systemUTC());
    }

    Threader(MessageIdIndex messageIds, TicketStore tickets, SubjectTag subjectTag, ThreadTokens tokens,
            SenderCheck senderCheck, ThreadingProperties properties, TicketflowIdentity identity, Clock clock) {
        this.messageIds = messageIds;
        this.tickets = tickets;
        this.subjectTag = subjectTag;
        this.tokens = tokens;
        this.senderCheck = senderCheck;
        this.properties = properties;
        this.identity = identity;
        this.clock = clock;
        this.claims = new KeyClaims(messageIds, tickets, identity);
    }

    /** A ticket some evidence names; weak evidence never makes its sender a stranger to be linked or held. */
    private record Candidate(String ticket, Method method, String evidence, boolean weak) {

        Candidate(String ticket, Method method, String evidence) {
            this(ticket, method, evidence, false);
        }
    }

    public ThreadingDecision thread(ParsedMessage message) {
        return decide(new Attempt(message, false));
    }

    /**
     * Threads the first attempt of a mail and writes its own Message-ID and its (sender, subject) pointer at once, by
     * create instead of reading them first ({@link KeyClaims}): for a new mail both keys almost never exist yet, so a
     * create that succeeds answers the lookup and is the write the mail needed anyway. Only a key that exists is read,
     * and then the mail is threaded again by reading, exactly as {@link #thread} does.
     */
    public Claimed threadClaiming(ParsedMessage message) {
        Attempt attempt = new Attempt(message, true);
        ThreadingDecision provisional = decide(attempt);
        return claims.settle(message, provisional, attempt.ownIdDeferred, attempt.subjectDeferred, () -> thread(message));
    }

    /**
     * The number an earlier attempt of this message claimed for its new ticket with its own Message-ID
     * ({@link #threadClaiming}) but never opened (it failed before the ticket was written); null if none. A retry
     * opens the ticket under that number, so the Message-ID leads to it.
     */
    public String claimedBefore(ParsedMessage message) {
        return claims.claimedBefore(message);
    }

    /** A decision whose keys are written; {@code newTicketNumber} is the number its new ticket must get (or null). */
    public record Claimed(ThreadingDecision decision, String newTicketNumber) {
    }

    private ThreadingDecision decide(Attempt attempt) {
        ParsedMessage message = attempt.message;
        List<Supplier<List<Candidate>>> evidence = List.of(
                () -> signedTokens(message, attempt.rejected),
                () -> subjectTag.find(message.subject())
                        .map(n -> List.of(new Candidate(n, Method.SUBJECT_TAG, subjectTag.of(n)))).orElse(List.of()),
                () -> knownIds(message.inReplyTo(), Method.IN_REPLY_TO),
                () -> knownIds(referencesOnly(message), Method.REFERENCES),
                () -> referencedBefore(message, attempt),
                () -> conversation(message),
                () -> marker(message, attempt.rejected),
                () -> sameSubject(message, attempt));
        for (Supplier<List<Candidate>> kind : evidence) {
            for (Candidate candidate : kind.get()) {
                Optional<ThreadingDecision> decided = attempt.judge(candidate);
                if (decided.isPresent()) {
                    return decided.get();
                }
            }
        }
        Candidate spoofed = attempt.spoofed;
        if (spoofed != null) {
            return ThreadingDecision.held(spoofed.ticket(), spoofed.method(), spoofed.evidence(), attempt.rejected);
        }
        Candidate stranger = attempt.stranger;
        if (stranger == null) {
            return ThreadingDecision.newTicket(attempt.rejected);
        }
        return properties.strangerPolicy() == ThreadingProperties.StrangerPolicy.HOLD
                ? ThreadingDecision.held(stranger.ticket(), stranger.method(), stranger.evidence(), attempt.rejected)
                : ThreadingDecision.newLinked(stranger.ticket(), stranger.method(), stranger.evidence(), attempt.rejected);
    }

    /**
     * Makes the message findable by the next reply: its Message-ID, the ids it references that we have not seen
     * (siblings, a parent arriving late), its Outlook conversation and, for a new ticket, the customer's normalized
     * subject. Message-IDs on our own domain are never registered from inbound mail: only
     * mail we send may claim them (a stranger could otherwise squat the id of a mail we are about to send).
     */
    public void remember(ParsedMessage message, String ticket, boolean created) {
        if (!identity.isOwnMessageId(message.messageId())) {
            messageIds.register(message.messageId(), ticket, TicketMessage.INBOUND);
        }
        message.referencedIds().stream().filter(id -> !identity.isOwnMessageId(id)).limit(MAX_REFERENCED_REMEMBERED)
                .forEach(id -> messageIds.registerReferenced(id, ticket));
        ThreadIndex.conversation(message.header("thread-index"))
                .ifPresent(c -> messageIds.registerConversation(c, ticket));
        if (created) {
            messageIds.pointSubject(message.from().address(), SubjectNormalizer.normalize(message.subject()), ticket);
        }
    }

    /** Links a new ticket and the ticket it was opened from, both ways (idempotent). */
    public void link(String ticket, String related) {
        tickets.update(ticket, t -> t.withRelated(related));
        tickets.update(related, t -> t.withRelated(ticket));
    }

    private List<Candidate> signedTokens(ParsedMessage message, List<String> rejected) {
        List<Candidate> found = new ArrayList<>();
        for (String id : message.referencedIds()) {
            ThreadTokens.Verified v = tokens.verifyMessageId(id);
            if (v.check() == ThreadTokens.Check.VALID) {
                found.add(new Candidate(v.ticket(), Method.SIGNED_TOKEN, "<" + id + ">"));
            }
            else if (v.check() == ThreadTokens.Check.FORGED) {
                rejected.add(Method.SIGNED_TOKEN.label() + " <" + id + ">: signature does not verify (forged token)");
            }
        }
        return found;
    }

    private List<Candidate> knownIds(List<String> ids, Method method) {
        List<Candidate> found = new ArrayList<>();
        // our own signed ids are judged by their signature (signedTokens) and are not in the index
        List<String> lookedUp = ids.stream()
                .filter(id -> tokens.verifyMessageId(id).check() == ThreadTokens.Check.NOT_OURS).toList();
        // known ids from the in-process cache, the rest in one multi-get
        List<MessageIdIndex.Entry> entries = messageIds.findAll(lookedUp);
        for (int i = 0; i < lookedUp.size(); i++) {
            String id = lookedUp.get(i);
            MessageIdIndex.Entry entry = entries.get(i);
            if (entry != null) {
                boolean weak = MessageIdIndex.REFERENCED.equals(entry.direction());
                found.add(new Candidate(entry.ticket(), method, "<" + id + ">" + (weak ? " (referenced by a message of that ticket)" : ""),
                        weak));
            }
        }
        return found;
    }

    /** This message's own id was referenced by an earlier message: the reply came before its parent. */
    private List<Candidate> referencedBefore(ParsedMessage message, Attempt attempt) {
        if (message.messageIdSynthetic()) {
            return List.of();
        }
        if (attempt.claiming && KeyClaims.claimable(message, identity)) {
            // answered by the create of the message's own id once the ticket is known (KeyClaims)
            attempt.ownIdDeferred = true;
            return List.of();
        }
        MessageIdIndex.Entry entry = messageIds.find(message.messageId());
        return entry != null && MessageIdIndex.REFERENCED.equals(entry.direction())
                ? List.of(new Candidate(entry.ticket(), Method.REFERENCED_BY, "<" + message.messageId() + ">", true))
                : List.of();
    }

    private static List<String> referencesOnly(ParsedMessage message) {
        LinkedHashSet<String> ids = new LinkedHashSet<>(message.referencedIds());
        message.inReplyTo().forEach(ids::remove);
        return List.copyOf(ids);
    }

    private List<Candidate> conversation(ParsedMessage message) {
        String header = message.header("thread-index");
        return ThreadIndex.conversation(header)
                .map(messageIds::findConversation)
                .map(e -> List.of(new Candidate(e.ticket(), Method.THREAD_INDEX, "Thread-Index " + header.strip())))
                .orElse(List.of());
    }

    private List<Candidate> marker(ParsedMessage message, List<String> rejected) {
        Optional<ThreadTokens.Verified> v = tokens.findMarker(message.text());
        if (v.isEmpty()) {
            return List.of();
        }
        if (v.get().check() != ThreadTokens.Check.VALID) {
            rejected.add(Method.BODY_MARKER.label() + " for ticket " + v.get().ticket() + ": signature does not verify");
            return List.of();
        }
        return List.of(new Candidate(v.get().ticket(), Method.BODY_MARKER, tokens.marker(v.get().ticket())));
    }

    private List<Candidate> sameSubject(ParsedMessage message, Attempt attempt) {
        List<String> rejected = attempt.rejected;
        String normalized = SubjectNormalizer.normalize(message.subject());
        if (attempt.claiming && !normalized.isBlank() && message.from().address() != null) {
            // the last evidence: answered by the create of the pointer for the new ticket (KeyClaims)
            attempt.subjectDeferred = true;
            return List.of();
        }
        MessageIdIndex.Entry entry = messageIds.findSubject(message.from().address(), normalized);
        if (entry == null) {
            return List.of();
        }
        Versioned<Ticket> ticket = attempt.read(entry.ticket());
        String evidence = "\"" + normalized + "\" from " + message.from().address();
        if (ticket == null || !isOpen(ticket.value())) {
            rejected.add(Method.SUBJECT.label() + " " + evidence + ": ticket " + entry.ticket() + " is not open");
            return List.of();
        }
        Instant last = latest(ticket.value());
        if (last.plus(properties.subjectWindow()).isBefore(clock.instant())) {
            rejected.add(Method.SUBJECT.label() + " " + evidence + ": ticket " + entry.ticket() + " last active " + last
                    + ", outside the window of " + properties.subjectWindow());
            return List.of();
        }
        return List.of(new Candidate(entry.ticket(), Method.SUBJECT, evidence));
    }

    private static boolean isOpen(Ticket ticket) {
        return !List.of(TicketStatus.SOLVED, TicketStatus.CLOSED, TicketStatus.MERGED).contains(ticket.status());
    }

    private static Instant latest(Ticket ticket) {
        Instant last = ticket.lastMessageAt() != null ? ticket.lastMessageAt() : ticket.createdAt();
        return last != null ? last : Instant.EPOCH;
    }

    /** The state of one threading run: what was rejected, and the first ticket a non-participant named. */
    private final class Attempt {

        final ParsedMessage message;
        /** the own Message-ID and the subject pointer are not read but claimed afterwards ({@link KeyClaims}) */
        final boolean claiming;
        boolean ownIdDeferred;
        boolean subjectDeferred;
        final List<String> rejected = new ArrayList<>();
        final Set<String> judged = new HashSet<>();
        /** tickets read as stored during this run: reading one again would tell nothing new */
        final Map<String, Versioned<Ticket>> read = new HashMap<>();
        Candidate stranger;
        /** The first ticket a sender whose From fails DMARC would have been appended to. */
        Candidate spoofed;

        Attempt(ParsedMessage message, boolean claiming) {
            this.message = message;
            this.claiming = claiming;
        }

        Versioned<Ticket> read(String number) {
            if (!read.containsKey(number)) {
                read.put(number, tickets.find(number));
            }
            return read.get(number);
        }

        Optional<ThreadingDecision> judge(Candidate candidate) {
            String label = candidate.method().label() + " " + candidate.evidence();
            StringBuilder via = new StringBuilder();
            Versioned<Ticket> found = MergeChain.follow(this::read, candidate.ticket(), via);
            if (found == null) {
                rejected.add(label + ": ticket " + candidate.ticket() + " does not exist" + via);
                return Optional.empty();
            }
            Ticket ticket = found.value();
            if (!judged.add(ticket.number())) {
                return Optional.empty();
            }
            String refusal = senderCheck.refusal(ticket, message.from().address());
            if (refusal != null) {
                rejected.add(label + via + ": " + refusal);
                if (stranger == null && !candidate.weak()) {
                    stranger = new Candidate(ticket.number(), candidate.method(), candidate.evidence());
                }
                return Optional.empty();
            }
            if (message.senderAuthentication().dmarcFailed()) {
                // the From claims someone who belongs to the ticket, but our own server says the domain did not send
                // it: a tag or a header is not enough to write in the customer's name (held for an agent instead)
                rejected.add(label + via + ": From " + message.from().address() + " fails DMARC ("
                        + message.senderAuthentication().summary() + "), so it is not appended on this evidence alone");
                if (spoofed == null && !candidate.weak()) {
                    spoofed = new Candidate(ticket.number(), candidate.method(), candidate.evidence());
                }
                return Optional.empty();
            }
            String evidence = candidate.evidence() + via;
            if (ticket.status() == TicketStatus.CLOSED) {
                Duration reopenWithin = properties.reopenWithin(ticket.triage().queue());
                Instant closedAt = ticket.lifecycle().closedAt() != null ? ticket.lifecycle().closedAt() : ticket.updatedAt();
                if (closedAt != null && closedAt.plus(reopenWithin).isBefore(clock.instant())) {
                    rejected.add(label + ": ticket " + ticket.number() + " was closed at " + closedAt
                            + ", longer ago than " + reopenWithin + ": a new linked ticket is opened");
                    return Optional.of(ThreadingDecision.newLinked(ticket.number(), candidate.method(), evidence, rejected));
                }
            }
            boolean reopen = ticket.isSolvedOrClosed();
            return Optional.of(new ThreadingDecision(ticket.number(), candidate.method(), evidence,
                    candidate.method().score(), rejected, null, reopen, false));
        }
    }
}
