package io.ticketflow.api;

import io.ticketflow.intake.IntakeRoute;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/messages}: one raw RFC 822 message through the same pipeline as a polled mail. Public interface:
 * the answer always has {@code outcome}, {@code ticket} and {@code reason}.
 */
@RestController
@RequestMapping("/api/messages")
class MessagesController {

    private final ProducerTemplate camel;

    MessagesController(ProducerTemplate camel) {
        this.camel = camel;
    }

    @PostMapping(consumes = { "message/rfc822", "application/octet-stream", "text/plain" })
    ResponseEntity<ProcessingOutcome> post(@RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "empty_message", "the request body is empty: send one RFC 822 message");
        }
        ProcessingOutcome outcome = camel.requestBody(IntakeRoute.URI, RawMessage.of(body, "api", "api"),
                ProcessingOutcome.class);
        HttpStatus status = switch (outcome.outcome()) {
            case CREATED -> Boolean.TRUE.equals(outcome.duplicate()) ? HttpStatus.OK : HttpStatus.CREATED;
            case APPENDED, SCREENED -> HttpStatus.OK;
            case QUARANTINED -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        return ResponseEntity.status(status).body(outcome);
    }
}
