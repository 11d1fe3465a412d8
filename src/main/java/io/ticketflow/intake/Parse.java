package io.ticketflow.intake;

import io.ticketflow.parse.MessageParser;

/** {@code parse}: bytes to a {@link io.ticketflow.vocabulary.ParsedMessage}; an unreadable message fails the attempt. */
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
        m.parsed = parser.parse(m.raw);
    }
}
