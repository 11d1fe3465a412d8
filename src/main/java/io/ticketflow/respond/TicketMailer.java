package io.ticketflow.respond;

import io.ticketflow.store.MessageStore;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.SenderAuthentication;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Templated mail about an existing ticket (reminders, notices, satisfaction requests, agents' replies): rendered in the
 * ticket's language, threaded after the ticket's last message, recorded in the outbox under a key that makes it
 * happen once, and for automatic mail to the customer checked by the {@link LoopGuard}.
 */
@Component
public class TicketMailer {

    private final TemplateRenderer templates;
    private final MailModels models;
    private final MailComposer composer;
    private final Outbox outbox;
    private final LoopGuard loopGuard;
    private final MessageStore messages;

    public TicketMailer(TemplateRenderer templates, MailModels models, MailComposer composer, Outbox outbox,
            LoopGuard loopGuard, MessageStore messages) {
        this.templates = templates;
        this.models = models;
        this.composer = composer;
        this.outbox = outbox;
        this.loopGuard = loopGuard;
        this.messages = messages;
    }

    /** How one mail ended: queued (or queued before: {@code alreadyQueued}), or refused with the reason. */
    public record Result(String outboxId, OutgoingMail mail, boolean alreadyQueued, String refusal) {
        public boolean queued() {
            return refusal == null;
        }
    }

    /** An automatic mail to the ticket's customer (Auto-Submitted: auto-generated), once per key. */
    public Result toCustomer(Ticket ticket, String template, String key, Map<String, Object> extra) {
        if (ticket.tags().contains(SenderAuthentication.DMARC_FAIL_TAG)) {
            // the address was probably forged when the ticket was opened: automatic mail would go to a third party
            return new Result(null, null, false, "the customer's address failed DMARC when the ticket was opened");
        }
        if (outbox.exists(ticket.number(), key)) {
            return new Result(Outbox.id(ticket.number(), key), null, true, null);
        }
        TemplateRenderer.Rendered rendered = render(ticket, template, extra);
        List<TicketMessage> thread = messages.findAll(ticket.messageKeys());
        LoopGuard.Permit permit = loopGuard.permit(ticket.customer(), rendered.subject(), source(ticket, thread),
                ticket.number());
        if (permit.breaker()) {
            // recorded as refused, so the ticket's outgoing mail shows what the breaker stopped
            OutgoingMail mail = compose(ticket, ticket.customer(), rendered, thread, OutgoingMail.AUTO_GENERATED);
            outbox.refuse(ticket.number(), key, mail, permit.refusal());
            return new Result(Outbox.id(ticket.number(), key), null, false, permit.refusal());
        }
        if (permit.refusal() != null) {
            return new Result(null, null, false, permit.refusal());
        }
        return queue(ticket, ticket.customer(), rendered, key, OutgoingMail.AUTO_GENERATED, thread);
    }

    /** The source the customer last wrote through (mailbox, channel account): the per-source breaker counts it. */
    private static String source(Ticket ticket, List<TicketMessage> thread) {
        for (int i = thread.size() - 1; i >= 0; i--) {
            TicketMessage m = thread.get(i);
            if (TicketMessage.INBOUND.equals(m.direction())) {
                return LoopGuard.source(m.channel(), m.mailbox());
            }
        }
        return ticket.channel();
    }

    /** A notice to our own team (escalations): automatic, but not subject to the customer loop limits. */
    public Result toTeam(Ticket ticket, String address, String template, String key, Map<String, Object> extra) {
        if (address == null || address.isBlank()) {
            return new Result(null, null, false, "no address to notify (set queues.<queue>.address or "
                    + "escalation-address in config/sla.yml)");
        }
        if (outbox.exists(ticket.number(), key)) {
            return new Result(Outbox.id(ticket.number(), key), null, true, null);
        }
        // the team gets the history with the notice (escalations): read once, for the summary and the threading
        List<TicketMessage> thread = messages.findAll(ticket.messageKeys());
        Map<String, Object> model = new java.util.HashMap<>(extra);
        model.putIfAbsent("historySummary", TicketHistory.summary(ticket, thread, models.zoneOf(ticket)));
        return queue(ticket, address, render(ticket, template, model), key, OutgoingMail.AUTO_GENERATED, thread);
    }

    /** An agent's reply: a person's mail, so no Auto-Submitted and no loop limits. */
    public Result agentReply(Ticket ticket, String key, Map<String, Object> extra) {
        if (outbox.exists(ticket.number(), key)) {
            return new Result(Outbox.id(ticket.number(), key), null, true, null);
        }
        return queue(ticket, ticket.customer(), render(ticket, MailPurpose.REPLY, extra), key, null);
    }

    private TemplateRenderer.Rendered render(Ticket ticket, String template, Map<String, Object> extra) {
        Map<String, Object> model = models.forTicket(ticket);
        model.putAll(extra);
        return templates.render(ChatTemplates.variant(templates, template, ticket.customer()), ticket.triage().language(),
                model);
    }

    private Result queue(Ticket ticket, String to, TemplateRenderer.Rendered rendered, String key, String autoSubmitted) {
        return queue(ticket, to, rendered, key, autoSubmitted, messages.findAll(ticket.messageKeys()));
    }

    private Result queue(Ticket ticket, String to, TemplateRenderer.Rendered rendered, String key, String autoSubmitted,
            List<TicketMessage> messagesOfTicket) {
        OutgoingMail mail = compose(ticket, to, rendered, messagesOfTicket, autoSubmitted);
        boolean recorded = outbox.enqueue(ticket.number(), key, mail);
        return new Result(Outbox.id(ticket.number(), key), recorded ? mail : null, !recorded, null);
    }

    /** Threaded after the ticket's last message. */
    private OutgoingMail compose(Ticket ticket, String to, TemplateRenderer.Rendered rendered,
            List<TicketMessage> messagesOfTicket, String autoSubmitted) {
        List<String> thread = messagesOfTicket.stream().map(TicketMessage::messageId).filter(Objects::nonNull).toList();
        String inReplyTo = thread.isEmpty() ? null : thread.get(thread.size() - 1);
        return composer.compose(ticket, to, rendered, inReplyTo, thread, autoSubmitted);
    }
}
