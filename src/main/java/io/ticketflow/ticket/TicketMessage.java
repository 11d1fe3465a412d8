package io.ticketflow.ticket;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.DeliveryReport;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ThreadingDecision;
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

    /**
     * A message from the customer side as the intake keeps it: who wrote what, and every decision made about it.
     *
     * @param threading null for machine mail that belongs to no ticket
     */
    public static TicketMessage inbound(RawMessage raw, ParsedMessage parsed, String ticket, ScreeningVerdict verdict,
            Threading threading, Classification classification, RoutingDecision routing) {
        return new TicketMessage(raw.id(), ticket, INBOUND, raw.channel(), raw.mailbox(), parsed.messageId(),
                parsed.from().address(), parsed.from().name(), MailAddress.addressesOf(parsed.to()),
                MailAddress.addressesOf(parsed.cc()), parsed.subject(), parsed.text(), parsed.newContent(),
                raw.receivedAt(), parsed.sentAt(), parsed.attachments(),
                new Screening(verdict.kind().label(), verdict.reason()), threading, parsed.warnings(),
                parsed.quotedHistory(), parsed.signature(), parsed.deliveryReport(), classification, routing);
    }

    /** A message we sent on the ticket (an agent's reply), as it went out. */
    public static TicketMessage outbound(String id, String ticket, String channel, String messageId, MailAddress from,
            List<String> to, String subject, String text, Instant at) {
        return new TicketMessage(id, ticket, OUTBOUND, channel, null, messageId, from.address(), from.name(), to,
                List.of(), subject, text, text, at, at, List.of(), null, null, List.of(), null, null, null, null, null);
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

        /** The threading decision as stored with the message. */
        public static Threading of(ThreadingDecision d) {
            return new Threading(d.method().label(), d.evidence(), d.score(), d.rejected(), d.relatedTo(),
                    d.reopen() ? true : null);
        }
    }
}
