package io.ticketflow.api;

import io.ticketflow.parse.channel.MastodonPayloadParser;
import io.ticketflow.parse.channel.TelegramPayloadParser;
import io.ticketflow.parse.channel.WhatsAppPayloadParser;
import io.ticketflow.store.AuditAttributes;
import io.ticketflow.store.CustomerIdentities;
import io.ticketflow.store.CustomerIdentities.Link;
import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.Ticket;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Linking a chat identity to an e-mail customer (agents and admins, docs/channels.md):
 * {@code PUT /api/customers/{address}/identities/{channel}/{id}} links, {@code DELETE} the same path unlinks,
 * {@code GET /api/customers/{address}/identities} lists. A link shows on every ticket of the person (both ways) at
 * once. Audited as {@code customer.identity.link}/{@code unlink} with a reference, the channel and counts: neither
 * the address nor the channel id.
 */
@RestController
@RequestMapping("/api/customers/{address:.+}/identities")
class CustomerIdentitiesController {

    static final Set<String> CHANNELS = new TreeSet<>(Set.of(TelegramPayloadParser.CHANNEL,
            WhatsAppPayloadParser.CHANNEL, MastodonPayloadParser.CHANNEL));
    /** Telegram user ids, WhatsApp wa_ids and Mastodon account ids: never an {@code @}, never a path. */
    private static final Pattern CHANNEL_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final CustomerIdentities identities;
    private final TicketStore tickets;

    CustomerIdentitiesController(CustomerIdentities identities, TicketStore tickets) {
        this.identities = identities;
        this.tickets = tickets;
    }

    record Identities(String customer, List<Link> identities) {
    }

    /** A change: the link as it is (null after unlinking), how many tickets now show it, the audit reference. */
    record Change(String audit, String identity, Link link, int ticketsUpdated) {
    }

    @GetMapping
    Identities list(@PathVariable String address) {
        String customer = CustomersController.valid(address).toLowerCase(Locale.ROOT);
        return new Identities(customer, identities.of(customer));
    }

    @PutMapping("/{channel}/{id}")
    Change link(@PathVariable String address, @PathVariable String channel, @PathVariable String id,
            HttpServletRequest request) {
        String reference = audit(request, "customer.identity.link", channel);
        String customer = CustomersController.valid(address).toLowerCase(Locale.ROOT);
        String identity = identity(channel, id);
        Link existing = identities.find(identity);
        if (existing != null && !existing.customer().equals(customer)) {
            // the other address is not named: linking is not a way to find out who a chat belongs to
            throw new ApiException(HttpStatus.CONFLICT, "linked_elsewhere",
                    identity + " is linked to another customer; unlink it there first");
        }
        Link link = existing != null ? existing : new Link(identity, channel(channel), channelId(id), customer,
                nameOf(identity), Instant.now());
        if (existing == null) {
            identities.link(link);
        }
        // also when it existed: a repeated PUT repairs tickets a failed earlier attempt left without the link
        int updated = identities.showOnTickets(customer, List.of());
        details(request, channel, updated);
        return new Change(reference, identity, link, updated);
    }

    @DeleteMapping("/{channel}/{id}")
    Change unlink(@PathVariable String address, @PathVariable String channel, @PathVariable String id,
            HttpServletRequest request) {
        String reference = audit(request, "customer.identity.unlink", channel);
        String customer = CustomersController.valid(address).toLowerCase(Locale.ROOT);
        String identity = identity(channel, id);
        Link existing = identities.find(identity);
        if (existing == null || !existing.customer().equals(customer)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_linked", identity + " is not linked to this customer");
        }
        identities.unlink(identity);
        int updated = identities.showOnTickets(customer, List.of(identity));
        details(request, channel, updated);
        return new Change(reference, identity, null, updated);
    }

    /** The display name the channel gave the identity on its newest ticket; null if it has none yet. */
    private String nameOf(String identity) {
        // newest first; the search also matches subjects, so the first whose customer it is
        return tickets.search(identity, null, 0, 10).items().stream().filter(t -> identity.equals(t.customer()))
                .map(Ticket::customerName).findFirst().orElse(null);
    }

    static String identity(String channel, String id) {
        return channel(channel) + ":" + channelId(id);
    }

    private static String channel(String channel) {
        String c = channel == null ? "" : channel.strip().toLowerCase(Locale.ROOT);
        if (!CHANNELS.contains(c)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_channel", "unknown channel '" + cut(channel)
                    + "': a chat identity is on one of " + String.join(", ", CHANNELS));
        }
        return c;
    }

    private static String channelId(String id) {
        String i = id == null ? "" : id.strip();
        if (!CHANNEL_ID.matcher(i).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_channel_id", "not a channel id: the Telegram user id,"
                    + " WhatsApp wa_id or Mastodon account id as on the ticket (customer telegram:<id>), 1 to 64"
                    + " letters, digits, '.', '_' or '-'");
        }
        return i.toLowerCase(Locale.ROOT);
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String audit(HttpServletRequest request, String action, String channel) {
        String reference = UUID.randomUUID().toString();
        request.setAttribute(AuditAttributes.ACTION, action);
        request.setAttribute(AuditAttributes.TARGET, reference);
        request.setAttribute(AuditAttributes.DETAILS, CHANNELS.contains(channel) ? "channel=" + channel : null);
        return reference;
    }

    private static void details(HttpServletRequest request, String channel, int ticketsUpdated) {
        request.setAttribute(AuditAttributes.DETAILS, "channel=" + channel(channel) + ", ticketsUpdated=" + ticketsUpdated);
    }
}
