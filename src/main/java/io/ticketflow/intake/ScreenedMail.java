package io.ticketflow.intake;

import io.ticketflow.store.AddressStore;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.thread.ThreadTokens;
import io.ticketflow.thread.Threader;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ThreadingDecision;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Keeps machine mail visible without ever answering it: an out-of-office reply or a bounce is attached to the ticket
 * it is about (without changing the ticket's status or participants), a bounce marks the failed recipients it proves
 * (signed bounce address or our Message-ID, {@link BounceEvidence}) undeliverable, and every screened message is stored with its verdict, with or without a ticket.
 */
@Component
class ScreenedMail {

    private final Threader threader;
    private final MessageIdIndex messageIds;
    private final AddressStore addresses;
    private final MessageStore messages;
    private final TicketStore tickets;
    private final BounceEvidence evidence;
    private final ThreadTokens tokens;

    ScreenedMail(Threader threader, MessageIdIndex messageIds, AddressStore addresses, MessageStore messages,
            TicketStore tickets, BounceEvidence evidence, ThreadTokens tokens) {
        this.evidence = evidence;
        this.tokens = tokens;
        this.threader = threader;
        this.messageIds = messageIds;
        this.addresses = addresses;
        this.messages = messages;
        this.tickets = tickets;
    }

    /** What became of a screened message: the ticket it was attached to (or null) and the full reason. */
    record Kept(String ticket, String reason) {
    }

    Kept keep(RawMessage raw, ParsedMessage parsed, ScreeningVerdict verdict) {
        ScreenedLink link = screenedTicket(parsed, verdict);
        String number = link == null ? null : link.ticket();
        String reason = verdict.reason();
        if (verdict.kind() == ScreeningVerdict.Kind.BOUNCE) {
            reason += markUndeliverable(raw, parsed, number);
        }
        messages.create(screenedMessage(raw, parsed, number, verdict, link));
        if (number != null) {
            tickets.update(number, t -> t.withScreenedMessage(raw.id()));
            reason += "; attached to ticket " + number + " by " + link.method();
        }
        return new Kept(number, reason);
    }

    /** Which ticket a screened message belongs to, and by what evidence. */
    private record ScreenedLink(String ticket, String method, String evidence) {
    }

    /**
     * Auto-replies thread like replies (In-Reply-To/References/tag, with the sender check); bounces and read receipts
     * by the Message-ID of the mail they report on (the DSN's returned message or headers, the MDN's
     * Original-Message-ID). Lists, spam and our own mail belong to no ticket.
     */
    private ScreenedLink screenedTicket(ParsedMessage parsed, ScreeningVerdict verdict) {
        if (verdict.kind() == ScreeningVerdict.Kind.AUTO_REPLY) {
            ThreadingDecision decision = threader.thread(parsed);
            return decision.isNewTicket() ? null
                    : new ScreenedLink(decision.ticketNumber(), decision.method().label(), decision.evidence());
        }
        if (verdict.kind() == ScreeningVerdict.Kind.BOUNCE) {
            String original = reportedMessageId(parsed);
            // our signed Message-ID names its ticket (it is not in the Message-ID index); any other id is looked up
            ThreadTokens.Verified signed = tokens.verifyMessageId(original);
            String ticket = signed.check() == ThreadTokens.Check.VALID ? signed.ticket()
                    : ticketOf(messageIds.find(original));
            return ticket == null ? null : new ScreenedLink(ticket, "reported-message-id", "<" + original + ">");
        }
        return null;
    }

    private static String ticketOf(MessageIdIndex.Entry entry) {
        return entry == null ? null : entry.ticket();
    }

    private static String reportedMessageId(ParsedMessage parsed) {
        String original = parsed.deliveryReport() == null ? null : parsed.deliveryReport().originalMessageId();
        return original != null ? original : parsed.attachments().stream()
                .filter(a -> a.message() != null && a.message().messageId() != null)
                .map(a -> a.message().messageId()).findFirst().orElse(null);
    }

    /**
     * Failed DSN recipients become undeliverable addresses, but only those the report proves ({@link BounceEvidence}):
     * a forged bounce marks nothing. Returns what to add to the reason.
     */
    private String markUndeliverable(RawMessage raw, ParsedMessage parsed, String ticket) {
        if (parsed.deliveryReport() == null) {
            return "";
        }
        List<String> failed = parsed.deliveryReport().failedAddresses();
        List<String> marked = new ArrayList<>();
        List<String> unproven = new ArrayList<>();
        String original = reportedMessageId(parsed);
        for (var recipient : parsed.deliveryReport().recipients()) {
            String address = recipient.finalRecipient();
            if (!recipient.failed() || address == null || !failed.contains(address)) {
                continue;
            }
            String proof = evidence.proof(parsed, address, original);
            if (proof == null) {
                unproven.add(address);
                continue;
            }
            addresses.markUndeliverable(address, recipient.diagnosticCode() != null ? recipient.diagnosticCode()
                    : "delivery failed", recipient.status(), ticket, raw.id());
            marked.add(address + " (" + proof + ")");
        }
        return (marked.isEmpty() ? "" : "; undeliverable: " + String.join(", ", marked))
                + (unproven.isEmpty() ? "" : "; not marked undeliverable (neither our signed bounce address nor a "
                        + "Message-ID we sent to it): " + String.join(", ", unproven));
    }

    private static TicketMessage screenedMessage(RawMessage raw, ParsedMessage parsed, String number,
            ScreeningVerdict verdict, ScreenedLink link) {
        return TicketMessage.inbound(raw, parsed, number, verdict,
                link == null ? null : new TicketMessage.Threading(link.method(), link.evidence(), List.of()), null, null);
    }
}
