package io.ticketflow.ticket;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.DeliveryReport;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import java.time.Instant;
import java.util.List;

/**
 * One message on a ticket, as stored in the messages index (id = raw id for inbound mail).
 *
 * @param direction      inbound (from a customer) or outbound (from us)
 * @param ticket         null for a screened message that belongs to no ticket (kept visible with its verdict)
 * @param classification language and classifier labels of an inbound message (null for outbound)
 * @param routing        the routing decision for an inbound message: rules matched in order and resulting fields
 */
public record TicketMessage(
        String id,
        String ticket,
        String direction,
        String channel,
        String mailbox,
        String messageId,
        String from,
        String fromName,
        List<String> to,
        List<String> cc,
        String subject,
        String text,
        String newContent,
        Instant receivedAt,
        Instant sentAt,
        List<ParsedMessage.Attachment> attachments,
        Screening screening,
        Threading threading,
        List<String> warnings,
        String quotedHistory,
        String signature,
        DeliveryReport deliveryReport,
        Classification classification,
        RoutingDecision routing) {

    /** Without classification and routing (outbound mail, screened mail, imports). */
    public TicketMessage(String id, String ticket, String direction, String channel, String mailbox, String messageId,
            String from, String fromName, List<String> to, List<String> cc, String subject, String text,
            String newContent, Instant receivedAt, Instant sentAt, List<ParsedMessage.Attachment> attachments,
            Screening screening, Threading threading, List<String> warnings, String quotedHistory, String signature,
            DeliveryReport deliveryReport) {
        this(id, ticket, direction, channel, mailbox, messageId, from, fromName, to, cc, subject, text, newContent,
                receivedAt, sentAt, attachments, screening, threading, warnings, quotedHistory, signature, deliveryReport,
                null, null);
    }

    /** Without the parts the parser tells apart (quoted history, signature, delivery report). */
    public TicketMessage(String id, String ticket, String direction, String channel, String mailbox, String messageId,
            String from, String fromName, List<String> to, List<String> cc, String subject, String text,
            String newContent, Instant receivedAt, Instant sentAt, List<ParsedMessage.Attachment> attachments,
            Screening screening, Threading threading, List<String> warnings) {
        this(id, ticket, direction, channel, mailbox, messageId, from, fromName, to, cc, subject, text, newContent,
                receivedAt, sentAt, attachments, screening, threading, warnings, null, null, null, null, null);
    }

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";

    /** The screening verdict as stored. */
    public record Screening(String kind, String reason) {
    }

    /**
     * The threading decision as stored: method, evidence, score and the alternatives rejected.
     *
     * @param relatedTo the ticket a new ticket was linked to (a stranger named it, or it was closed too long ago)
     * @param reopened  the message reopened a solved or closed ticket
     */
    public record Threading(String method, String evidence, Double score, List<String> rejected, String relatedTo,
            Boolean reopened) {

        public Threading(String method, String evidence, List<String> rejected) {
            this(method, evidence, null, rejected, null, null);
        }
    }
}
