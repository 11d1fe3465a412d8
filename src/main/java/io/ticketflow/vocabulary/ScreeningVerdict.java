package io.ticketflow.vocabulary;

/**
 * Whether a message came from a person and deserves a ticket and replies, with the reason.
 * Machine mail (auto-replies, bounces, lists, our own mail coming back) must never trigger an automatic reply.
 */
public record ScreeningVerdict(Kind kind, String reason) {

    public enum Kind {
        HUMAN, AUTO_REPLY, BOUNCE, LIST, OWN_LOOP, SPAM, REJECTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public static ScreeningVerdict human() {
        return new ScreeningVerdict(Kind.HUMAN, "no machine-mail marker found");
    }

    public boolean isHuman() {
        return kind == Kind.HUMAN;
    }
}
