package io.ticketflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading tickets: {@code GET /api/tickets} (search, paging) and {@code GET /api/tickets/{number}} (with its messages
 * and outgoing mail; a merged number answers with the ticket it was merged into). Changes are in
 * {@link TicketChangesController}.
 */
@RestController
@RequestMapping("/api/tickets")
class TicketsController {

    private static final int MAX_PAGE_SIZE = 200;
    private static final int MAX_MERGE_HOPS = 10;
    /** Elasticsearch's index.max_result_window: from + size may not pass it. */
    private static final int MAX_WINDOW = 10_000;

    private final TicketStore tickets;
    private final MessageStore messages;
    private final OutboxStore outbox;

    TicketsController(TicketStore tickets, MessageStore messages, OutboxStore outbox) {
        this.tickets = tickets;
        this.messages = messages;
        this.outbox = outbox;
    }

    /**
     * A page of tickets; {@code next} is the cursor of the following page ({@code after=}), null on the last one;
     * {@code page} is absent on a page asked for by cursor.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TicketPage(long total, Integer page, int size, List<Ticket> tickets, String next) {
    }

    /** A ticket with its messages; {@code redirectedFrom} is set when the number asked for was merged into this one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TicketView(Ticket ticket, List<TicketMessage> messages, List<OutboxView> outgoing, String redirectedFrom) {
    }

    record OutboxView(String purpose, String state, String to, String subject, int attempts, String lastError,
            String messageId, Instant createdAt, Instant nextAttemptAt, Instant sentAt, String externalId,
            String channelStatus) {
    }

    @GetMapping
    TicketPage list(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) String after) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_paging", "page must be >= 0 and size 1.." + MAX_PAGE_SIZE);
        }
        if (after != null) {
            try {
                TicketStore.Page<Ticket> result = tickets.searchAfter(q, status, after, size);
                return new TicketPage(result.total(), null, size, result.items(), result.next());
            }
            catch (IllegalArgumentException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "bad_cursor", e.getMessage());
            }
        }
        if ((long) (page + 1) * size > MAX_WINDOW) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_paging", "page and size reach at most the first "
                    + MAX_WINDOW + " tickets; beyond, follow the next cursor with after=");
        }
        TicketStore.Page<Ticket> result = tickets.search(q, status, page, size);
        return new TicketPage(result.total(), page, size, result.items(), result.next());
    }

    @GetMapping("/{number}")
    TicketView get(@PathVariable String number) {
        Versioned<Ticket> ticket = tickets.find(number);
        if (ticket == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no ticket " + number);
        }
        String redirectedFrom = null;
        for (int hop = 0; ticket.value().links().mergedInto() != null && hop < MAX_MERGE_HOPS; hop++) {
            Versioned<Ticket> next = tickets.find(ticket.value().links().mergedInto());
            if (next == null) {
                break;
            }
            redirectedFrom = redirectedFrom == null ? number : redirectedFrom;
            ticket = next;
        }
        String shown = ticket.value().number();
        List<OutboxView> outgoing = outbox.forTicket(shown).stream()
                .map(o -> new OutboxView(o.purpose(), o.state(), o.to(), o.subject(), o.attempts(), o.lastError(),
                        o.messageId(), o.createdAt(), o.nextAttemptAt(), o.sentAt(), o.externalId(), o.channelStatus()))
                .toList();
        return new TicketView(ticket.value(), messages.findAll(ticket.value().messageKeys()), outgoing, redirectedFrom);
    }
}
