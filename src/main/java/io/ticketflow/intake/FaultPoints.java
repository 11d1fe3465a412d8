package io.ticketflow.intake;

import org.springframework.stereotype.Component;

/**
 * The places where a crash would hurt most, named so the crash-safety tests can stop processing exactly there and
 * restart. Production has only the no-op {@link None}; there is no setting that arms a fault, so a configuration
 * mistake cannot trigger one (the tests register their own implementation as a bean of their own context).
 */
public interface FaultPoints {

    /** Where in the life of one message. */
    enum FaultPoint {
        /** the bytes were fetched from the mail server, nothing is stored yet */
        AFTER_FETCH,
        /** the raw record exists, nothing else */
        AFTER_RAW_STORE,
        /** the message document is written (with a new ticket's number); the ticket is not */
        AFTER_MESSAGE_WRITE,
        /** ticket, message and Message-ID entry are written; the raw record does not yet say so */
        AFTER_TICKET_WRITE,
        /** the outcome is known; the mailbox is not yet acknowledged */
        BEFORE_ACK,
        /** the mailbox is acknowledged; the checkpoint does not yet say so */
        AFTER_ACK
    }

    /** Called when a message reaches a fault point; the production implementation does nothing. */
    void reached(FaultPoint point, String rawId);

    /** The production implementation. */
    @Component
    final class None implements FaultPoints {

        @Override
        public void reached(FaultPoint point, String rawId) {
            // no faults in production
        }
    }
}
