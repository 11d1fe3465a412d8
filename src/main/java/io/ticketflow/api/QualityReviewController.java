package io.ticketflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.lifecycle.QualityReviews;
import io.ticketflow.lifecycle.ReviewConfig;
import io.ticketflow.store.ReviewQueries;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.Ticket;
import java.security.Principal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The quality review: {@code GET /api/reviews} (the queue: sampled solved tickets not yet scored, with the rubric) and
 * {@code PATCH /api/tickets/{number}/review} (a reviewer's scores, every criterion once; the reviewer is the
 * authenticated caller, never a field of the request).
 */
@RestController
class QualityReviewController {

    private static final int MAX_QUEUE = 500;

    private final QualityReviews reviews;
    private final ReviewQueries queries;

    QualityReviewController(QualityReviews reviews, ReviewQueries queries) {
        this.reviews = reviews;
        this.queries = queries;
    }

    record QueueEntry(String ticket, String subject, String agent, String week, String queue, String channel,
            String sampledAt) {
    }

    record Queue(List<QueueEntry> items, Map<String, ReviewConfig.Criterion> rubric) {
    }

    @GetMapping("/api/reviews")
    Queue queue(@RequestParam(required = false) String agent, @RequestParam(defaultValue = "100") int size) {
        ReviewConfig c = reviews.config();
        List<QueueEntry> items = queries.queue(agent, Math.max(1, Math.min(size, MAX_QUEUE))).stream()
                .map(t -> new QueueEntry(t.number(), t.subject(), t.review().agent(), t.review().week(),
                        t.triage().queue(), t.channel(), String.valueOf(t.review().sampledAt())))
                .toList();
        return new Queue(items, c == null ? Map.of() : c.rubric());
    }

    @PatchMapping("/api/tickets/{number}/review")
    Ticket score(@PathVariable String number, @RequestBody(required = false) JsonNode body, Principal caller) {
        if (body == null || !body.path("scores").isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request",
                    "send {\"scores\": {\"<criterion>\": <whole number>, ...}, \"note\": \"...\"}");
        }
        Map<String, Integer> scores = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("scores").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> s = it.next();
            if (!s.getValue().isIntegralNumber() || !s.getValue().canConvertToInt()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid", s.getKey() + " must be a whole number");
            }
            scores.put(s.getKey(), s.getValue().intValue());
        }
        String note = body.path("note").isTextual() ? body.path("note").asText() : null;
        try {
            return reviews.score(number, scores, caller.getName(), note);
        }
        catch (LifecycleException e) {
            throw asApiError(e);
        }
    }

    static ApiException asApiError(LifecycleException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return new ApiException(status, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
    }
}
