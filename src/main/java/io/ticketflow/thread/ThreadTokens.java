package io.ticketflow.thread;

import io.ticketflow.config.Hmac;
import io.ticketflow.store.SecretStore;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signed tokens in the mail we send, so a reply names its ticket in a way nobody else can forge: the Message-ID
 * {@code tf.<ticket>.<nonce>.<hmac>@<domain>} and a body marker {@code [ref:TF-<ticket>-<hmac>]} for mail clients
 * that drop In-Reply-To/References. HMAC-SHA256 with {@code ticketflow.identity.secret}; when that is empty, with a
 * secret generated at first start and kept in Elasticsearch ({@link SecretStore}), so mail is never unsigned by
 * accident. A valid token proves only that we sent that mail about that ticket, not who replies: the sender check
 * still applies.
 */
@Component
public class ThreadTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MESSAGE_ID_MAC_CHARS = 20;
    private static final int MARKER_MAC_CHARS = 10;

    private final TicketflowIdentity identity;
    private final Supplier<byte[]> key;
    private final Pattern messageIdPattern;
    private final Pattern markerPattern;
    private volatile byte[] resolvedKey;

    @Autowired
    public ThreadTokens(TicketflowIdentity identity, SecretStore secrets) {
        this(identity, () -> identity.secret().isBlank() ? secrets.getOrCreate("thread-token") : identity.secret());
    }

    /** With a secret supplier of one's own (plain-Java tests). */
    public ThreadTokens(TicketflowIdentity identity, Supplier<String> secret) {
        this.identity = identity;
        this.key = () -> secret.get().getBytes(StandardCharsets.UTF_8);
        this.messageIdPattern = Pattern.compile("^<?tf\\.([0-9A-Za-z-]{1,40})\\.([0-9a-f]{8,32})\\.([0-9a-f]{"
                + MESSAGE_ID_MAC_CHARS + "})@" + Pattern.quote(identity.messageIdDomain()) + ">?$", Pattern.CASE_INSENSITIVE);
        this.markerPattern = Pattern.compile("\\[ref:" + Pattern.quote(identity.tagPrefix()) + "-([0-9A-Za-z]{1,40})-([0-9a-f]{"
                + MARKER_MAC_CHARS + "})\\]", Pattern.CASE_INSENSITIVE);
    }

    /** A fresh Message-ID for mail about this ticket, carrying its signed number. */
    public String newMessageId(String ticket) {
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        String n = HexFormat.of().formatHex(nonce);
        return "tf." + ticket + "." + n + "." + mac("mid|" + ticket + "|" + n, MESSAGE_ID_MAC_CHARS) + "@"
                + identity.messageIdDomain();
    }

    /** The line our outgoing mail carries at the end of its body. */
    public String marker(String ticket) {
        return "[ref:" + identity.tagPrefix() + "-" + ticket + "-" + mac("marker|" + ticket, MARKER_MAC_CHARS) + "]";
    }

    /** What a message id says about its ticket. */
    public enum Check { NOT_OURS, VALID, FORGED }

    /** Result of checking one token. */
    public record Verified(Check check, String ticket) {
    }

    /** Checks a Message-ID (with or without angle brackets) for our signed token. */
    public Verified verifyMessageId(String messageId) {
        if (messageId == null) {
            return new Verified(Check.NOT_OURS, null);
        }
        Matcher m = messageIdPattern.matcher(messageId.strip());
        if (!m.matches()) {
            return new Verified(Check.NOT_OURS, null);
        }
        String ticket = m.group(1);
        String nonce = m.group(2).toLowerCase(Locale.ROOT);
        boolean ok = constantTimeEquals(mac("mid|" + ticket + "|" + nonce, MESSAGE_ID_MAC_CHARS), m.group(3));
        return new Verified(ok ? Check.VALID : Check.FORGED, ticket);
    }

    /** Whether the Message-ID is our signed token of that ticket (then it needs no entry in the Message-ID index). */
    public boolean names(String messageId, String ticket) {
        Verified v = verifyMessageId(messageId);
        return v.check() == Check.VALID && v.ticket().equals(ticket);
    }

    /** The first marker in a text: valid, forged, or none. Quoted text counts: that is where replies keep it. */
    public Optional<Verified> findMarker(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = markerPattern.matcher(text);
        Verified forged = null;
        while (m.find()) {
            String ticket = m.group(1);
            if (constantTimeEquals(mac("marker|" + ticket, MARKER_MAC_CHARS), m.group(2))) {
                return Optional.of(new Verified(Check.VALID, ticket));
            }
            forged = forged == null ? new Verified(Check.FORGED, ticket) : forged;
        }
        return Optional.ofNullable(forged);
    }

    private String mac(String data, int chars) {
        return Hmac.sha256Hex(key(), data).substring(0, chars);
    }

    private byte[] key() {
        byte[] k = resolvedKey;
        if (k == null) {
            k = key.get();
            resolvedKey = k;
        }
        return k;
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return Hmac.same(expected, given.toLowerCase(Locale.ROOT));
    }
}
