package io.ticketflow.pipeline;

import io.ticketflow.classify.Classification;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.followup.TicketLifecycle;
import io.ticketflow.ingest.FaultPoints;
import io.ticketflow.ingest.RawMessage;
import io.ticketflow.parse.MailAddress;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.ParsedMessage;
import io.ticketflow.pipeline.ProcessingOutcome.Outcome;
import io.ticketflow.respond.Acknowledgements;
import io.ticketflow.route.RoutingDecision;
import io.ticketflow.route.RoutingInput;
import io.ticketflow.route.RoutingRules;
import io.ticketflow.route.TicketTriage;
import io.ticketflow.screen.Screener;
import io.ticketflow.screen.ScreeningVerdict;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Ticket;
import io.ticketflow.store.TicketMessage;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.thread.HeldForReview;
import io.ticketflow.thread.ThreadingDecision;
import io.ticketflow.thread.Threader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * One message, start to end: raw store → parse → screen → classify → route → thread → store → respond. Each step is
 * a bean of its own stage; this class only puts them in order and makes the whole idempotent, so a message processed again after a
 * crash at any point ends exactly once on its ticket and is acknowledged at most once:
 * <ul>
 * <li>the raw record (id = SHA-256 of the bytes) is the unit of work and remembers the outcome;</li>
 * <li>a new ticket's number is written to the raw record before the ticket, so a retry reuses it;</li>
 * <li>the message document is create-only and the ticket remembers its message keys;</li>
 * <li>the acknowledgement goes through the outbox, keyed by ticket and purpose.</li>
 * </ul>
 * Parse failures propagate (the intake route quarantines them); store failures propagate as
 * {@link io.ticketflow.store.StoreUnavailableException} so the source keeps the message.
 */
@Component
public class MessagePipeline {

    private final RawMessageStore rawStore;
    private final MessageParser parser;
    private final Screener screener;
    private final Threader threader;
    private final TicketStore tickets;
    private final MessageStore messages;
    private final Acknowledgements acknowledgements;
    private final EventLog events;
    private final ScreenedMail screenedMail;
    private final TicketLifecycle lifecycle;
    private final MessageClassifier classifier;
    private final RoutingRules routingRules;
    private FaultPoints faults = (point, rawId) -> { };

    public MessagePipeline(RawMessageStore rawStore, MessageParser parser, Screener screener, Threader threader,
            TicketStore tickets, MessageStore messages, Acknowledgements acknowledgements, EventLog events,
            ScreenedMail screenedMail, TicketLifecycle lifecycle, MessageClassifier classifier, RoutingRules routingRules) {
        this.rawStore = rawStore;
        this.parser = parser;
        this.screener = screener;
        this.threader = threader;
        this.tickets = tickets;
        this.messages = messages;
        this.acknowledgements = acknowledgements;
        this.events = events;
        this.screenedMail = screenedMail;
        this.lifecycle = lifecycle;
        this.classifier = classifier;
        this.routingRules = routingRules;
    }

    /** Crash-safety tests stop here (see ingest/FaultPoints); production injects the no-op. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void setFaultPoints(FaultPoints faults) {
        this.faults = faults;
    }

    public ProcessingOutcome process(RawMessage raw) {
        return process(raw, rawStore.save(raw));
    }

    /** For a caller that stored the raw message already ({@link ReliableIntake}): saves a second round trip. */
    public ProcessingOutcome process(RawMessage raw, Versioned<RawRecord> record) {
        long started = System.nanoTime();
        if (record.value().isFinished()) {
            return repeated(record.value());
        }
        ParsedMessage parsed = parser.parse(raw);
        ScreeningVerdict verdict = screener.screen(parsed);
        if (!verdict.isHuman()) {
            return screened(raw, record, parsed, verdict, started);
        }
        Classification classification = classifier.classify(parsed);
        RoutingDecision routing = routingRules.route(RoutingInput.of(raw, parsed, classification));
        events.record("routed", null, raw.id(), millisSince(started), "rules " + routing.rulesMatched());
        if (routing.refused()) {
            String reason = (routing.spam() ? "spam" : "rejected") + " by rule "
                    + routing.rulesMatched().get(routing.rulesMatched().size() - 1) + ": " + routing.reason();
            return screened(raw, record, parsed, new ScreeningVerdict(routing.spam() ? ScreeningVerdict.Kind.SPAM
                    : ScreeningVerdict.Kind.REJECTED, reason), started);
        }
        ThreadingDecision decision = threader.thread(parsed);
        if (decision.hold()) {
            throw new HeldForReview(decision);
        }
        // a ticket number on the raw record means this message opened that ticket; after a crash the threader finds
        // the ticket through the message's own Message-ID, but it is still this message's new ticket (acknowledged once)
        boolean created = decision.isNewTicket() || record.value().ticket() != null;
        String number = record.value().ticket() != null ? record.value().ticket() : decision.ticketNumber();
        if (number == null) {
            number = tickets.allocateNumber();
            record = assignTicket(record, number);
        }
        messages.create(inbound(raw, parsed, number, verdict, decision, classification, routing));
        UnaryOperator<Ticket> addMessage = t -> t.hasMessage(raw.id()) ? t
                : (decision.reopen() && t.isSolvedOrClosed() ? t.reopened() : t)
                        .withMessage(raw.id(), addresses(parsed), raw.receivedAt());
        Ticket ticket = null;
        if (created) {
            // one write: the new ticket already lists its first message (a retry finds it and adds nothing)
            ticket = tickets.createIfAbsent(addMessage.apply(lifecycle.opened(TicketTriage.apply(Ticket.open(number,
                    raw.source(), parsed.from().address(), parsed.from().name(), parsed.subject(), raw.receivedAt()),
                    classification, routing))));
        }
        if (ticket == null || !ticket.hasMessage(raw.id())) {
            ticket = tickets.update(number, addMessage);
        }
        threader.remember(parsed, number, created);
        faults.reached(FaultPoints.FaultPoint.AFTER_TICKET_WRITE, raw.id());
        if (created && decision.relatedTo() != null) {
            threader.link(number, decision.relatedTo());
        }
        String reason = created ? "new ticket" + (decision.relatedTo() == null ? "" : ", linked to ticket "
                + decision.relatedTo() + " (" + decision.method().label() + " " + decision.evidence() + " not accepted)")
                : "appended by " + decision.method().label() + " " + decision.evidence()
                        + (decision.reopen() ? ", ticket reopened" : "");
        if (created) {
            // imported history (a migration) must not mail its customers years later (peers.md A6)
            String refusal = "import".equals(raw.source()) ? "imported message" : acknowledgements.refusal(parsed, verdict);
            if (refusal == null) {
                refusal = acknowledgements.acknowledge(ticket, parsed, routing.acknowledgementTemplate(),
                        TicketTriage.faqArticles(routing));
            }
            if (refusal != null) {
                reason += "; no acknowledgement: " + refusal;
            }
        }
        else if (verdict.isHuman()) {
            // a customer's answer to a pending or solved ticket puts it back in the agents' hands
            lifecycle.customerReplied(ticket);
        }
        Outcome outcome = created ? Outcome.CREATED : Outcome.APPENDED;
        finish(record, "processed", outcome, reason, parsed.messageId());
        events.record(EventLog.Event.of("threaded", number, raw.id(), millisSince(started), reason)
                .withDecision(decision.method().label(), decision.score(), decision.relatedTo()));
        return new ProcessingOutcome(outcome, number, reason, raw.id(), parsed.messageId(), null,
                ProcessingOutcome.Screening.of(verdict), ProcessingOutcome.Threading.of(decision), parsed.warnings());
    }

