package io.ticketflow.ticket;

/** A ticket change that cannot be made: an unknown ticket, a bad value, or a change its state does not allow. */
public class LifecycleException extends RuntimeException {

    /** What kind of refusal, so the API can answer 404, 400 or 409. */
    public enum Kind {
        NOT_FOUND, INVALID, CONFLICT
    }

    private final Kind kind;

    public LifecycleException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
