package io.ticketflow.vocabulary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * How one message ended: as a ticket message (created or appended), as a screened record with its reason, or
 * quarantined with its error. This is also the public JSON answer of {@code POST /api/messages}.
 *
 * @param duplicate true when these exact bytes had been processed before; the original outcome is repeated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessingOutcome(
        Outcome outcome,
        String ticket,
        String reason,
        String rawId,
        String messageId,
        Boolean duplicate,
        Screening screening,
        Threading threading,
        List<String> warnings) {

    /** The four ways a message can end. */
    public enum Outcome {
        CREATED, APPENDED, SCREENED, QUARANTINED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** Screening verdict in the answer. */
    public record Screening(String kind, String reason) {
        public static Screening of(ScreeningVerdict v) {
            return new Screening(v.kind().label(), v.reason());
        }
    }

    /** Threading decision in the answer. */
    public record Threading(String method, String evidence, Double score, List<String> rejected, String relatedTo,
            Boolean reopened) {
        public static Threading of(ThreadingDecision d) {
            return new Threading(d.method().label(), d.evidence(), d.score(), d.rejected(), d.relatedTo(),
                    d.reopen() ? true : null);
        }
    }

    public static ProcessingOutcome quarantined(String rawId, String error) {
        return new ProcessingOutcome(Outcome.QUARANTINED, null, error, rawId, null, null, null, null, null);
    }
}
