package io.ticketflow.respond;

import io.ticketflow.lifecycle.CsatProperties;
import io.ticketflow.store.SecretStore;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one-click rating links of the satisfaction request: {@code <base-url>/csat/<ticket>/<good|bad>?exp=..&sig=..},
 * signed with the install's secret (HMAC-SHA256 of ticket, rating and expiry), so nobody can rate a ticket they were
 * not asked about, nor keep a link working past its expiry. The acknowledgement's self-service link is signed the
 * same way.
 */
@Component
public class RatingLinks {

    static final String SELF_SERVICE_SOLVED = "self-service.solved";

    private final CsatProperties properties;
    /** Reads the secret once: the links are built for every mail model, and the stored secret is a store read. */
    private final SecretSigner signer;
    private final Clock clock;

    @Autowired
    public RatingLinks(CsatProperties properties, TicketflowIdentity identity, SecretStore secrets, Clock clock) {
        this(properties, () -> identity.secret().isBlank() ? secrets.getOrCreate("csat") : identity.secret(), clock);
    }

    RatingLinks(CsatProperties properties, Supplier<String> secret, Clock clock) {
        this.properties = properties;
        this.signer = new SecretSigner("csat:", secret);
        this.clock = clock;
    }

    /** The link that rates the ticket with {@code rating}, valid for the configured time from now. */
    public String link(String ticket, String rating) {
        long exp = clock.instant().plus(properties.linkValidity()).getEpochSecond();
        return properties.baseUrl() + "/csat/" + ticket + "/" + rating + "?exp=" + exp + "&sig="
                + signature(ticket, rating, exp);
    }

    /** Whether a link's parts were signed by us and it has not expired. */
    public boolean valid(String ticket, String rating, long exp, String sig) {
        if (ticket == null || rating == null || sig == null || Instant.ofEpochSecond(exp).isBefore(clock.instant())) {
            return false;
        }
        return signer.verify(text(ticket, rating, exp), 16, sig);
    }

    /**
     * The L0 self-service link of an acknowledgement, {@code <base-url>/self-service/solved/<ticket>?exp=..&sig=..}:
     * the same signing as the rating links, over the action {@value #SELF_SERVICE_SOLVED} (never a rating, so a
     * rating link's signature does not open it, nor the other way round).
     */
    public String selfServiceLink(String ticket) {
        long exp = clock.instant().plus(properties.linkValidity()).getEpochSecond();
        return properties.baseUrl() + "/self-service/solved/" + ticket + "?exp=" + exp + "&sig="
                + signature(ticket, SELF_SERVICE_SOLVED, exp);
    }

    /** Whether a self-service link's parts were signed by us and it has not expired. */
    public boolean validSelfService(String ticket, long exp, String sig) {
        return valid(ticket, SELF_SERVICE_SOLVED, exp, sig);
    }

    private String signature(String ticket, String rating, long exp) {
        return signer.sign(text(ticket, rating, exp), 16);
    }

    private static String text(String ticket, String rating, long exp) {
        return ticket + "\n" + rating + "\n" + exp;
    }
}
