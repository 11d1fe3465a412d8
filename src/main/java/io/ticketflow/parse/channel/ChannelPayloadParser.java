package io.ticketflow.parse.channel;

import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;

/** Turns one chat channel's stored payload into the message the rest of the pipeline reads, like the mail parser. */
public interface ChannelPayloadParser {

    /** The media type of the payloads this parser reads (the raw message's content type). */
    String contentType();

    /**
     * @param files how attached files get their text: the same extraction as mail attachments
     * @throws UnreadablePayloadException when the payload is not what the channel sends
     */
    ParsedMessage parse(RawMessage raw, AttachmentText files);

    /** Extracts the text of one attached file (the caller's extraction: limits, worker processes, time limits). */
    @FunctionalInterface
    interface AttachmentText {

        java.util.List<ParsedMessage.Attachment> extract(String name, String contentType, byte[] bytes);
    }
}
