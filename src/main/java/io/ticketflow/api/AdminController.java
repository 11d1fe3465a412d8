package io.ticketflow.api;

import io.ticketflow.intake.IntakeSummary;
import io.ticketflow.intake.Replayer;
import io.ticketflow.store.RawMessageSearch;
import io.ticketflow.store.RawRecord;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin view of ingestion: {@code GET /api/admin/quarantine} lists quarantined (and oversized) raw messages with their
 * error and attempt count; {@code POST /api/admin/replay} re-runs raw messages through the current pipeline (see
 * {@link Replayer}), answering the counts of how they ended.
 */
@RestController
@RequestMapping("/api/admin")
class AdminController {

    private static final int MAX_PAGE = 500;

    private final RawMessageSearch search;
    private final Replayer replayer;

    AdminController(RawMessageSearch search, Replayer replayer) {
        this.search = search;
        this.replayer = replayer;
    }

    /** One quarantined message (without its bytes). */
    record QuarantinedMessage(String rawId, String source, String mailbox, Long uidValidity, Long uid, Instant receivedAt,
            long size, String state, String reason, int attempts, Instant updatedAt) {

        static QuarantinedMessage of(RawRecord r) {
            return new QuarantinedMessage(r.id(), r.source(), r.mailbox(), r.uidValidity(), r.uid(), r.receivedAt(),
                    r.size(), r.state(), r.reason(), r.attempts(), r.updatedAt());
        }
    }

    /** A page; pass {@code next} as {@code after} to get the following one. */
    record QuarantinePage(List<QuarantinedMessage> messages, String next) {
    }

    @GetMapping("/quarantine")
    QuarantinePage quarantine(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request", "size must be between 1 and " + MAX_PAGE);
        }
        search.refresh();
        List<RawRecord> found = search.find(List.of(RawRecord.QUARANTINED, RawRecord.OVERSIZED), null, null, after, size);
        List<QuarantinedMessage> page = found.stream().map(QuarantinedMessage::of).toList();
        return new QuarantinePage(page, found.size() == size ? found.get(found.size() - 1).id() : null);
    }

    /** What to replay: {@code {"quarantined": true}} and/or {@code {"since": "...", "until": "..."}}. */
    record ReplayRequest(Boolean quarantined, Instant since, Instant until) {
    }

    @PostMapping("/replay")
    IntakeSummary.Counts replay(@RequestBody(required = false) ReplayRequest request) {
        if (request == null || (!Boolean.TRUE.equals(request.quarantined()) && request.since() == null
                && request.until() == null)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request",
                    "say what to replay: {\"quarantined\": true} or a time range {\"since\": ..., \"until\": ...}");
        }
        Replayer.Selection selection;
        try {
            selection = new Replayer.Selection(Boolean.TRUE.equals(request.quarantined()), request.since(), request.until());
        }
        catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
        }
        return replayer.replay(selection, n -> { }).counts();
    }
}
