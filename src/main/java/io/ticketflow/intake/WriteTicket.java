package io.ticketflow.intake;

import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.store.CustomerIdentities;
import io.ticketflow.store.TicketStore;
import io.ticketflow.thread.Threader;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketTriage;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import io.ticketflow.vocabulary.ThreadingDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code write ticket}: a new ticket is created already listing its first message (one write; a retry finds it and adds
 * nothing); an existing ticket gets the message key with optimistic concurrency (nothing if the key is there, so a
 * retry never counts a message twice) and is reopened if the threading decided so. The message's Message-ID is then
 * remembered for the replies to come, and a new ticket is linked to the one it was related to. The ticket carries the
 * customer's linked identities as they are now (an in-memory lookup, docs/channels.md), and a new ticket the
 * knowledge-base articles its acknowledgement will suggest, and a refund request its order and amount
 * ({@link NoteRefund#folded}, in the same write).
 */
final class WriteTicket implements IntakeStep {

    private final TicketStore tickets;
    private final TicketLifecycle lifecycle;
    private final Threader threader;
    private final FaultPoints faults;
    private final CustomerIdentities identities;

    WriteTicket(TicketStore tickets, TicketLifecycle lifecycle, Threader threader, FaultPoints faults,
            CustomerIdentities identities) {
        this.tickets = tickets;
        this.lifecycle = lifecycle;
        this.threader = threader;
        this.faults = faults;
        this.identities = identities;
    }

    @Override
    public String name() {
        return "write ticket";
    }

    @Override
    public void apply(MessageInProgress m) {
        ThreadingDecision decision = m.threading;
        String rawId = m.raw.id();
        // the refund note goes in the same write (note refund then only records its event)
        UnaryOperator<Ticket> noteRefund = NoteRefund.folded(m);
        UnaryOperator<Ticket> addMessage = t -> noteRefund.apply((t.hasMessage(rawId) ? t
                : (decision.reopen() && t.isSolvedOrClosed() ? t.reopened() : t)
                        .withMessage(rawId, addresses(m.parsed), m.raw.receivedAt()))
                .withCustomerIdentities(identities.person(t.customer())));
        m.refundFolded = null;
        Ticket ticket = null;
        if (m.opensTicket) {
            Ticket opened = Ticket.open(m.ticketNumber, m.raw.channel(), m.parsed.from().address(),
                    m.parsed.from().name(), m.parsed.subject(), m.raw.receivedAt());
            if (m.acknowledgement != null && m.acknowledgement.selfService() != null) {
                // the articles its acknowledgement will suggest, in the same write (suggest articles)
                opened = opened.withSelfService(m.acknowledgement.selfService());
            }
            Ticket candidate = addMessage.apply(lifecycle.opened(TicketTriage.apply(opened, m.classification,
                    m.routing)));
            ticket = tickets.createIfAbsent(candidate);
            if (ticket != candidate) {
                // found written before (a retry): what this write would have noted was not written
                m.refundFolded = null;
            }
        }
        if (ticket == null || !ticket.hasMessage(rawId)) {
            ticket = tickets.update(m.ticketNumber, addMessage);
        }
        threader.remember(m.parsed, m.ticketNumber, m.opensTicket);
        faults.reached(FaultPoint.AFTER_TICKET_WRITE, rawId);
        if (m.opensTicket && decision.relatedTo() != null) {
            threader.link(m.ticketNumber, decision.relatedTo());
        }
        m.ticket = ticket;
        m.reason.append(m.opensTicket ? "new ticket" + (decision.relatedTo() == null ? "" : ", linked to ticket "
                + decision.relatedTo() + " (" + decision.method().label() + " " + decision.evidence() + " not accepted)")
                : "appended by " + decision.method().label() + " " + decision.evidence()
                        + (decision.reopen() ? ", ticket reopened" : ""));
        m.settled = m.opensTicket ? Outcome.CREATED : Outcome.APPENDED;
    }

    private static List<String> addresses(ParsedMessage parsed) {
        List<String> all = new ArrayList<>();
        all.add(parsed.from().address());
        Stream.of(parsed.to(), parsed.cc()).flatMap(List::stream).map(MailAddress::address).forEach(all::add);
        return all;
    }
}
