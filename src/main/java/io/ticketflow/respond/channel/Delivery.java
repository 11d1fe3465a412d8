package io.ticketflow.respond.channel;

import java.time.Duration;

/**
 * How sending one entry on a channel went.
 *
 * @param externalId the channel's id of the message sent (null unless sent)
 * @param error      why it was not sent (null when sent)
 * @param retryAfter at the earliest when to try again (the channel's Retry-After or rate-limit reset), or null
 * @param refused    the channel will never take it (trying again cannot help): recorded, not retried
 */
public record Delivery(String externalId, String error, Duration retryAfter, boolean refused) {

    public static Delivery sent(String externalId) {
        return new Delivery(externalId, null, null, false);
    }

    public static Delivery failed(String error, Duration retryAfter) {
        return new Delivery(null, error, retryAfter, false);
    }

    public static Delivery refused(String error) {
        return new Delivery(null, error, null, true);
    }

    public boolean ok() {
        return error == null;
    }
}