    /**
     * Machine mail is never answered. It stays visible as a message document with its verdict; out-of-office replies
     * and bounces are also listed on the ticket they belong to, without changing its state, and a bounce marks the
     * failed recipient address undeliverable (so acknowledgements refuse it).
     */
    private ProcessingOutcome screened(RawMessage raw, Versioned<RawRecord> record, ParsedMessage parsed,
            ScreeningVerdict verdict, long started) {
        ScreenedMail.Kept kept = screenedMail.keep(raw, parsed, verdict);
        finish(record, "screened", Outcome.SCREENED, kept.reason(), parsed.messageId());
        events.record("screened", kept.ticket(), raw.id(), millisSince(started), verdict.kind().label() + ": "
                + kept.reason());
        return new ProcessingOutcome(Outcome.SCREENED, kept.ticket(), kept.reason(), raw.id(), parsed.messageId(), null,
                ProcessingOutcome.Screening.of(verdict), null, parsed.warnings());
    }

    private Versioned<RawRecord> assignTicket(Versioned<RawRecord> record, String number) {
        Versioned<RawRecord> assigned = rawStore.replace(record, record.value().withTicket(number));
        if (assigned == null) {
            throw new IllegalStateException("raw message " + record.value().id() + " is being processed concurrently");
        }
        return assigned;
    }

    /** Records the outcome; the version in hand is usually current (no read), a concurrent change is re-read. */
    private void finish(Versioned<RawRecord> record, String state, Outcome outcome, String reason, String messageId) {
        if (rawStore.replace(record, record.value().finished(state, outcome.label(), reason, messageId)) == null) {
            Versioned<RawRecord> latest = rawStore.find(record.value().id());
            rawStore.update(latest, latest.value().finished(state, outcome.label(), reason, messageId));
        }
    }

    private ProcessingOutcome repeated(RawRecord record) {
        String ticket = record.ticket();
        if (ticket == null && Outcome.of(record.outcome()) != Outcome.QUARANTINED) {
            // the raw record names only a ticket the message opened; an appended message (or screened mail kept on a
            // ticket) is found through its message document, which also follows a later merge
            ticket = messages.findAll(List.of(record.id())).stream().map(TicketMessage::ticket).findFirst().orElse(null);
        }
        return new ProcessingOutcome(Outcome.of(record.outcome()), ticket, record.reason(), record.id(),
                record.messageId(), true, null, null, null);
    }

    private static TicketMessage inbound(RawMessage raw, ParsedMessage parsed, String number, ScreeningVerdict verdict,
            ThreadingDecision decision, Classification classification, RoutingDecision routing) {
        return new TicketMessage(raw.id(), number, TicketMessage.INBOUND, raw.source(), raw.mailbox(), parsed.messageId(),
                parsed.from().address(), parsed.from().name(), addressesOf(parsed.to()), addressesOf(parsed.cc()),
                parsed.subject(), parsed.text(), parsed.newContent(), raw.receivedAt(), parsed.sentAt(),
                parsed.attachments(), new TicketMessage.Screening(verdict.kind().label(), verdict.reason()),
                new TicketMessage.Threading(decision.method().label(), decision.evidence(), decision.score(),
                        decision.rejected(), decision.relatedTo(), decision.reopen() ? true : null),
                parsed.warnings(), parsed.quotedHistory(), parsed.signature(), parsed.deliveryReport(), classification,
                routing);
    }

    private static List<String> addresses(ParsedMessage parsed) {
        List<String> all = new ArrayList<>();
        all.add(parsed.from().address());
        Stream.of(parsed.to(), parsed.cc()).flatMap(List::stream).map(MailAddress::address).forEach(all::add);
        return all;
    }

    static List<String> addressesOf(List<MailAddress> list) {
        return list.stream().map(MailAddress::address).toList();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
