package io.ticketflow.respond;

import io.ticketflow.store.SecretStore;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signed VERP envelope sender of our outgoing mail: {@code bounces+<outbox id>-<signature>@<domain of the from
 * address>}, one per mail and recipient. The signature is an HMAC-SHA256 (64 bits shown) of the outbox id and the
 * recipient with the install's secret, so a bounce that comes back to this address proves which mail to which
 * recipient failed, and nobody without the secret can make up an address that marks some other recipient
 * undeliverable. The secret is {@code ticketflow.identity.secret}, or one generated once and kept
 * in the store.
 */
@Component
public class BounceAddress {

    private static final Pattern VERP = Pattern.compile("bounces\\+([0-9A-Za-z._=-]{1,200})-([0-9a-f]{16})@(.+)",
            Pattern.CASE_INSENSITIVE);

    private final String domain;
    private final SecretSigner signer;

    /** With the configured secret only (tests and tools): without one, the instance name keys it, which is guessable. */
    public BounceAddress(TicketflowIdentity identity) {
        this(identity, () -> identity.secret().isBlank() ? "ticketflow-bounce:" + identity.instanceName()
                : identity.secret());
    }

    @Autowired
    public BounceAddress(TicketflowIdentity identity, SecretStore secrets) {
        this(identity, () -> identity.secret().isBlank() ? secrets.getOrCreate("bounce") : identity.secret());
    }

    BounceAddress(TicketflowIdentity identity, Supplier<String> secret) {
        String from = identity.fromAddress();
        this.domain = from.substring(from.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        this.signer = new SecretSigner("", secret);
    }

    /** A signed bounce in the name of an outbox entry: which mail, to whom. */
    public record Signed(String outboxId, String recipient) {

        /** The ticket number: the outbox id is {@code <ticket>-<key>}. */
        public String ticket() {
            int dash = outboxId.indexOf('-');
            return dash < 0 ? outboxId : outboxId.substring(0, dash);
        }
    }

    /** The envelope sender of the outbox entry {@code outboxId} sent to {@code recipient}. */
    public String of(String outboxId, String recipient) {
        return "bounces+" + encode(outboxId) + "-" + signature(outboxId, recipient) + "@" + domain;
    }

    /**
     * What a bounce sent to {@code address} may report about {@code recipient}: the outbox entry, if the address is
     * ours and signed for exactly this recipient; empty for any other address, recipient or a wrong signature.
     */
    public Optional<Signed> verify(String address, String recipient) {
        if (address == null || recipient == null || recipient.isBlank()) {
            return Optional.empty();
        }
        Matcher m = VERP.matcher(address.strip().replaceAll("^<|>$", ""));
        if (!m.matches() || !m.group(3).equalsIgnoreCase(domain)) {
            return Optional.empty();
        }
        String outboxId = decode(m.group(1));
        if (outboxId == null) {
            return Optional.empty();
        }
        boolean valid = signer.verify(text(outboxId, recipient), 8, m.group(2).toLowerCase(Locale.ROOT));
        return valid ? Optional.of(new Signed(outboxId, recipient.strip().toLowerCase(Locale.ROOT))) : Optional.empty();
    }

    /** Whether the address has our bounce shape at all (signed or not): such mail is a bounce, never a customer's. */
    public boolean looksLikeOurs(String address) {
        if (address == null) {
            return false;
        }
        Matcher m = VERP.matcher(address.strip().replaceAll("^<|>$", ""));
        return m.matches() && m.group(3).equalsIgnoreCase(domain);
    }

    private String signature(String outboxId, String recipient) {
        return signer.sign(text(outboxId, recipient), 8);
    }

    private static String text(String outboxId, String recipient) {
        return "bounce\n" + outboxId + "\n" + recipient.strip().toLowerCase(Locale.ROOT);
    }

    /** Outbox ids are ticket numbers and keys; any other character is written as {@code =XX} to stay a local part. */
    private static String encode(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_') {
                out.append(c);
            }
            else {
                out.append('=').append(HexFormat.of().withUpperCase().toHexDigits(b & 0xff, 2));
            }
        }
        return out.toString();
    }

    private static String decode(String local) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '=') {
                if (i + 2 >= local.length()) {
                    return null;
                }
                try {
                    out.write(Integer.parseInt(local.substring(i + 1, i + 3), 16));
                }
                catch (RuntimeException e) {
                    return null;
                }
                i += 2;
            }
            else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
