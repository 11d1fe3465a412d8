package io.ticketflow.respond;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Limits on automatic mail (acknowledgements, reminders, notices), so that no responder, list or forged sender can
 * make us send without end. The defaults are tiers per recipient (10 in 10 minutes, 20 an hour) capped at 40 per
 * address per day, the limits established helpdesks (Zammad, OTRS) use.
 *
 * @param perRecipient    at most {@code max} automatic mails to one address within each {@code window}
 * @param sameSubject     at most {@code max} automatic replies to one address about the same subject (tag and Re:
 *                        prefixes ignored) within {@code window}: an autoresponder that strips our tag and headers
 *                        opens a new ticket each round, and this is what stops it
 * @param global          all automatic mail of all instances together (counted in the store); above it the
 *                        breaker opens for every instance. High by default: the per-domain and per-source breakers
 *                        are what one outsider trips, so one flood no longer stops every acknowledgement
 * @param breakerCooldown how long an open global breaker stops all automatic mail
 * @param acknowledgements at most {@code max} acknowledgements (new tickets) to one address within {@code window}: an
 *                        autoresponder that also changes the subject each time opens a new ticket per round
 * @param perDomain       automatic mail to one destination domain (all its addresses and subdomains, all
 *                        instances); above it that domain's breaker trips for one {@code window}
 * @param perSource       automatic mail caused by messages of one source (a mailbox, or a channel's account);
 *                        above it that source's breaker trips for one {@code window}
 */
@ConfigurationProperties("ticketflow.respond.loop-protection")
public record LoopProtectionProperties(List<Limit> perRecipient, Limit sameSubject, Limit global,
        Duration breakerCooldown, Limit acknowledgements, Limit perDomain, Limit perSource) {

    /** At most {@code max} within {@code window}. */
    public record Limit(Duration window, int max) {
    }

    @ConstructorBinding
    public LoopProtectionProperties {
        perRecipient = perRecipient == null || perRecipient.isEmpty()
                ? List.of(new Limit(Duration.ofMinutes(10), 10), new Limit(Duration.ofHours(1), 20),
                        new Limit(Duration.ofDays(1), 40))
                : List.copyOf(perRecipient);
        sameSubject = sameSubject == null ? new Limit(Duration.ofDays(1), 2) : sameSubject;
        global = global == null ? new Limit(Duration.ofMinutes(10), 10_000) : global;
        breakerCooldown = breakerCooldown == null ? Duration.ofMinutes(30) : breakerCooldown;
        acknowledgements = acknowledgements == null ? new Limit(Duration.ofHours(1), 2) : acknowledgements;
        perDomain = perDomain == null ? new Limit(Duration.ofMinutes(10), 300) : perDomain;
        perSource = perSource == null ? new Limit(Duration.ofMinutes(10), 3_000) : perSource;
    }

    /** The limits before the per-domain and per-source breakers (those get their defaults). */
    public LoopProtectionProperties(List<Limit> perRecipient, Limit sameSubject, Limit global, Duration breakerCooldown,
            Limit acknowledgements) {
        this(perRecipient, sameSubject, global, breakerCooldown, acknowledgements, null, null);
    }

    public static LoopProtectionProperties defaults() {
        return new LoopProtectionProperties(null, null, null, null, null, null, null);
    }

    /** The same limits with other breakers per domain and per source. */
    public LoopProtectionProperties withBreakers(Limit domain, Limit source) {
        return new LoopProtectionProperties(perRecipient, sameSubject, global, breakerCooldown, acknowledgements,
                domain, source);
    }
}
