package io.ticketflow.respond.channel;

import io.ticketflow.store.OutboxEntry;

/**
 * Sends one outbox entry (an acknowledgement, a follow-up, an agent's reply) as a message on a chat channel. The
 * entry's {@code to} is the customer's channel identity ({@code telegram:<chat id>}), its {@code body} the plain text,
 * its {@code inReplyTo}/{@code references} the message ids of the conversation, from which a channel that answers a
 * particular message (Mastodon) reads the message to answer.
 */
public interface ChannelSender {

    /** The channel this sender serves: {@code telegram}, {@code whatsapp}, {@code mastodon}. */
    String channel();

    /** Sends the entry; never throws for a channel failure, the delivery says what happened. */
    Delivery send(OutboxEntry entry);
}
