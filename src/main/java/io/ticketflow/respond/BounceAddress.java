package io.ticketflow.respond;

import io.ticketflow.vocabulary.TicketflowIdentity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * VERP-style envelope sender of our outgoing mail: {@code bounces+<ticket>-<token>@<domain of the from address>}. A
 * bounce comes back to that address (Return-Path / the DSN's envelope), so it can be tied to its ticket; the token is
 * an HMAC of the ticket number with the identity secret, so a forged bounce cannot name any ticket it likes
 * and mark its mail as undeliverable.
 */
@Component
public class BounceAddress {

    private static final Pattern VERP = Pattern.compile("bounces\\+([0-9A-Za-z]{1,40})-([0-9a-f]{12})@(.+)",
            Pattern.CASE_INSENSITIVE);

    private final TicketflowIdentity identity;
    private final String domain;

    public BounceAddress(TicketflowIdentity identity) {
        this.identity = identity;
        String from = identity.fromAddress();
        this.domain = from.substring(from.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    public String of(String ticket) {
        return "bounces+" + ticket + "-" + token(ticket) + "@" + domain;
    }

    /** The ticket a bounce address names, if the address is ours and its token is right. */
    public Optional<String> ticketOf(String address) {
        if (address == null) {
            return Optional.empty();
        }
        Matcher m = VERP.matcher(address.strip().replaceAll("^<|>$", ""));
        if (!m.matches() || !m.group(3).equalsIgnoreCase(domain)) {
            return Optional.empty();
        }
        boolean valid = MessageDigest.isEqual(token(m.group(1)).getBytes(StandardCharsets.US_ASCII),
                m.group(2).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(m.group(1)) : Optional.empty();
    }

    private String token(String ticket) {
        // without a configured secret the instance name keys the HMAC: still ties bounces, but guessable (set it)
        String key = identity.secret().isBlank() ? "ticketflow-bounce:" + identity.instanceName() : identity.secret();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("bounce:" + ticket).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
