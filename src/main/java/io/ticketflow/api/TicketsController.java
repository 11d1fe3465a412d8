package io.ticketflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Ticket;
import io.ticketflow.store.TicketMessage;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.thread.TicketMerge;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/tickets} (search, paging), {@code GET /api/tickets/{number}} (with its messages; a merged number
 * answers with the ticket it was merged into) and {@code POST /api/tickets/{number}/merge}.
 */
@RestController
@RequestMapping("/api/tickets")
class TicketsController {

    private static final int MAX_PAGE_SIZE = 200;

    private final TicketStore tickets;
    private final MessageStore messages;
    private final OutboxStore outbox;
    private final TicketMerge merger;

    TicketsController(TicketStore tickets, MessageStore messages, OutboxStore outbox, TicketMerge merger) {
        this.tickets = tickets;
        this.messages = messages;
        this.outbox = outbox;
        this.merger = merger;
    }

    record TicketPage(long total, int page, int size, List<Ticket> tickets) {
    }

    /** A ticket with its messages; {@code redirectedFrom} is set when the number asked for was merged into this one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TicketView(Ticket ticket, List<TicketMessage> messages, List<OutboxView> outgoing, String redirectedFrom) {
    }

    record MergeRequest(String target) {
    }

    record MergeResult(String merged, String into, Ticket ticket) {
    }

    record OutboxView(String purpose, String state, String to, String subject, int attempts, String lastError) {
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
        String redirectedFrom = null;
        for (int hop = 0; ticket.value().links().mergedInto() != null && hop < 10; hop++) {
            redirectedFrom = redirectedFrom == null ? number : redirectedFrom;
            Versioned<Ticket> next = tickets.find(ticket.value().links().mergedInto());
            if (next == null) {
                break;
            }
            ticket = next;
        }
        String shown = ticket.value().number();
        List<OutboxView> outgoing = outbox.forTicket(shown).stream()
                .map(o -> new OutboxView(o.purpose(), o.state(), o.to(), o.subject(), o.attempts(), o.lastError()))
                .toList();
        return new TicketView(ticket.value(), messages.findAll(ticket.value().messageKeys()), outgoing, redirectedFrom);
    }

    /** Merges this ticket into {@code target}: all messages move there and the old number redirects to it. */
    @PostMapping("/{number}/merge")
    MergeResult merge(@PathVariable String number, @RequestBody(required = false) MergeRequest request) {
        if (request == null || request.target() == null || request.target().isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "missing_target", "send {\"target\": \"<ticket number>\"}");
        }
        try {
            return new MergeResult(number, request.target(), merger.merge(number, request.target().strip()));
        }
        catch (TicketMerge.Refused e) {
            throw new ApiException(e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT,
                    e.notFound() ? "not_found" : "merge_refused", e.getMessage());
        }
    }
}
