package io.ticketflow.api;

import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.lifecycle.TicketMerge;
import io.ticketflow.respond.AgentReplies;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.Ticket;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changing tickets: {@code POST /api/tickets/{number}/replies} (an agent's reply), {@code PATCH /api/tickets/{number}}
 * (status and triage changes) and {@code POST /api/tickets/{number}/merge}.
 */
@RestController
@RequestMapping("/api/tickets")
class TicketChangesController {

    private final AgentReplies replies;
    private final TicketLifecycle lifecycle;
    private final TicketMerge merger;

    TicketChangesController(AgentReplies replies, TicketLifecycle lifecycle, TicketMerge merger) {
        this.replies = replies;
        this.lifecycle = lifecycle;
        this.merger = merger;
    }

    /** An agent's reply: the text, and optionally the status the ticket takes (default: a new ticket becomes open). */
    record ReplyRequest(String text, String status, String agent) {
    }

    record ReplyAnswer(String ticket, String status, String outboxId, String messageId, boolean repeated) {
    }

    record MergeRequest(String target) {
    }

    record MergeResult(String merged, String into, Ticket ticket) {
    }

    @PostMapping("/{number}/replies")
    ResponseEntity<ReplyAnswer> reply(@PathVariable String number, @RequestBody(required = false) ReplyRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (request == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request", "send {\"text\": \"...\", \"status\": \"pending\"}");
        }
        AgentReplies.Sent sent = lifecycleCall(() -> replies.reply(number, request.text(), request.status(),
                request.agent(), key));
        ReplyAnswer answer = new ReplyAnswer(number, sent.ticket().status().label(), sent.outboxId(), sent.messageId(),
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
            throw new ApiException(status, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
    }
}
