package io.ticketflow.respond;

import io.ticketflow.store.AutoMailTrips;
import io.ticketflow.store.AutoMailWindow;
import io.ticketflow.store.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic-mail breakers: one per destination domain, one per source (the mailbox or channel account the
 * triggering message came from) and one for all automatic mail, each counted over all instances in the store. One
 * outsider flooding from one domain or through one mailbox trips that domain's or source's breaker only, so the
 * acknowledgements of everybody else still go; the global one is a high last ceiling.
 * <p>
 * A trip refuses the key's mail for one window (the global one for {@code breaker-cooldown}), is recorded once
 * over all instances (the compare-and-set write that trips it decides who records): event {@code breaker.tripped},
 * the shared list of trips that health shows, and an error in the log.
 * <p>
 * Cheap: slots are leased from the store in chunks ({@link AutoMailWindow}), so a busy key costs a store round trip
 * per chunk, not per mail. A chunk starts at one slot, doubles while the leases are used up and is at most a 50th of
 * the limit, which is all another instance can hold unused when a key trips. A trip this instance knows of refuses
 * without asking the store.
 */
final class AutoMailBreaker {

    private static final Logger log = LoggerFactory.getLogger(AutoMailBreaker.class);
    private static final int LEASE_PARTS = 50;
    private static final int MAX_LOCAL = 10_000;
    /** Second levels under which a country's domains are registered (example.co.uk is one domain, not co.uk). */
    private static final Set<String> SECOND_LEVELS = Set.of("co", "com", "net", "org", "gov", "edu", "ac", "or", "ne",
            "go", "gv", "ltd", "plc", "sch", "mil", "nom", "gob", "gouv", "nhs", "police");

    private final AutoMailWindow window;
    private final AutoMailTrips trips;
    private final LoopProtectionProperties limits;
    private final EventLog events;
    private final Clock clock;
    private final Map<String, Local> local = new ConcurrentHashMap<>();
    private volatile Instant prunedAt = Instant.MIN;

    AutoMailBreaker(AutoMailWindow window, AutoMailTrips trips, LoopProtectionProperties limits, EventLog events,
            Clock clock) {
        this.window = window;
        this.trips = trips;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
    }

    /** One breaker: {@code domain}, {@code source} or {@code global} (value null). */
    record Key(String kind, String value, LoopProtectionProperties.Limit limit, Duration tripFor) {
        String id() {
            return value == null ? AutoMailWindow.GLOBAL : kind + ":" + value;
        }

        String describe() {
            return value == null ? "all automatic mail" : kind + " " + value;
        }
    }

    /** This instance's view of one key: its lease and a trip it knows of. */
    private static final class Local {
        final Key key;
        int granted;
        int remaining;
        Instant validUntil = Instant.MIN;
        Instant openUntil;

        Local(Key key) {
            this.key = key;
        }
    }

    /** Why a mail to the address caused by the source must not go because a breaker is known to be tripped, or null. */
    String knownTrip(String address, String source) {
        Instant now = clock.instant();
        for (Key key : keys(address, source)) {
            Local l = local.get(key.id());
            if (l != null) {
                synchronized (l) {
                    if (l.openUntil != null && now.isBefore(l.openUntil)) {
                        return refusal(key, l.openUntil);
                    }
                }
            }
        }
        return null;
    }

