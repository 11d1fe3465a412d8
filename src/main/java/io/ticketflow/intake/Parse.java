package io.ticketflow.intake;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.UnparseableMessageException;

/**
 * {@code parse}: bytes to a {@link io.ticketflow.vocabulary.ParsedMessage}; an unreadable message fails the attempt.
 * A payload this installation has no parser for is refused with a clear error (and quarantined), never guessed at.
 */
final class Parse implements IntakeStep {

    private final MessageParser parser;

    Parse(MessageParser parser) {
        this.parser = parser;
    }

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public void apply(MessageInProgress m) {
        if (!m.raw.isMail()) {
            throw new UnparseableMessageException("no parser for " + m.raw.contentType() + " from channel "
                    + m.raw.channel());
        }
        m.parsed = parser.parse(m.raw);
    }
}
