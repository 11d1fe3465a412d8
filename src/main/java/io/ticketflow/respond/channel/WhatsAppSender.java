package io.ticketflow.respond.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers on WhatsApp: a text message from the business number to the customer's wa_id, quoting the customer's latest
 * message, with the outbox entry's id as {@code biz_opaque_callback_data} so the status webhooks (sent, delivered,
 * read, failed) find the entry again.
 * <p>
 * WhatsApp takes a free-form answer only within 24 hours of the customer's last message (the customer service
 * window); outside it only an approved message template may be sent, which Ticketflow does not do. Such an answer is
 * refused before it is sent, with the reason on the ticket's outgoing list, never dropped silently; the next message of
 * the customer opens the window again and the agent can answer then.
 */
public final class WhatsAppSender implements ChannelSender {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_TEXT = 4096;
    /** Graph error codes that mean "too many messages": wait and try again. */
    private static final Set<Integer> RATE_LIMITED = Set.of(4, 80007, 130429, 131056);
    /** Graph error codes that mean the message can never go out as it is. */
    private static final Set<Integer> NEVER = Set.of(131047, 131026, 131051, 131052, 100, 131009);

    private final WhatsAppCloudApi api;
    private final TicketStore tickets;
    private final MessageStore messages;
    private final Duration window;
    private final Clock clock;

    public WhatsAppSender(WhatsAppCloudApi api, TicketStore tickets, MessageStore messages, Duration window, Clock clock) {
        this.api = api;
        this.tickets = tickets;
        this.messages = messages;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public String channel() {
        return "whatsapp";
    }

    @Override
    public Delivery send(OutboxEntry entry) {
        String waId = entry.to().substring(entry.to().indexOf(':') + 1);
        Optional<TicketMessage> last = lastCustomerMessage(entry.ticket());
        Instant lastAt = last.map(WhatsAppSender::writtenAt).orElse(null);
        if (lastAt == null || lastAt.plus(window).isBefore(clock.instant())) {
            return Delivery.refused("outside WhatsApp's " + window.toHours() + "-hour customer service window (the "
                    + "customer last wrote " + (lastAt == null ? "never on WhatsApp" : "at " + lastAt) + "): a message "
                    + "now needs an approved template, which Ticketflow does not send; answer when the customer writes "
                    + "again");
        }
        ObjectNode body = JSON.createObjectNode().put("messaging_product", "whatsapp")
                .put("recipient_type", "individual").put("to", waId).put("type", "text")
                .put("biz_opaque_callback_data", entry.id());
        body.putObject("text").put("preview_url", false).put("body", limit(entry.body()));
        String quoted = last.map(TicketMessage::messageId).map(WhatsAppSender::wamidOf).orElse(null);
        if (quoted != null) {
            body.putObject("context").put("message_id", quoted);
        }
        try {
            var answer = api.sendMessage(body);
            return Delivery.sent(answer.path("messages").path(0).path("id").asText(null));
        }
        catch (WhatsAppCloudApi.Failure f) {
            if (RATE_LIMITED.contains(f.code()) || f.status() == 429) {
                return Delivery.failed("WhatsApp rate limit: " + f.getMessage(),
                        f.retryAfter() != null ? f.retryAfter() : Duration.ofMinutes(1));
            }
            if (NEVER.contains(f.code())) {
                return Delivery.refused("WhatsApp refused the message: " + f.getMessage());
            }
            return Delivery.failed("WhatsApp: " + f.getMessage(), f.retryAfter());
        }
    }

    private Optional<TicketMessage> lastCustomerMessage(String number) {
        Versioned<Ticket> ticket = tickets.find(number);
        if (ticket == null) {
            return Optional.empty();
        }
        List<TicketMessage> all = messages.findAll(ticket.value().messageKeys());
        return all.stream().filter(m -> TicketMessage.INBOUND.equals(m.direction()) && "whatsapp".equals(m.channel()))
                .filter(m -> writtenAt(m) != null).max(Comparator.comparing(WhatsAppSender::writtenAt));
    }

    /** When the customer wrote it (WhatsApp's timestamp), else when it arrived: the window counts from the former. */
    private static Instant writtenAt(TicketMessage m) {
        return m.sentAt() != null ? m.sentAt() : m.receivedAt();
    }

    /** The wamid inside our message id for a WhatsApp message ({@code <wamid>@whatsapp.channel...}). */
    static String wamidOf(String messageId) {
        if (messageId == null || !messageId.endsWith("@whatsapp.channel.ticketflow.invalid")) {
            return null;
        }
        return messageId.substring(0, messageId.indexOf('@'));
    }

    static String limit(String text) {
        String t = text == null ? "" : text;
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT - 40) + "\n[… cut at WhatsApp's message limit]";
    }
}