    /**
     * Takes one slot of each breaker the mail falls under (domain, source, global in this order); null when it may
     * go, else why not. A slot taken before a later key refuses stays taken (the count errs on the safe side).
     */
    String take(String address, String source, String ticket) {
        String known = knownTrip(address, source);
        if (known != null) {
            return known;
        }
        Instant now = clock.instant();
        for (Key key : keys(address, source)) {
            String refusal = takeOne(key, now, ticket);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    private String takeOne(Key key, Instant now, String ticket) {
        if (local.size() > MAX_LOCAL && now.isAfter(prunedAt.plusSeconds(1))) {
            // many domains (a flood from random ones): forget the leases and trips that are over, at most once a second
            prunedAt = now;
            local.values().removeIf(l -> !now.isBefore(l.validUntil) && (l.openUntil == null || !now.isBefore(l.openUntil)));
        }
        Local l = local.computeIfAbsent(key.id(), k -> new Local(key));
        synchronized (l) {
            if (l.openUntil != null && now.isBefore(l.openUntil)) {
                return refusal(key, l.openUntil);
            }
            if (l.remaining > 0 && now.isBefore(l.validUntil)) {
                l.remaining--;
                return null;
            }
            // a lease used up asks for twice as much; one that ran out of time with slots left, for what was used
            int cap = Math.max(1, key.limit().max() / LEASE_PARTS);
            int wanted = l.granted == 0 ? 1 : l.remaining == 0 ? l.granted * 2 : l.granted - l.remaining;
            AutoMailWindow.Lease lease = window.lease(key.id(), now, key.limit().window(), key.limit().max(),
                    Math.max(1, Math.min(cap, wanted)), key.tripFor());
            if (lease.granted() == 0) {
                l.granted = 0;
                l.remaining = 0;
                l.openUntil = lease.state().openUntil();
                if (lease.opened()) {
                    tripped(key, lease.state(), ticket);
                }
                return refusal(key, l.openUntil);
            }
            l.granted = lease.granted();
            l.remaining = lease.granted() - 1;
            l.validUntil = lease.validUntil();
            l.openUntil = null;
            return null;
        }
    }

    /** Recorded by the instance whose write tripped it: once per trip over all instances. */
    private void tripped(Key key, AutoMailWindow.State state, String ticket) {
        long count = state.countAtTrip() == null ? key.limit().max() : state.countAtTrip();
        AutoMailTrips.Trip trip = new AutoMailTrips.Trip(key.kind(), key.value(), state.lastOpened(), state.openUntil(),
                count, key.limit().max(), key.limit().window().toString());
        String detail = "breaker tripped for " + key.describe() + ": " + count + " automatic mails within "
                + key.limit().window() + " (limit " + key.limit().max() + ", all instances); stopped until "
                + state.openUntil();
        log.error("Automatic mail breaker OPEN for {} until {}: {} automatic mails within {} (limit {}, all instances)",
                key.describe(), state.openUntil(), count, key.limit().window(), key.limit().max());
        try {
            trips.add(trip, state.lastOpened());
        }
        catch (RuntimeException e) {
            // health then shows it only on the instances that meet it; the breaker itself is tripped in the store
            log.warn("Trip of the {} breaker not listed for health: {}", key.describe(), e.getMessage());
        }
        if (events != null) {
            events.record(EventLog.Event.of("breaker.tripped", ticket, null, 0, detail)
                    .withChange(key.kind(), null, key.value() == null ? "all" : key.value()));
        }
    }

    /** The reason a refused mail is recorded with. */
    static String refusal(Key key, Instant until) {
        if (key.value() == null) {
            return "breaker tripped for all automatic mail: the global breaker is open until " + until + " (more than "
                    + key.limit().max() + " automatic mails within " + key.limit().window() + ", all instances)";
        }
        return "breaker tripped for " + key.describe() + " until " + until + " (more than " + key.limit().max()
                + " automatic mails within " + key.limit().window() + ", all instances)";
    }

    /** The breakers tripped now: as the store lists them (all instances), else the ones this instance knows of. */
    List<AutoMailTrips.Trip> trips() {
        Instant now = clock.instant();
        try {
            return trips.active(now);
        }
        catch (RuntimeException e) {
            log.debug("automatic-mail trips unreadable: {}", e.getMessage());
            List<AutoMailTrips.Trip> known = new ArrayList<>();
            for (Local l : local.values()) {
                synchronized (l) {
                    if (l.openUntil != null && now.isBefore(l.openUntil)) {
                        known.add(new AutoMailTrips.Trip(l.key.kind(), l.key.value(), null, l.openUntil, -1,
                                l.key.limit().max(), l.key.limit().window().toString()));
                    }
                }
            }
            return known;
        }
    }

    private List<Key> keys(String address, String source) {
        List<Key> keys = new ArrayList<>(3);
        String domain = domainOf(address);
        if (domain != null) {
            keys.add(new Key("domain", domain, limits.perDomain(), limits.perDomain().window()));
        }
        if (source != null && !source.isBlank()) {
            keys.add(new Key("source", source, limits.perSource(), limits.perSource().window()));
        }
        keys.add(new Key("global", null, limits.global(), limits.breakerCooldown()));
        return keys;
    }

    /**
     * The registered domain of an address, lower case: the last two labels, three under a country's second level
     * ({@code mail.shop.co.uk} is {@code shop.co.uk}), so a flood from random subdomains counts as one domain.
     */
    static String domainOf(String address) {
        if (address == null || address.lastIndexOf('@') < 0) {
            return null;
        }
        String domain = address.substring(address.lastIndexOf('@') + 1).trim().toLowerCase(Locale.ROOT);
        while (domain.endsWith(".") || domain.endsWith(">")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.isEmpty() || domain.startsWith("[")) {
            return domain.isEmpty() ? null : domain;
        }
        String[] labels = domain.split("\\.");
        int n = labels.length;
        int keep = n >= 3 && labels[n - 1].length() == 2 && SECOND_LEVELS.contains(labels[n - 2]) ? 3 : 2;
        return n <= keep ? domain : String.join(".", List.of(labels).subList(n - keep, n));
    }
}
