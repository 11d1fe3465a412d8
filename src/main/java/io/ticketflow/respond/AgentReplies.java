package io.ticketflow.respond;

import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.LifecycleException.Kind;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.ticket.TicketStatus;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * An agent's reply to a ticket: wrapped in the {@code reply} template, sent through the outbox to the customer (email,
 * or, for a chat ticket, the customer's chat), stored on the ticket as an outbound message, first response time recorded, and
 * the ticket moved to the status the agent chose. Idempotent per request key: a client that retries after a timeout
 * does not send the reply twice.
 */
@Component
public class AgentReplies {

    static final int MAX_TEXT = 100_000;

    private final TicketStore tickets;
    private final TicketMailer mailer;
    private final MessageStore messages;
    private final TicketLifecycle lifecycle;
    private final EventLog events;
    private final TicketflowIdentity identity;
    private final Clock clock;

    public AgentReplies(TicketStore tickets, TicketMailer mailer, MessageStore messages, TicketLifecycle lifecycle,
            EventLog events, TicketflowIdentity identity, Clock clock) {
        this.tickets = tickets;
        this.mailer = mailer;
        this.messages = messages;
        this.lifecycle = lifecycle;
        this.events = events;
        this.identity = identity;
        this.clock = clock;
    }

    /** What happened to one reply. */
    public record Sent(Ticket ticket, String outboxId, String messageId, boolean repeated) {
    }

    /**
     * @param requestKey the client's idempotency key (null: every call is a new reply)
     */
    public Sent reply(String number, String text, String nextStatus, String agent, String requestKey) {
        if (text == null || text.isBlank()) {
            throw new LifecycleException(Kind.INVALID, "text is required");
        }
        if (text.length() > MAX_TEXT) {
            throw new LifecycleException(Kind.INVALID, "text is longer than " + MAX_TEXT + " characters");
        }
        if (requestKey != null && !requestKey.matches("[A-Za-z0-9._-]{1,80}")) {
            throw new LifecycleException(Kind.INVALID, "Idempotency-Key must be 1-80 letters, digits, '.', '_' or '-'");
        }
        if (nextStatus != null) {
            TicketLifecycle.requireStatus(nextStatus);
        }
        Versioned<Ticket> found = tickets.find(number);
        if (found == null) {
            throw new LifecycleException(Kind.NOT_FOUND, "no ticket " + number);
        }
        Ticket ticket = found.value();
        if (ticket.status() == TicketStatus.CLOSED) {
            throw new LifecycleException(Kind.CONFLICT, "ticket " + number + " is closed; closed tickets are final");
        }
        if (ticket.customer() == null || !ticket.customer().contains("@") && !ChatTemplates.isChatAddress(ticket.customer())) {
            throw new LifecycleException(Kind.CONFLICT, "ticket " + number + " (channel " + ticket.channel()
                    + ") has no email address to reply to");
        }
        String key = MailPurpose.REPLY + "-" + (requestKey != null ? requestKey : UUID.randomUUID().toString());
        String agentName = agent == null || agent.isBlank() ? identity.fromName() : HeaderValues.clean(agent);
        TicketMailer.Result result = mailer.agentReply(ticket, key, Map.of("agentText", text, "agentName", agentName));
        if (result.alreadyQueued()) {
            return new Sent(tickets.find(number).value(), result.outboxId(), null, true);
        }
        OutgoingMail mail = result.mail();
        Instant now = clock.instant();
        String channel = ChatTemplates.isChatAddress(mail.to()) ? ChatTemplates.channelOf(mail.to()) : "email";
        messages.create(TicketMessage.outbound(result.outboxId(), number, channel, mail.messageId(),
                new MailAddress(identity.fromAddress(), agentName), List.of(mail.to()), mail.subject(), text, now));
        tickets.update(number, t -> t.withMessage(result.outboxId(), List.of(), now));
        Ticket updated = lifecycle.responded(number, nextStatus);
        events.record("agent-replied", number, null, 0, "reply by " + agentName + " to " + mail.to());
        return new Sent(updated, result.outboxId(), mail.messageId(), false);
    }
}
