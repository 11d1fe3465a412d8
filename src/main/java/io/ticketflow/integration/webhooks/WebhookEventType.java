package io.ticketflow.integration.webhooks;

import io.ticketflow.store.EventLog;

/** The events a subscriber can ask for, and which recorded pipeline events they are. */
enum WebhookEventType {
    TICKET_CREATED("ticket.created"),
    MESSAGE_APPENDED("message.appended"),
    STATUS_CHANGED("status.changed"),
    REPLY_SENT("reply.sent"),
    SLA_BREACHED("sla.breached"),
    /** Reserved: Ticketflow records no ratings yet, so nothing sends it. */
    RATING_RECEIVED("rating.received");

    private final String label;

    WebhookEventType(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static WebhookEventType of(String label) {
        for (WebhookEventType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        return null;
    }

    /** The subscriber-facing type of a recorded event, or null for the pipeline's internal ones. */
    static WebhookEventType of(EventLog.Event event) {
        if (event.ticket() == null) {
            return null;
        }
        return switch (event.type()) {
            case "threaded" -> "new-ticket".equals(event.method()) ? TICKET_CREATED : MESSAGE_APPENDED;
            case "status-changed", "auto-closed", "reopened" -> STATUS_CHANGED;
            case "replied" -> REPLY_SENT;
            case "sla.breached", "sla-breached" -> SLA_BREACHED;
            case "rated" -> RATING_RECEIVED;
            default -> null;
        };
    }
}
