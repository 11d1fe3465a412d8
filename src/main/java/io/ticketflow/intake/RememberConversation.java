package io.ticketflow.intake;

import io.ticketflow.thread.ConversationThreader;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;

/**
 * {@code remember conversation}: a chat message that opened a ticket points its conversation at it, so the chat's next
 * messages append to it. Only after the ticket is written: a conversation never points at a ticket that does not
 * exist yet. Idempotent, so a retry after a crash just writes the same pointer again.
 */
final class RememberConversation implements IntakeStep {

    private final ConversationThreader conversations;

    RememberConversation(ConversationThreader conversations) {
        this.conversations = conversations;
    }

    @Override
    public String name() {
        return "remember conversation";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        // an alert's identity is remembered by follow alert, not its channel's conversation
        return m.settled == Outcome.CREATED && m.raw.conversationKey() != null && !m.raw.isMail() && m.alert == null;
    }

    @Override
    public void apply(MessageInProgress m) {
        conversations.remember(m.raw.channel(), m.raw.conversationKey(), m.ticketNumber);
    }
}
