package io.ticketflow.respond.channel;

import java.time.Duration;

/** A chat API refused a call or could not be reached. */
public final class ChannelApiFailure extends Exception {

    private final int status;
    private final Duration retryAfter;

    ChannelApiFailure(String message, int status, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** HTTP status, or 0 when the API could not be reached. */
    public int status() {
        return status;
    }

    /** Set while rate limited: how long to wait before the next call. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** A request the API will never accept as it is (bad chat, blocked by the user): not worth retrying. */
    public boolean permanent() {
        return status == 400 || status == 403;
    }
}
