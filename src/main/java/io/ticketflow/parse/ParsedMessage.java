package io.ticketflow.parse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message the rest of the pipeline can trust: decoded headers, addresses and text.
 *
 * @param messageId  Message-ID without angle brackets; a synthetic id derived from the raw bytes where the mail had none
 * @param headers    header names (lower case) to all their decoded values, in order
 * @param text       full body text (text/plain, or HTML rendered to text)
 * @param newContent the part the sender wrote now, without quoted history and signature
 * @param warnings   what the parser had to repair or give up on (never an exception for bad input)
 */
public record ParsedMessage(
        String messageId,
        boolean messageIdSynthetic,
        List<String> inReplyTo,
        List<String> references,
        MailAddress from,
        MailAddress replyTo,
        List<MailAddress> to,
        List<MailAddress> cc,
        String subject,
        Instant sentAt,
        Map<String, List<String>> headers,
        String text,
        String newContent,
        List<Attachment> attachments,
        List<String> warnings) {

    /** First value of a header (name is case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean hasHeader(String name) {
        return header(name) != null;
    }

    /** Address a reply should go to: Reply-To only as a destination, never as identity. */
    public MailAddress replyAddress() {
        return replyTo != null ? replyTo : from;
    }

    /** In-Reply-To first, then References newest first: the ids a reply names, strongest evidence first. */
    public List<String> referencedIds() {
        var ids = new java.util.LinkedHashSet<String>(inReplyTo);
        var refs = new java.util.ArrayList<>(references);
        java.util.Collections.reverse(refs);
        ids.addAll(refs);
        return List.copyOf(ids);
    }

    /** One attachment or inline part. */
    public record Attachment(String name, String contentType, long size, String sha256, String contentId, boolean inline) {
    }
}
