package io.ticketflow.intake;

import io.ticketflow.respond.BounceAddress;
import io.ticketflow.store.IndexDocuments;
import io.ticketflow.store.Indices;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.thread.ThreadTokens;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Whether a delivery report proves that our mail to a recipient failed. Anyone can write a DSN naming any address, so
 * a report counts for a recipient only if
 * <ul>
 * <li>it was sent to our signed bounce address for that recipient (the VERP envelope sender of the mail, which only we
 * can sign: {@link BounceAddress}), or</li>
 * <li>it quotes the Message-ID of a mail we really sent (our signed Message-ID, or one recorded as outbound) to
 * exactly that recipient (the outbox entry with that Message-ID says to whom).</li>
 * </ul>
 * Anything else (a Message-ID of a customer's mail, one of ours sent to someone else, a bounce address signed for
 * another recipient) proves nothing, and the address stays deliverable.
 */
@Component
class BounceEvidence {

    /** Headers where the envelope recipient of a bounce (our bounce address) shows up after delivery. */
    private static final List<String> ENVELOPE_HEADERS = List.of("to", "delivered-to", "x-original-to", "envelope-to",
            "x-envelope-to", "x-delivered-to");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;:\"()\\[\\]]{1,200}@[^\\s<>,;:\"()\\[\\]]{1,200}");
    private static final int MAX_ADDRESSES = 20;

    private final BounceAddress bounces;
    private final MessageIdIndex messageIds;
    private final IndexDocuments docs;
    private final Indices indices;
    private final ThreadTokens tokens;

    BounceEvidence(BounceAddress bounces, MessageIdIndex messageIds, IndexDocuments docs, Indices indices,
            ThreadTokens tokens) {
        this.tokens = tokens;
        this.bounces = bounces;
        this.messageIds = messageIds;
        this.docs = docs;
        this.indices = indices;
    }

    /** What proves the recipient's mail failed, or null if the report proves nothing about it. */
    String proof(ParsedMessage report, String recipient, String originalMessageId) {
        for (String address : envelopeAddresses(report)) {
            var signed = bounces.verify(address, recipient);
            if (signed.isPresent()) {
                return "signed bounce address of " + signed.get().outboxId();
            }
        }
        if (originalMessageId != null && sentTo(originalMessageId, recipient)) {
            return "reports our Message-ID <" + originalMessageId + ">";
        }
        return null;
    }

    private boolean sentTo(String messageId, String recipient) {
        // our signed Message-IDs are not in the Message-ID index: the signature says the id is ours
        boolean ours = tokens.verifyMessageId(messageId).check() == ThreadTokens.Check.VALID;
        MessageIdIndex.Entry entry = ours ? null : messageIds.find(messageId);
        if (!ours && (entry == null || !TicketMessage.OUTBOUND.equals(entry.direction()))) {
            return false;
        }
        // after a refresh: a bounce can come back within a second of the mail being recorded
        return docs.find(indices.outbox(), IndexDocuments.terms("messageId", List.of(messageId)), "id", 10).stream()
                .anyMatch(e -> e.get("to") != null && String.valueOf(e.get("to")).strip().equalsIgnoreCase(recipient.strip()));
    }

    private static Set<String> envelopeAddresses(ParsedMessage report) {
        Set<String> found = new LinkedHashSet<>();
        report.to().stream().map(MailAddress::address).forEach(found::add);
        for (String name : ENVELOPE_HEADERS) {
            for (String value : report.headers().getOrDefault(name, List.of())) {
                Matcher m = ADDRESS.matcher(value);
                while (m.find() && found.size() < MAX_ADDRESSES) {
                    found.add(m.group().toLowerCase(Locale.ROOT));
                }
            }
        }
        return found;
    }
}
