package io.ticketflow.api;

import io.ticketflow.followup.LifecycleException;
import io.ticketflow.followup.TicketLifecycle;
import io.ticketflow.respond.AgentReplies;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Ticket;
import io.ticketflow.store.TicketMessage;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/tickets} (search, paging), {@code GET /api/tickets/{number}} (with its messages and outgoing mail),
 * {@code POST /api/tickets/{number}/replies} (an agent's reply) and {@code PATCH /api/tickets/{number}} (status and
 * triage changes).
 */
@RestController
@RequestMapping("/api/tickets")
class TicketsController {

    private static final int MAX_PAGE_SIZE = 200;

    private final TicketStore tickets;
    private final MessageStore messages;
    private final OutboxStore outbox;

    private final AgentReplies replies;
    private final TicketLifecycle lifecycle;

    TicketsController(TicketStore tickets, MessageStore messages, OutboxStore outbox, AgentReplies replies,
            TicketLifecycle lifecycle) {
        this.tickets = tickets;
        this.messages = messages;
        this.outbox = outbox;
        this.replies = replies;
        this.lifecycle = lifecycle;
    }

    record TicketPage(long total, int page, int size, List<Ticket> tickets) {
    }

    record TicketView(Ticket ticket, List<TicketMessage> messages, List<OutboxView> outgoing) {
    }

    record OutboxView(String purpose, String state, String to, String subject, int attempts, String lastError,
            String messageId, Instant createdAt, Instant nextAttemptAt, Instant sentAt) {
    }

    /** An agent's reply: the text, and optionally the status the ticket takes (default: a new ticket becomes open). */
    record ReplyRequest(String text, String status, String agent) {
    }

    record ReplyAnswer(String ticket, String status, String outboxId, String messageId, boolean repeated) {
    }

    @GetMapping
    TicketPage list(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_paging", "page must be >= 0 and size 1.." + MAX_PAGE_SIZE);
        }
        TicketStore.Page<Ticket> result = tickets.search(q, status, page, size);
        return new TicketPage(result.total(), page, size, result.items());
    }

    @GetMapping("/{number}")
    TicketView get(@PathVariable String number) {
        Versioned<Ticket> ticket = tickets.find(number);
        if (ticket == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no ticket " + number);
        }
        List<OutboxView> outgoing = outbox.forTicket(number).stream()
                .map(o -> new OutboxView(o.purpose(), o.state(), o.to(), o.subject(), o.attempts(), o.lastError(),
                        o.messageId(), o.createdAt(), o.nextAttemptAt(), o.sentAt()))
                .toList();
        return new TicketView(ticket.value(), messages.findAll(ticket.value().messageKeys()), outgoing);
    }

    @PostMapping("/{number}/replies")
    ResponseEntity<ReplyAnswer> reply(@PathVariable String number, @RequestBody(required = false) ReplyRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (request == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request", "send {\"text\": \"...\", \"status\": \"pending\"}");
        }
        AgentReplies.Sent sent = lifecycleCall(() -> replies.reply(number, request.text(), request.status(),
                request.agent(), key));
        ReplyAnswer answer = new ReplyAnswer(number, sent.ticket().status(), sent.outboxId(), sent.messageId(),
                sent.repeated());
        return ResponseEntity.status(sent.repeated() ? HttpStatus.OK : HttpStatus.CREATED).body(answer);
    }

    @PatchMapping("/{number}")
    Ticket patch(@PathVariable String number, @RequestBody(required = false) TicketLifecycle.Changes changes) {
        if (changes == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request",
                    "send the fields to change: status, queue, level, priority, category, assignee");
        }
        return lifecycleCall(() -> lifecycle.change(number, changes));
    }

    private static <T> T lifecycleCall(Supplier<T> call) {
        try {
            return call.get();
        }
        catch (LifecycleException e) {
            HttpStatus status = switch (e.kind()) {
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case INVALID -> HttpStatus.BAD_REQUEST;
                case CONFLICT -> HttpStatus.CONFLICT;
            };
            throw new ApiException(status, e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
        }
    }
}
