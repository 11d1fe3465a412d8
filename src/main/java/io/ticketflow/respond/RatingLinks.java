package io.ticketflow.respond;

import io.ticketflow.lifecycle.CsatProperties;
import io.ticketflow.store.SecretStore;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
    private final Supplier<String> secret;
    private final Clock clock;
    /** The key, read once: the links are built for every mail model, and the stored secret is a store read. */
    private volatile byte[] key;

    @Autowired
    public RatingLinks(CsatProperties properties, TicketflowIdentity identity, SecretStore secrets, Clock clock) {
        this(properties, () -> identity.secret().isBlank() ? secrets.getOrCreate("csat") : identity.secret(), clock);
    }

    RatingLinks(CsatProperties properties, Supplier<String> secret, Clock clock) {
        this.properties = properties;
        this.secret = secret;
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
        return MessageDigest.isEqual(signature(ticket, rating, exp).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] digest = mac.doFinal((ticket + "\n" + rating + "\n" + exp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = ("csat:" + secret.get()).getBytes(StandardCharsets.UTF_8);
            key = k;
        }
        return k;
    }
}
