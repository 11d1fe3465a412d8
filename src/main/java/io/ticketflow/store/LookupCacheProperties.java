package io.ticketflow.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The in-process caches that spare the intake its realtime GETs (docs/threading.md, "Lookups without realtime
 * GETs"): each is bounded (least recently used entries go first) and forgets an entry after {@code maxAge}.
 *
 * @param messageIds  Message-IDs and Outlook conversations with their owner ticket (immutable once written)
 * @param tickets     tickets with the version this instance last wrote or read (the first try of a conditional update)
 * @param pointers    chat conversation pointers (checked against the store before a new ticket is opened)
 * @param ledger      per-recipient automatic-mail ledger entries with their version (the first try of a reservation)
 * @param maxAge      how long an entry may be used after it was written or read
 * @param addresses   delivery states (bounced addresses) held in memory at most; with more, each is read by GET
 * @param addressesRefresh how often the delivery states are read again from the store (another instance's bounce is
 *                    respected after at most this long; this instance's own at once)
 * @param evictionCheck how often this instance checks whether another one deleted what its caches mirror (retention,
 *                    erasure) and then forgets them; 0 checks never (a single instance needs no check)
 */
@ConfigurationProperties("ticketflow.lookups")
public record LookupCacheProperties(Integer messageIds, Integer tickets, Integer pointers, Integer ledger,
        Duration maxAge, Integer addresses, Duration addressesRefresh, Duration evictionCheck) {

    @ConstructorBinding
    public LookupCacheProperties {
        messageIds = messageIds == null ? 50_000 : messageIds;
        tickets = tickets == null ? 5_000 : tickets;
        pointers = pointers == null ? 10_000 : pointers;
        ledger = ledger == null ? 10_000 : ledger;
        maxAge = maxAge == null ? Duration.ofHours(1) : maxAge;
        addresses = addresses == null ? 5_000 : addresses;
        addressesRefresh = addressesRefresh == null ? Duration.ofSeconds(30) : addressesRefresh;
        evictionCheck = evictionCheck == null ? Duration.ofSeconds(10) : evictionCheck;
        if (messageIds < 0 || tickets < 0 || pointers < 0 || ledger < 0 || addresses < 0 || maxAge.isNegative()
                || addressesRefresh.isNegative() || evictionCheck.isNegative()) {
            throw new IllegalArgumentException("ticketflow.lookups: sizes and max-age must not be negative (0 turns a cache off)");
        }
        if (addresses > 9_999) {
            throw new IllegalArgumentException("ticketflow.lookups.addresses: at most 9999 (one search reads them all)");
        }
    }

    /** The defaults (plain-Java construction in tests and tools). */
    public static LookupCacheProperties defaults() {
        return new LookupCacheProperties(null, null, null, null, null, null, null, null);
    }
}
