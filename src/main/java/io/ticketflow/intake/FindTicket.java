package io.ticketflow.intake;

import io.ticketflow.thread.AlertThreader;
import io.ticketflow.thread.ConversationThreader;
import io.ticketflow.thread.HeldForReview;
import io.ticketflow.thread.Threader;

/**
 * {@code find ticket}: which ticket the message belongs to, by the strongest evidence (signed token, subject tag,
 * In-Reply-To/References ...) that passes the sender check, or a new one. A message held for review (the stranger
 * policy {@code hold}, or a From that fails DMARC by our own mail server) fails the attempt with
 * {@link HeldForReview}, which the intake quarantines at once with the threading evidence as its reason. A chat
 * channel's message goes by its conversation instead ({@link ConversationThreader}: one open ticket per channel and
 * conversation), a monitoring alert by its identity ({@link AlertThreader}: one open incident per alert). A mail's
 * first attempt claims its own Message-ID and subject pointer by create instead of reading them
 * ({@link Threader#threadClaiming}), and so already knows the number of a new ticket.
 */
final class FindTicket implements IntakeStep {

    private final Threader threader;
    private final ConversationThreader conversations;
    private final AlertThreader alerts;

    FindTicket(Threader threader, ConversationThreader conversations, AlertThreader alerts) {
        this.threader = threader;
        this.conversations = conversations;
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "find ticket";
    }

    @Override
    public void apply(MessageInProgress m) {
        String claimedNumber = null;
        if (m.alert != null) {
            m.threading = alerts.thread(m.alert);
        }
        else if (m.raw.conversationKey() != null && !m.raw.isMail()) {
            m.threading = conversations.thread(m.raw.channel(), m.raw.conversationKey());
        }
        else if (m.fresh) {
            // the first attempt: its own Message-ID and subject pointer are claimed by create instead of read first
            // (a retry reads them, and finds a number its first attempt claimed: number ticket)
            Threader.Claimed claimed = threader.threadClaiming(m.parsed);
            m.threading = claimed.decision();
            claimedNumber = claimed.newTicketNumber();
        }
        else {
            m.threading = threader.thread(m.parsed);
        }
        if (m.threading.hold()) {
            throw new HeldForReview(m.threading);
        }
        // a ticket number on the raw record means this message opened that ticket; after a crash the threader finds
        // the ticket through the message's own Message-ID, but it is still this message's new ticket (acknowledged once)
        String opened = m.record.value().ticket();
        m.opensTicket = m.threading.isNewTicket() || opened != null;
        m.ticketNumber = opened != null ? opened : m.threading.isNewTicket() ? claimedNumber : m.threading.ticketNumber();
    }
}
