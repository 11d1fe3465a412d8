package io.ticketflow.intake;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.UnparseableMessageException;
import io.ticketflow.parse.channel.ChannelPayloadParser;
import io.ticketflow.parse.channel.ChannelPayloads;

/**
 * {@code parse}: bytes to a {@link io.ticketflow.vocabulary.ParsedMessage}; an unreadable message fails the attempt.
 * Mail goes to the mail parser, a chat channel's payload to its channel's parser (with the mail parser's attachment
 * extraction); a payload this installation has no parser for is refused with a clear error (and quarantined), never
 * guessed at.
 */
final class Parse implements IntakeStep {

    private final MessageParser parser;
    private final ChannelPayloads channels;
    private final MailExtraction extraction;

    Parse(MessageParser parser, ChannelPayloads channels) {
        this.parser = parser;
        this.channels = channels;
        this.extraction = new MailExtraction(parser);
    }

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public Phase phase() {
        return Phase.DECIDE;
    }

    @Override
    public void apply(MessageInProgress m) {
        if (m.raw.isMail()) {
            m.parsed = parser.parse(m.raw);
            return;
        }
        ChannelPayloadParser channel = channels.forType(m.raw.contentType());
        if (channel == null) {
            throw new UnparseableMessageException("no parser for " + m.raw.contentType() + " from channel "
                    + m.raw.channel());
        }
        m.parsed = channel.parse(m.raw, extraction);
    }
}
