package io.ticketflow.respond;

import io.ticketflow.store.SecretStore;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The signed address agents answer to: {@code <local>+agent-<ticket>-<signature>@<domain>} of our from address, the
 * Reply-To of every notice to agents. The signature is an HMAC-SHA256 (64 bits shown) of the ticket number with the
 * install's secret (as for {@link BounceAddress}), so an address names exactly one ticket and nobody without the secret
 * can make one up for another ticket. The address alone grants nothing: the sender must still be a configured agent
 * whose mail is authenticated (see {@code respond.agents.AgentMail}).
 */
@Component
public class AgentAddress {

    private static final Pattern SHAPE = Pattern.compile("([^@+\\s]+)\\+agent-([0-9A-Za-z_-]{1,40})-([0-9a-f]{16})@(.+)",
            Pattern.CASE_INSENSITIVE);

    private final String local;
    private final String domain;
    private final SecretSigner signer;

    @Autowired
    public AgentAddress(TicketflowIdentity identity, SecretStore secrets) {
        this(identity, () -> identity.secret().isBlank() ? secrets.getOrCreate("agent-mail") : identity.secret());
    }

    AgentAddress(TicketflowIdentity identity, Supplier<String> secret) {
        String from = identity.fromAddress();
        int at = from.lastIndexOf('@');
        this.local = from.substring(0, at).toLowerCase(Locale.ROOT);
        this.domain = from.substring(at + 1).toLowerCase(Locale.ROOT);
        this.signer = new SecretSigner("agent-mail:", secret);
    }

    /** The address an agent's answer about the ticket goes to. */
    public String of(String ticket) {
        return local + "+agent-" + ticket + "-" + signature(ticket) + "@" + domain;
    }

    /** The ticket named by a correctly signed agent address among the recipients; empty when there is none. */
    public Optional<String> ticketOf(List<MailAddress> recipients) {
        for (MailAddress r : recipients) {
            Optional<String> ticket = r == null ? Optional.empty() : verify(r.address());
            if (ticket.isPresent()) {
                return ticket;
            }
        }
        return Optional.empty();
    }

    /** Whether some recipient has the shape of our agent address (signed or not). */
    public boolean anyLooksLikeOurs(List<MailAddress> recipients) {
        return recipients.stream().anyMatch(r -> r != null && shape(r.address()) != null);
    }

    /** The ticket, if the address is ours and its signature is right. */
    public Optional<String> verify(String address) {
        Matcher m = shape(address);
        if (m == null) {
            return Optional.empty();
        }
        String ticket = m.group(2);
        return signer.verify(text(ticket), 8, m.group(3).toLowerCase(Locale.ROOT)) ? Optional.of(ticket)
                : Optional.empty();
    }

    private Matcher shape(String address) {
        if (address == null) {
            return null;
        }
        Matcher m = SHAPE.matcher(address.strip().replaceAll("^<|>$", ""));
        return m.matches() && m.group(1).equalsIgnoreCase(local) && m.group(4).equalsIgnoreCase(domain) ? m : null;
    }

    private String signature(String ticket) {
        return signer.sign(text(ticket), 8);
    }

    private static String text(String ticket) {
        return "agent-mail\n" + ticket;
    }
}
