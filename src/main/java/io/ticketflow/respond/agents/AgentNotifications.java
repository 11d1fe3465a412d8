package io.ticketflow.respond.agents;

import io.ticketflow.respond.MailPurpose;
import io.ticketflow.respond.TicketMailer;
import io.ticketflow.ticket.Ticket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Notices to agents through the outbox: a new ticket or a customer's reply to the queue's agents (as configured per
 * queue in {@code config/agents.yml}), and an escalation to the agents of a level or the managers with the reason
 * and a summary of the ticket's history (every team mail's {@code historySummary}). Each notice is one outbox entry
 * per recipient, keyed by what caused it, so a retried message never notifies twice; the outbox gives every notice
 * the ticket's signed agent address as Reply-To, so agents can answer from their mail client.
 */
@Component
public class AgentNotifications {

    public static final String CREATED = "created";
    public static final String CUSTOMER_REPLIED = "customer-replied";
    public static final String ESCALATED = "escalated";

    private final AgentDirectory agents;
    private final TicketMailer mailer;

    public AgentNotifications(AgentDirectory agents, TicketMailer mailer) {
        this.agents = agents;
        this.mailer = mailer;
    }

    /**
     * Tells the queue's agents of a new ticket or a customer's reply.
     *
     * @param cause what caused it (the raw message's id): one notice per cause and recipient
     * @return what happened, for the message's outcome; null when the queue wants no notice of this event
     */
    public String notify(Ticket ticket, String event, String text, String cause) {
        Optional<AgentsConfig.QueueNotice> notice = agents.config().noticeFor(ticket.triage().queue());
        if (notice.isEmpty() || !notice.get().events().contains(event) || notice.get().recipients().isEmpty()) {
            return null;
        }
        Map<String, Object> model = Map.of("notificationEvent", event, "messageText", text == null ? "" : text.strip());
        String key = MailPurpose.AGENT_NOTIFICATION + "-" + event + "-" + shortHash(cause);
        return send(ticket, notice.get().recipients(), MailPurpose.AGENT_NOTIFICATION, key, model,
                "agents notified of " + event);
    }

    /**
     * Escalates the ticket to the agents of {@code target} (a level such as L2, or {@code manager}) who serve its queue;
     * when there are none, to the queue's notice address if it wants escalations.
     *
     * @return what happened, for the outcome and the audit
     */
    public String escalate(Ticket ticket, String target, String reason, String byAgent, String cause) {
        AgentsConfig config = agents.config();
        LinkedHashSet<String> to = new LinkedHashSet<>(config.addressesAt(target, ticket.triage().queue()));
        if (to.isEmpty()) {
            config.noticeFor(ticket.triage().queue()).filter(n -> n.events().contains(ESCALATED))
                    .ifPresent(n -> to.addAll(n.recipients()));
        }
        if (to.isEmpty()) {
            return "escalation to " + target + ": nobody to tell (no agent of that level for queue "
                    + ticket.triage().queue() + " in agents.yml)";
        }
        Map<String, Object> model = Map.of("escalationLevel", target, "escalationReason",
                reason == null || reason.isBlank() ? "escalated by " + byAgent : reason, "agentName", byAgent);
        String key = MailPurpose.AGENT_ESCALATION + "-" + target + "-" + shortHash(cause);
        return send(ticket, List.copyOf(to), MailPurpose.AGENT_ESCALATION, key, model, "escalated to " + target);
    }

    /**
     * Tells the agent that some of the commands in her mail were not applied, and why, so a typo in {@code #assign} or
     * a refused status change is not lost in the audit only. Keyed by the agent's mail: a retry tells her once.
     *
     * @return what happened, for the outcome and the audit
     */
    public String notApplied(Ticket ticket, String agentAddress, List<String> problems, String applied, String cause) {
        Map<String, Object> model = Map.of("problems", List.copyOf(problems), "applied", applied);
        String key = MailPurpose.AGENT_NOT_APPLIED + "-" + shortHash(cause);
        return send(ticket, List.of(agentAddress), MailPurpose.AGENT_NOT_APPLIED, key, model,
                "told the agent what was not applied");
    }

    private String send(Ticket ticket, List<String> to, String template, String key, Map<String, Object> model,
            String what) {
        List<String> done = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String address : to) {
            TicketMailer.Result r = mailer.toTeam(ticket, address, template, key + "-" + shortHash(address), model);
            (r.queued() ? done : refused).add(r.queued() ? address : address + " (" + r.refusal() + ")");
        }
        return what + ": " + String.join(", ", done) + (refused.isEmpty() ? "" : "; not sent to " + refused);
    }

    static String shortHash(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
