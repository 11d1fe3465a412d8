package io.ticketflow.api;

import io.ticketflow.parse.mime.OriginalParts;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Downloads of what a customer sent: one attachment of a ticket message, and the original message as it arrived.
 * Both read the raw record (the only copy of the bytes); an attachment is found again in it by the SHA-256 the parser
 * recorded. Served as downloads only ({@code Content-Disposition: attachment}, {@code nosniff}, a sandbox CSP), so
 * an HTML or SVG file from a stranger never runs in an agent's browser as our origin. Range requests are answered
 * (the body is a {@link Resource}).
 */
@RestController
class OriginalsController {

    private final TicketStore tickets;
    private final MessageStore messages;
    private final RawMessageStore raws;

    OriginalsController(TicketStore tickets, MessageStore messages, RawMessageStore raws) {
        this.tickets = tickets;
        this.messages = messages;
        this.raws = raws;
    }

    @GetMapping("/api/tickets/{number}/messages/{messageId}/attachments/{index}")
    ResponseEntity<Resource> attachment(@PathVariable String number, @PathVariable String messageId,
            @PathVariable int index) {
        Ticket ticket = MergedTickets.resolve(tickets, number);
        List<TicketMessage> found = messages.findAll(List.of(messageId));
        TicketMessage message = found.isEmpty() ? null : found.get(0);
        if (message == null || !ticket.number().equals(message.ticket())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "ticket " + number + " has no message " + messageId);
        }
        List<ParsedMessage.Attachment> attachments = message.attachments() == null ? List.of() : message.attachments();
        if (index < 0 || index >= attachments.size()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found",
                    "message " + messageId + " has " + attachments.size() + " attachments; no index " + index);
        }
        ParsedMessage.Attachment attachment = attachments.get(index);
        if (attachment.container() != null) {
            throw new ApiException(HttpStatus.CONFLICT, "inside_container", "attachment " + index
                    + " was unpacked from " + attachment.container() + "; download that file");
        }
        RawRecord raw = rawRecord(messageId);
        byte[] bytes = OriginalParts.find(raws.bytes(raw), attachment.sha256())
                .orElseThrow(() -> new ApiException(HttpStatus.GONE, "part_not_found",
                        "the stored original no longer holds this attachment (the message was stored cut short)"));
        return download(bytes, mediaType(attachment.contentType()), fileName(attachment.name(), "attachment-" + index));
    }

    @GetMapping("/api/messages/{rawId}/raw")
    ResponseEntity<Resource> raw(@PathVariable String rawId) {
        RawRecord raw = rawRecord(rawId);
        MediaType type = raw.contentType() == null ? MediaType.parseMediaType(RawMessage.RFC822)
                : mediaType(raw.contentType());
        String extension = RawMessage.RFC822.equals(type.toString()) ? ".eml" : ".json";
        ResponseEntity.BodyBuilder answer = headers(ResponseEntity.ok(), type, rawId + extension);
        if (RawRecord.OVERSIZED.equals(raw.state())) {
            // only the beginning was stored; the full message stays on the mail server
            answer.header("X-Ticketflow-Truncated", "true");
        }
        return answer.body(new ByteArrayResource(raws.bytes(raw)));
    }

    private RawRecord rawRecord(String rawId) {
        if (!rawId.matches("[0-9a-f]{64}")) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no raw message " + rawId);
        }
        Versioned<RawRecord> raw = raws.find(rawId);
        if (raw == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no raw message " + rawId);
        }
        return raw.value();
    }

    private static ResponseEntity<Resource> download(byte[] bytes, MediaType type, String name) {
        return headers(ResponseEntity.ok(), type, name).body(new ByteArrayResource(bytes));
    }

    private static ResponseEntity.BodyBuilder headers(ResponseEntity.BodyBuilder answer, MediaType type, String name) {
        return answer.contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store");
    }

    /** The part's own type when it is a well-formed media type; anything else is plain bytes. */
    static MediaType mediaType(String declared) {
        try {
            MediaType type = MediaType.parseMediaType(declared);
            return type.isConcrete() ? type : MediaType.APPLICATION_OCTET_STREAM;
        }
        catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /** The sender's file name without folders or control characters (it becomes a file on the agent's disk). */
    static String fileName(String declared, String fallback) {
        if (declared == null) {
            return fallback;
        }
        String base = declared.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "_").strip();
        return base.isEmpty() || base.equals(".") || base.equals("..") ? fallback : base;
    }
}
