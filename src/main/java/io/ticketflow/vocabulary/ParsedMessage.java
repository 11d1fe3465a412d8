package io.ticketflow.vocabulary;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message the rest of the pipeline can trust: decoded headers, addresses and text.
 *
 * @param messageId      Message-ID without angle brackets; a synthetic id derived from the raw bytes where the mail had none
 * @param headers        header names (lower case) to all their decoded values, in order; inbound headers in our own
 *                       control namespace ({@code X-Ticketflow-*}) are never here (see {@code controlHeaders})
 * @param text           full body text (text/plain, or HTML rendered to text with links kept)
 * @param newContent     the part the sender wrote now, without quoted history and signature
 * @param attachments    attachments and inline parts, with extracted text; forwarded messages as structure
 * @param warnings       what the parser had to repair or give up on, including every limit hit (never an exception
 *                       for bad input)
 * @param quotedHistory  the quoted or forwarded history below the new content
 * @param signature      the sender's signature (after "-- ", or "Sent from my …" lines)
 * @param deliveryReport the DSN or MDN fields when the message is a delivery or read report, else null
 * @param controlHeaders inbound headers in our control namespace, removed from {@code headers} before any processing
 *                       (only Ticketflow may set them: a sender who could would steer the pipeline); kept here only so that screening can recognise our own mail coming back
 * @param senderAuthentication SPF/DKIM/DMARC as our own mail server reported them (never as the sender claims)
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
        List<String> warnings,
        String quotedHistory,
        String signature,
        DeliveryReport deliveryReport,
        Map<String, List<String>> controlHeaders,
        SenderAuthentication senderAuthentication) {

    public ParsedMessage {
        quotedHistory = quotedHistory == null ? "" : quotedHistory;
        signature = signature == null ? "" : signature;
        controlHeaders = controlHeaders == null ? Map.of() : controlHeaders;
        senderAuthentication = senderAuthentication == null ? SenderAuthentication.unchecked(List.of())
                : senderAuthentication;
    }

    /** The same message with one more warning (a later step's finding about it). */
    public ParsedMessage withWarning(String warning) {
        List<String> more = new java.util.ArrayList<>(warnings);
        more.add(warning);
        return new ParsedMessage(messageId, messageIdSynthetic, inReplyTo, references, from, replyTo, to, cc, subject,
                sentAt, headers, text, newContent, attachments, List.copyOf(more), quotedHistory, signature,
                deliveryReport, controlHeaders, senderAuthentication);
    }

    /** The same message under another subject (a channel's own, where the first line is no subject). */
    public ParsedMessage withSubject(String next) {
        return new ParsedMessage(messageId, messageIdSynthetic, inReplyTo, references, from, replyTo, to, cc, next,
                sentAt, headers, text, newContent, attachments, warnings, quotedHistory, signature, deliveryReport,
                controlHeaders, senderAuthentication);
    }

    /** The same message with other headers (names lower case): what a later step learnt and rules may test. */
    public ParsedMessage withHeaders(Map<String, List<String>> next) {
        return new ParsedMessage(messageId, messageIdSynthetic, inReplyTo, references, from, replyTo, to, cc, subject,
                sentAt, Map.copyOf(next), text, newContent, attachments, warnings, quotedHistory, signature,
                deliveryReport, controlHeaders, senderAuthentication);
    }

    /** First value of a header (name is case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** It says that it answers another message: In-Reply-To, References or an Outlook Thread-Index. */
    public boolean hasReplyHeaders() {
        return inReplyTo != null && !inReplyTo.isEmpty() || references != null && !references.isEmpty()
                || header("thread-index") != null;
    }

    public boolean hasHeader(String name) {
        return header(name) != null;
    }

    /** First value of a removed control header (name is case-insensitive), or null. */
    public String controlHeader(String name) {
        List<String> values = controlHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
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

    /**
     * One attachment or inline part.
     *
     * @param contentId  Content-ID without brackets: how an HTML body refers to an inline image ({@code cid:})
     * @param inline     shown inside the body (Content-Disposition inline, or referenced by {@code cid:})
     * @param text       extracted text (empty for images and where extraction was skipped or failed)
     * @param extraction what happened: {@code extracted}, {@code truncated}, {@code none} (media, no text expected),
     *                   {@code skipped: …} (a limit) or {@code failed: …}
     * @param container  name of the container it was unpacked from (winmail.dat, an Outlook .msg), else null
     * @param message    a forwarded message (message/rfc822) kept as a structure, else null
     */
    public record Attachment(String name, String contentType, long size, String sha256, String contentId, boolean inline,
            String text, String extraction, String container, EmbeddedMessage message) {

        public Attachment asInline() {
            return new Attachment(name, contentType, size, sha256, contentId, true, text, extraction, container, message);
        }
    }

    /** A message inside a message (forwarded as attachment, or returned inside a bounce). */
    public record EmbeddedMessage(String messageId, MailAddress from, List<MailAddress> to, String subject,
            Instant sentAt, String text, List<Attachment> attachments) {
    }
}
