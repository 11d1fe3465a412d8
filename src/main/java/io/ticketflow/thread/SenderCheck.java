package io.ticketflow.thread;

import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * May this sender write into this ticket as the customer's side? Yes for the customer, a participant (an address on
 * From/To/Cc of the ticket's messages), a colleague on the customer's own domain (not a free-mail domain, and only if
 * {@code same-domain-colleagues} is on) and an address on a domain allowed for that customer. Identity is the From
 * address, never Reply-To (anyone can set a Reply-To to any address without sending from it); our own addresses never count, they would only be forged.
 */
@Component
public class SenderCheck {

    private final ThreadingProperties properties;
    private final TicketflowIdentity identity;

    public SenderCheck(ThreadingProperties properties, TicketflowIdentity identity) {
        this.properties = properties;
        this.identity = identity;
    }

    /** Null if the sender may write into the ticket, else why not. */
    public String refusal(Ticket ticket, String sender) {
        if (sender == null || sender.isBlank()) {
            return "the message has no sender address";
        }
        String from = sender.toLowerCase(Locale.ROOT);
        if (identity.isOwnAddress(from)) {
            return "sender " + from + " is one of our own addresses";
        }
        String customer = ticket.customer() == null ? "" : ticket.customer().toLowerCase(Locale.ROOT);
        if (from.equals(customer) || ticket.participants().stream().anyMatch(p -> p.equalsIgnoreCase(from))) {
            return null;
        }
        String domain = domain(from);
        String customerDomain = domain(customer);
        if (properties.sameDomainColleagues() && !domain.isEmpty() && domain.equals(customerDomain)
                && !properties.freeMailDomains().contains(domain)) {
            return null;
        }
        List<String> allowed = properties.allowedDomains().getOrDefault(customer,
                properties.allowedDomains().getOrDefault(customerDomain, List.of()));
        if (allowed.contains(domain)) {
            return null;
        }
        return "sender " + from + " is not the customer, a participant or an allowed domain of ticket " + ticket.number();
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }
}
