package io.ticketflow.thread;

import java.util.List;

/**
 * Which ticket a message belongs to and why. Stored with the message so every decision can be explained.
 *
 * @param ticketNumber existing ticket, or null when a new ticket is to be opened
 * @param method       the evidence that decided
 * @param evidence     the concrete value (tag, message id, ...) that matched
 * @param rejected     candidates that were considered and turned down, with the reason
 */
public record ThreadingDecision(String ticketNumber, Method method, String evidence, List<String> rejected) {

    public enum Method {
        NEW_TICKET, SUBJECT_TAG, IN_REPLY_TO, REFERENCES;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public static ThreadingDecision newTicket(List<String> rejected) {
        return new ThreadingDecision(null, Method.NEW_TICKET, null, List.copyOf(rejected));
    }

    public boolean isNewTicket() {
        return ticketNumber == null;
    }
}
