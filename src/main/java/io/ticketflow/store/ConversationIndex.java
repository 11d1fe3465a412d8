package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
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
    private final RecentCache<String, MessageIdIndex.Entry> pointers;

    public ConversationIndex(ElasticsearchClient client, Indices indices) {
        this(client, indices, LookupCacheProperties.defaults());
    }

    @Autowired
    public ConversationIndex(ElasticsearchClient client, Indices indices, LookupCacheProperties lookups) {
        this.client = client;
        this.indices = indices;
        this.pointers = new RecentCache<>(lookups.pointers(), lookups.maxAge(), Clock.systemUTC());
    }

    /**
     * The conversation's ticket as this instance last wrote or read it (possibly moved since by another instance),
     * else as stored; null for a conversation never seen.
     */
    public Found find(String channel, String conversation) {
        MessageIdIndex.Entry cached = pointers.get(key(channel, conversation));
        return cached != null ? new Found(cached, true) : findStored(channel, conversation);
    }

    /** The conversation's current ticket as stored now (a realtime GET), or null for a conversation never seen. */
    public Found findStored(String channel, String conversation) {
        String key = key(channel, conversation);
        GetResponse<MessageIdIndex.Entry> got = StoreErrors.call("look up conversation", () -> client.get(
                g -> g.index(indices.messageIds()).id(key), MessageIdIndex.Entry.class));
        if (!got.found() || got.source() == null) {
            pointers.remove(key);
            return null;
        }
        pointers.put(key, got.source());
        return new Found(got.source(), false);
    }

    /** A conversation's pointer, and whether it came from this instance's cache (it may be out of date). */
    public record Found(MessageIdIndex.Entry entry, boolean cached) {
    }

    /** Points the conversation at its newest ticket (idempotent). */
    public void point(String channel, String conversation, String ticket) {
        String id = PREFIX + channel + ":" + conversation;
        MessageIdIndex.Entry entry = new MessageIdIndex.Entry(id.length() > 1000 ? id.substring(0, 1000) : id, ticket,
                "conversation", Instant.now());
        StoreErrors.call("point conversation to ticket", () -> client.index(
                i -> i.index(indices.messageIds()).id(key(channel, conversation)).document(entry)));
        pointers.put(key(channel, conversation), entry);
    }

    /** Forgets the pointers to deleted tickets (retention, erasure). */
    void forget(Collection<String> tickets) {
        Set<String> numbers = Set.copyOf(tickets);
        pointers.removeValues(e -> numbers.contains(e.ticket()));
    }

    /** Forgets every pointer (another instance deleted tickets). */
    void forgetAll() {
        pointers.clear();
    }

    private static String key(String channel, String conversation) {
        return RawMessage.sha256Hex(PREFIX + channel + ":" + conversation);
    }
}
