package io.ticketflow.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The in-process lookup caches that mirror documents retention and erasure delete (docs/threading.md, "Lookups without
 * realtime GETs"): told what was deleted, they forget it, so a cached Message-ID, ticket version or chat pointer never
 * threads a new message onto an erased or expired ticket, nor cites an erased Message-ID as evidence. The deleting
 * instance also leaves a notice in the store ({@link EvictionNotices}); every instance checks it every
 * {@code ticketflow.lookups.eviction-check} and forgets all its caches when it rose, so another instance's cache
 * follows a deletion within that period, not only by its {@code max-age}.
 */
@Component
public final class LookupCaches implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LookupCaches.class);

    /** No caches to evict (a store used without the threading lookups). */
    static final LookupCaches NONE = new LookupCaches(null, null, null, null);

    private final MessageIdIndex messageIds;
    private final TicketStore tickets;
    private final ConversationIndex conversations;
    private final EvictionNotices notices;
    private final Duration checkEvery;
    /** The notice version this instance's caches are known to have followed (0: none seen yet). */
    private final AtomicLong followed = new AtomicLong();
    private ScheduledExecutorService checks;

    LookupCaches(MessageIdIndex messageIds, TicketStore tickets, ConversationIndex conversations,
            EvictionNotices notices) {
        this(messageIds, tickets, conversations, notices, LookupCacheProperties.defaults());
    }

    @Autowired
    public LookupCaches(MessageIdIndex messageIds, TicketStore tickets, ConversationIndex conversations,
            EvictionNotices notices, LookupCacheProperties properties) {
        this.messageIds = messageIds;
        this.tickets = tickets;
        this.conversations = conversations;
        this.notices = notices;
        this.checkEvery = properties.evictionCheck();
    }

    /**
     * The store deleted these tickets and Message-ID entries, and changed these tickets (redacted): forget all of it,
     * and tell the other instances.
     */
    void deleted(Collection<String> deletedTickets, Collection<String> changedTickets, Collection<String> messageIdsGone) {
        if (messageIds != null) {
            messageIds.forget(deletedTickets, messageIdsGone);
        }
        if (tickets != null) {
            tickets.forget(deletedTickets);
            tickets.forget(changedTickets);
        }
        if (conversations != null) {
            conversations.forget(deletedTickets);
        }
        if (notices != null) {
            try {
                long version = notices.publish();
                // this instance has forgotten it already; an earlier notice it has not seen still counts
                followed.compareAndSet(version - 1, version);
            } catch (RuntimeException e) {
                log.warn("Could not tell other instances to forget their lookup caches ({}): they forget the deleted "
                        + "entries by their max-age", e.getMessage());
            }
        }
    }

    void deletedTickets(Collection<String> deletedTickets) {
        deleted(deletedTickets, List.of(), List.of());
    }

    /**
     * Forgets every cached entry when another instance deleted something since the last check (also at the first
     * check: what was cached before it may predate a notice this instance never saw).
     *
     * @return whether the caches were forgotten
     */
    public boolean checkNotices() {
        if (notices == null) {
            return false;
        }
        long latest = notices.latest();
        long seen = followed.get();
        if (latest == seen || !followed.compareAndSet(seen, latest)) {
            return false;
        }
        if (messageIds != null) {
            messageIds.forgetAll();
        }
        if (tickets != null) {
            tickets.forgetAll();
        }
        if (conversations != null) {
            conversations.forgetAll();
        }
        return true;
    }

    @Override
    public synchronized void start() {
        if (notices == null || checkEvery.isZero() || checks != null) {
            return;
        }
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lookup-cache-notices");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::checkQuietly, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            if (checkNotices()) {
                log.info("Lookup caches forgotten: another instance deleted tickets or Message-IDs (retention, erasure)");
            }
        } catch (RuntimeException e) {
            log.debug("Lookup cache notices not readable now: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (checks != null) {
            checks.shutdownNow();
            checks = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checks != null;
    }
}
