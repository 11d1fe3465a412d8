package io.ticketflow.pipeline;

import io.ticketflow.ingest.FaultPoints;
import io.ticketflow.ingest.RawMessage;
import io.ticketflow.parse.MailAddress;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.ParsedMessage;
import io.ticketflow.pipeline.ProcessingOutcome.Outcome;
import io.ticketflow.respond.Acknowledgements;
import io.ticketflow.screen.Screener;
import io.ticketflow.screen.ScreeningVerdict;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Ticket;
import io.ticketflow.store.TicketMessage;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.thread.ThreadingDecision;
import io.ticketflow.thread.Threader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * One message, start to end: raw store → parse → screen → thread → store → respond. Each step is a bean of its own
 * stage; this class only puts them in order and makes the whole idempotent, so a message processed again after a
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
    private final MessageIdIndex messageIds;
    private final Acknowledgements acknowledgements;
    private final EventLog events;
    private FaultPoints faults = (point, rawId) -> { };

    public MessagePipeline(RawMessageStore rawStore, MessageParser parser, Screener screener, Threader threader,
            TicketStore tickets, MessageStore messages, MessageIdIndex messageIds, Acknowledgements acknowledgements,
            EventLog events) {
        this.rawStore = rawStore;
        this.parser = parser;
        this.screener = screener;
        this.threader = threader;
        this.tickets = tickets;
        this.messages = messages;
        this.messageIds = messageIds;
        this.acknowledgements = acknowledgements;
        this.events = events;
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
            finish(record, "screened", Outcome.SCREENED, verdict.reason(), parsed.messageId());
            events.record("screened", null, raw.id(), millisSince(started), verdict.kind().label() + ": " + verdict.reason());
            return new ProcessingOutcome(Outcome.SCREENED, null, verdict.reason(), raw.id(), parsed.messageId(), null,
                    ProcessingOutcome.Screening.of(verdict), null, parsed.warnings());
        }
        ThreadingDecision decision = threader.thread(parsed);
        // a ticket number on the raw record means this message opened that ticket; after a crash the threader finds
        // the ticket through the message's own Message-ID, but it is still this message's new ticket (acknowledged once)
        boolean created = decision.isNewTicket() || record.value().ticket() != null;
        String number = record.value().ticket() != null ? record.value().ticket() : decision.ticketNumber();
        if (number == null) {
            number = tickets.allocateNumber();
            record = assignTicket(record, number);
        }
        if (created) {
            tickets.createIfAbsent(Ticket.open(number, raw.source(), parsed.from().address(), parsed.from().name(),
                    parsed.subject(), raw.receivedAt()));
        }
        messages.create(inbound(raw, parsed, number, verdict, decision));
        Ticket ticket = tickets.update(number, t -> t.withMessage(raw.id(), addresses(parsed), raw.receivedAt()));
        messageIds.register(parsed.messageId(), number, TicketMessage.INBOUND);
        faults.reached(FaultPoints.FaultPoint.AFTER_TICKET_WRITE, raw.id());
        String reason = created ? "new ticket" : "appended by " + decision.method().label() + " " + decision.evidence();
        if (created) {
            // imported history (a migration) must not mail its customers years later (peers.md A6)
            String refusal = "import".equals(raw.source()) ? "imported message" : acknowledgements.refusal(parsed, verdict);
            if (refusal == null) {
                acknowledgements.acknowledge(ticket, parsed);
            }
            else {
                reason += "; no acknowledgement: " + refusal;
            }
        }
        Outcome outcome = created ? Outcome.CREATED : Outcome.APPENDED;
        finish(record, "processed", outcome, reason, parsed.messageId());
        events.record("threaded", number, raw.id(), millisSince(started), decision.method().label());
        return new ProcessingOutcome(outcome, number, reason, raw.id(), parsed.messageId(), null,
                ProcessingOutcome.Screening.of(verdict), ProcessingOutcome.Threading.of(decision), parsed.warnings());
    }

    private Versioned<RawRecord> assignTicket(Versioned<RawRecord> record, String number) {
        if (!rawStore.update(record, record.value().withTicket(number))) {
            throw new IllegalStateException("raw message " + record.value().id() + " is being processed concurrently");
        }
        return rawStore.find(record.value().id());
    }

    private void finish(Versioned<RawRecord> record, String state, Outcome outcome, String reason, String messageId) {
        Versioned<RawRecord> latest = rawStore.find(record.value().id());
        rawStore.update(latest, latest.value().finished(state, outcome.label(), reason, messageId));
    }

    private static ProcessingOutcome repeated(RawRecord record) {
        return new ProcessingOutcome(Outcome.of(record.outcome()), record.ticket(), record.reason(), record.id(),
                record.messageId(), true, null, null, null);
    }

    private static TicketMessage inbound(RawMessage raw, ParsedMessage parsed, String number, ScreeningVerdict verdict,
            ThreadingDecision decision) {
        return new TicketMessage(raw.id(), number, TicketMessage.INBOUND, raw.source(), raw.mailbox(), parsed.messageId(),
                parsed.from().address(), parsed.from().name(), addressesOf(parsed.to()), addressesOf(parsed.cc()),
                parsed.subject(), parsed.text(), parsed.newContent(), raw.receivedAt(), parsed.sentAt(),
                parsed.attachments(), new TicketMessage.Screening(verdict.kind().label(), verdict.reason()),
                new TicketMessage.Threading(decision.method().label(), decision.evidence(), decision.rejected()),
                parsed.warnings());
    }

    private static List<String> addresses(ParsedMessage parsed) {
        List<String> all = new ArrayList<>();
        all.add(parsed.from().address());
        Stream.of(parsed.to(), parsed.cc()).flatMap(List::stream).map(MailAddress::address).forEach(all::add);
        return all;
    }

    private static List<String> addressesOf(List<MailAddress> list) {
        return list.stream().map(MailAddress::address).toList();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
