package io.ticketflow.api;

import io.ticketflow.store.DocumentRejectedException;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.vocabulary.CauseChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns every failure into a JSON error {@code {error, message}}: clients never see a stack trace. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    record Error(String error, String message) {
    }

    /** Requests that reach the web server while the Camel context is not (yet or any more) running. */
    private static boolean startingOrStopping(Throwable e) {
        return CauseChain.contains(e, java.util.concurrent.RejectedExecutionException.class);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Error> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(new Error(e.code(), e.getMessage()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Error> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(new Error("unsupported_media_type", "send the message as Content-Type: message/rfc822"));
    }

    @ExceptionHandler({ HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class })
    ResponseEntity<Error> badRequest(Exception e) {
        return ResponseEntity.badRequest().body(new Error("bad_request", "the request could not be read"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Error> unexpected(Exception e) {
        if (StoreUnavailableException.isCauseOf(e)) {
            log.warn("Store unavailable: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30")
                    .body(new Error("store_unavailable", "the ticket store is unavailable; nothing was lost, retry later"));
        }
        if (DocumentRejectedException.isCauseOf(e)) {
            // the same request fails the same way every time: a 503 would only make the client retry it forever
            String reason = CauseChain.of(e).stream().filter(DocumentRejectedException.class::isInstance).findFirst()
                    .map(Throwable::getMessage).orElse(e.getMessage());
            log.warn("Document refused: {}", reason);
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new Error("document_rejected", reason));
        }
        if (startingOrStopping(e)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .body(new Error("not_ready", "the pipeline is starting or stopping; nothing was stored, retry shortly"));
        }
        log.error("Unexpected API failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new Error("internal_error", "unexpected error; the server log has the details"));
    }
}
