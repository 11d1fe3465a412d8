package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * A chat conversation (channel + the channel's conversation key: Telegram chat id, WhatsApp wa_id, Mastodon account)
 * → the ticket its messages go to: one small document in the message-id index, read by realtime GET like every
 * threading lookup. The pointer is overwritten when the conversation opens a new ticket (the old one was closed too
 * long ago), so it always names the conversation's newest ticket.
 */
@Component
@DependsOn("indexTemplates")
public class ConversationIndex {

    private static final String PREFIX = "chat-conversation:";

    private final ElasticsearchClient client;
    private final Indices indices;

    public ConversationIndex(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** The conversation's current ticket, or null for a conversation never seen. */
    public MessageIdIndex.Entry find(String channel, String conversation) {
        GetResponse<MessageIdIndex.Entry> got = StoreErrors.call("look up conversation", () -> client.get(
                g -> g.index(indices.messageIds()).id(key(channel, conversation)), MessageIdIndex.Entry.class));
        return got.found() ? got.source() : null;
    }

    /** Points the conversation at its newest ticket (idempotent). */
    public void point(String channel, String conversation, String ticket) {
        String id = PREFIX + channel + ":" + conversation;
        MessageIdIndex.Entry entry = new MessageIdIndex.Entry(id.length() > 1000 ? id.substring(0, 1000) : id, ticket,
                "conversation", Instant.now());
        StoreErrors.call("point conversation to ticket", () -> client.index(
                i -> i.index(indices.messageIds()).id(key(channel, conversation)).document(entry)));
    }

    private static String key(String channel, String conversation) {
        return RawMessage.sha256Hex(PREFIX + channel + ":" + conversation);
    }
}
