package io.ticketflow.respond;

import java.util.List;

/** What an outgoing mail is for: its template name and the first part of its outbox key. */
public final class MailPurpose {

    public static final String ACKNOWLEDGEMENT = "acknowledgement";
    /** An agent's reply, wrapped in the reply template. */
    public static final String REPLY = "reply";
    public static final String REMINDER = "reminder";
    public static final String ESCALATION = "escalation";
    public static final String AUTO_CLOSE = "auto-close";
    public static final String SATISFACTION = "satisfaction";
    /** A notice to the queue's agents about a new ticket or a customer's reply (Reply-To: the signed agent address). */
    public static final String AGENT_NOTIFICATION = "agent-notification";
    /** An agent's escalation (#level, #escalate) to the next level or a manager, with reason and history. */
    public static final String AGENT_ESCALATION = "agent-escalation";
    /** Back to the agent whose mailed commands could not all be applied: what was not, and why. */
    public static final String AGENT_NOT_APPLIED = "agent-not-applied";

    private static final List<String> TO_AGENTS = List.of(AGENT_NOTIFICATION, AGENT_ESCALATION,
            AGENT_NOT_APPLIED);

    /** Whether the outbox key is a mail to agents, whose answers come back to the signed agent address. */
    public static boolean toAgents(String key) {
        return key != null && TO_AGENTS.stream().anyMatch(purpose -> key.startsWith(purpose + "-"));
    }

    private MailPurpose() {
    }
}
