package io.ticketflow.route;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the routing rules can look at for one message.
 *
 * @param from         sender address (lower case)
 * @param recipients   To, Cc and Delivered-To addresses (lower case): which support address was written to
 * @param text         the new content (what the customer wrote now)
 * @param headers      header names (lower case) to their decoded values
 * @param attachments  content types and file names of the attachments
 */
public record RoutingInput(String from, List<String> recipients, String subject, String text,
        Map<String, List<String>> headers, String channel, String mailbox, Classification classification,
        List<Attachment> attachments, Instant receivedAt) {

    public RoutingInput {
        from = from == null ? "" : from.toLowerCase(Locale.ROOT);
        recipients = recipients == null ? List.of() : recipients.stream().map(r -> r.toLowerCase(Locale.ROOT)).toList();
        subject = subject == null ? "" : subject;
        text = text == null ? "" : text;
        headers = headers == null ? Map.of() : headers;
        classification = classification == null ? new Classification(null, null) : classification;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        receivedAt = receivedAt == null ? Instant.now() : receivedAt;
    }

    public static RoutingInput of(RawMessage raw, ParsedMessage parsed, Classification classification) {
        List<String> recipients = Stream.concat(Stream.of(parsed.to(), parsed.cc()).flatMap(List::stream).map(MailAddress::address),
                parsed.headers().getOrDefault("delivered-to", List.of()).stream().map(String::strip)).distinct().toList();
        String text = parsed.newContent() == null || parsed.newContent().isBlank() ? parsed.text() : parsed.newContent();
        List<Attachment> attachments = parsed.attachments().stream()
                .map(a -> new Attachment(a.name(), a.contentType(), a.inline())).toList();
        return new RoutingInput(parsed.from().address(), recipients, parsed.subject(), text, parsed.headers(), raw.channel(),
                raw.mailbox(), classification, attachments, raw.receivedAt());
    }

    public String fromDomain() {
        int at = from.lastIndexOf('@');
        return at < 0 ? "" : from.substring(at + 1);
    }

    /** One attachment as the rules see it. */
    public record Attachment(String name, String contentType, boolean inline) {
    }
}
