package io.ticketflow.api;

import org.springframework.http.HttpStatus;

/** An error the API answers with a status, a stable code and a human message (never a stack trace). */
class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    ApiException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
