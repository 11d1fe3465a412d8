package io.ticketflow.parse.channel;

/** A channel payload that is not what the channel documents: the message is quarantined with this reason. */
public class UnreadablePayloadException extends RuntimeException {

    public UnreadablePayloadException(String message) {
        super(message);
    }

    public UnreadablePayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
