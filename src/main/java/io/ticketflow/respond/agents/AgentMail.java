package io.ticketflow.respond.agents;

import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.respond.AgentAddress;
import io.ticketflow.respond.AgentReplies;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * An agent's mail to a ticket's signed agent address: its leading command lines change the ticket through the life
 * cycle, and the rest goes to the customer as the agent's reply (the same path as {@code POST
 * /api/tickets/{n}/replies}: reply template, outbox, first response), or, with {@code #internal}, stays on the ticket
 * as a note the customer never sees. Only mail that {@link AgentDirectory} authenticates as a configured agent's, to
 * an address whose signature is right, is taken; everything else is a customer's mail like any other, so a customer
 * can never use the commands.
 */
@Component
public class AgentMail {

    /** Direction of an agent's internal note on a ticket (never mailed to the customer, never in a reply). */
    public static final String INTERNAL = "internal";

    private final AgentAddress addresses;
    private final AgentDirectory agents;
    private final AgentReplies replies;
    private final TicketLifecycle lifecycle;
    private final AgentNotifications notifications;
    private final TicketStore tickets;
    private final MessageStore messages;
    private final EventLog events;

    public AgentMail(AgentAddress addresses, AgentDirectory agents, AgentReplies replies, TicketLifecycle lifecycle,
            AgentNotifications notifications, TicketStore tickets, MessageStore messages, EventLog events) {
        this.addresses = addresses;
        this.agents = agents;
        this.replies = replies;
        this.lifecycle = lifecycle;
        this.notifications = notifications;
        this.tickets = tickets;
        this.messages = messages;
        this.events = events;
    }

    /** An agent's mail about a ticket, recognised: who, which ticket, and what vouched for the sender. */
    public record Recognised(String ticket, AgentDirectory.Authenticated sender) {
    }

    /** How the agent's mail ended: on which ticket, and what was done (for the outcome's reason and the audit). */
    public record Handled(String ticket, String summary) {
    }

    /**
     * The agent's mail this is, if it is one: sent to a correctly signed agent address of an existing ticket, by a
     * configured agent whose mail our infrastructure authenticated. Empty for everything else.
     */
    public Optional<Recognised> recognise(ParsedMessage mail) {
        Optional<String> ticket = addresses.ticketOf(recipients(mail));
        if (ticket.isEmpty()) {
            return Optional.empty();
        }
        return agents.authenticated(mail).filter(a -> tickets.find(ticket.get()) != null)
                .map(a -> new Recognised(ticket.get(), a));
    }

    /**
     * Whether the mail is sent to a correctly signed agent address at all: decided from the mail alone (no store read),
     * so the intake knows before any write whether {@link #recognise} has something to look up.
     */
    public boolean addressedToAgent(ParsedMessage mail) {
        return addresses.ticketOf(recipients(mail)).isPresent();
    }

    private static List<MailAddress> recipients(ParsedMessage mail) {
        return Stream.concat(mail.to().stream(), mail.cc().stream()).toList();
    }

    /**
     * Applies the commands and sends or keeps the text. Safe to run again for the same raw message (a retry): the
     * reply and the escalation are keyed by it, the note is create-only, and the commands set values, not steps.
     */
    public Handled handle(Recognised who, RawMessage raw, ParsedMessage mail, ScreeningVerdict verdict) {
        String number = who.ticket();
        AgentsConfig.Agent agent = who.sender().agent();
        AgentCommands commands = AgentCommands.read(mail.newContent());
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>(commands.problems());
        String assignee = commands.assignee();
        if (assignee != null) {
            Optional<AgentsConfig.Agent> target = agents.config().agentByName(assignee);
            assignee = target.map(AgentsConfig.Agent::name).orElse(null);
            if (target.isEmpty()) {
                failed.add("#assign: no agent '" + commands.assignee() + "' in agents.yml");
            }
        }
        String levelBefore = tickets.find(number).value().triage().level();
        boolean replying = !commands.internal() && !commands.text().isBlank();
        // a reply sets the status itself, after the first response (else a new ticket's reply would reopen it)
        String status = replying ? null : commands.status();
        if (status != null || commands.level() != null || assignee != null) {
            try {
                lifecycle.change(number, new TicketLifecycle.Changes(status, null, commands.level(), null, null,
                        assignee));
                done.add(describe(status, commands.level(), assignee));
            }
            catch (LifecycleException e) {
                failed.add(e.getMessage());
            }
        }
        if (commands.internal()) {
            done.add(note(number, raw, mail, verdict, agent, commands.text()));
        }
        else if (replying) {
            try {
                AgentReplies.Sent sent = replies.reply(number, commands.text(), commands.status(), agent.name(),
                        "mail-" + raw.id());
                done.add("reply sent to the customer (" + sent.outboxId() + ")"
                        + (commands.status() == null ? "" : ", status " + commands.status()));
            }
            catch (LifecycleException e) {
                failed.add("reply not sent: " + e.getMessage());
            }
        }
        else {
            done.add("no text to send");
        }
        String escalation = escalation(commands, levelBefore, number, agent, raw.id());
        if (escalation != null) {
            done.add(escalation);
        }
        if (!failed.isEmpty() && mail.from() != null) {
            done.add(notifications.notApplied(tickets.find(number).value(), mail.from().address(), failed,
                    String.join("; ", done), raw.id()));
        }
        String summary = "agent mail from " + agent.name() + " (" + who.sender().evidence() + "): "
                + String.join("; ", done) + (failed.isEmpty() ? "" : "; not applied: " + String.join("; ", failed));
        events.record("agent-mail", number, raw.id(), 0, summary);
        return new Handled(number, summary);
    }

    private String escalation(AgentCommands commands, String levelBefore, String number, AgentsConfig.Agent agent,
            String rawId) {
        String target = commands.escalate();
        if (target == null) {
            return null;
        }
        boolean higherLevel = target.matches("L[0-9]") && (levelBefore == null || target.compareTo(levelBefore) > 0);
        if (!higherLevel && !AgentsConfig.MANAGER.equals(target)) {
            return null;
        }
        Ticket now = tickets.find(number).value();
        return notifications.escalate(now, target, commands.reason(), agent.name(), rawId);
    }

    private String note(String number, RawMessage raw, ParsedMessage mail, ScreeningVerdict verdict,
            AgentsConfig.Agent agent, String text) {
        if (text.isBlank()) {
            return "no note text";
        }
        TicketMessage inbound = TicketMessage.inbound(raw, mail, number, verdict, null, null, null);
        TicketMessage note = new TicketMessage(inbound.id(), number, INTERNAL, inbound.channel(), inbound.mailbox(),
                inbound.messageId(), inbound.from(), agent.name(), inbound.to(), inbound.cc(), inbound.subject(), text,
                text, inbound.receivedAt(), inbound.sentAt(), inbound.attachments(), inbound.screening(), null,
                inbound.warnings(), null, null, null, null, null);
        messages.create(note);
        // listed on the ticket like screened mail: no status change, no customer activity, no participant
        Versioned<Ticket> current = tickets.find(number);
        if (current != null && !current.value().hasMessage(raw.id())) {
            tickets.update(number, t -> t.withScreenedMessage(raw.id()));
        }
        return "internal note kept (" + raw.id() + ")";
    }

    private static String describe(String status, String level, String assignee) {
        List<String> parts = new ArrayList<>();
        if (status != null) {
            parts.add("status " + status);
        }
        if (level != null) {
            parts.add("level " + level);
        }
        if (assignee != null) {
            parts.add("assigned to " + assignee);
        }
        return "set " + String.join(", ", parts);
    }
}
