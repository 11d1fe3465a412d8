package io.ticketflow.vocabulary;

import java.util.List;

/**
 * Which ticket a message belongs to and why. Stored with the message so every decision can be explained.
 *
 * @param ticketNumber existing ticket to append to, or null when a new ticket is to be opened
 * @param method       the evidence that decided
 * @param evidence     the concrete value (tag, message id, ...) that matched
 * @param score        how strong that evidence is, 0..1 (signed token 1.0 ... same subject 0.5; a new ticket 0)
 * @param rejected     candidates that were considered and turned down, with the reason
 * @param relatedTo    for a new ticket: the ticket it must be linked to (a stranger named it, or it was closed too long)
 * @param reopen       appending reopens the ticket (it was solved or closed)
 * @param hold         the message must be held for review instead of processed (stranger policy {@code hold})
 */
public record ThreadingDecision(String ticketNumber, Method method, String evidence, double score, List<String> rejected,
        String relatedTo, boolean reopen, boolean hold) {

    public enum Method {
        NEW_TICKET(0), SIGNED_TOKEN(1.0), SUBJECT_TAG(0.95), IN_REPLY_TO(0.9), REFERENCES(0.85), REFERENCED_BY(0.7),
        THREAD_INDEX(0.75), BODY_MARKER(0.9), SUBJECT(0.5),
        /** a chat channel's own conversation (chat id, wa_id, account): the channel authenticates it */
        CONVERSATION(0.95);

        private final double score;

        Method(double score) {
            this.score = score;
        }

        public double score() {
            return score;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public ThreadingDecision {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    public ThreadingDecision(String ticketNumber, Method method, String evidence, List<String> rejected) {
        this(ticketNumber, method, evidence, method.score(), rejected, null, false, false);
    }

    public static ThreadingDecision newTicket(List<String> rejected) {
        return new ThreadingDecision(null, Method.NEW_TICKET, null, rejected);
    }

    /** A new ticket linked to another one; method and evidence say what named that other ticket. */
    public static ThreadingDecision newLinked(String related, Method method, String evidence, List<String> rejected) {
        return new ThreadingDecision(null, method, evidence, 0, rejected, related, false, false);
    }

    public static ThreadingDecision held(String named, Method method, String evidence, List<String> rejected) {
        return new ThreadingDecision(null, method, evidence, 0, rejected, named, false, true);
    }

    public boolean isNewTicket() {
        return ticketNumber == null;
    }
}
