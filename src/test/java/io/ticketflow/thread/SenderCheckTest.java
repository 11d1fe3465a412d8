package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderCheckTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "");

    private final Ticket ticket = Ticket.open("100042", "mail", "alice@acme.example", "Alice", "Printer", Instant.now())
            .withMessage("raw-1", List.of("alice@acme.example", "support@ticketflow.local", "bob@partner.example"),
                    Instant.now());
    private final SenderCheck check = new SenderCheck(ThreadingProperties.defaults(), IDENTITY);

    @Test
    void customerParticipantsAndColleaguesMayWrite() {
        assertThat(check.refusal(ticket, "alice@acme.example")).isNull();
        assertThat(check.refusal(ticket, "ALICE@acme.example")).isNull();
        assertThat(check.refusal(ticket, "bob@partner.example")).isNull();
        assertThat(check.refusal(ticket, "carol@acme.example")).isNull();
    }

    @Test
    void strangersAndOurOwnAddressesMayNot() {
        assertThat(check.refusal(ticket, "mallory@evil.example")).contains("not the customer");
        assertThat(check.refusal(ticket, "support@ticketflow.local")).contains("our own");
        assertThat(check.refusal(ticket, "")).isNotNull();
    }

    @Test
    void freeMailDomainsMakeNoColleagues() {
        Ticket gmail = Ticket.open("100043", "mail", "alice@gmail.com", "Alice", "Printer", Instant.now());
        assertThat(check.refusal(gmail, "mallory@gmail.com")).isNotNull();
    }

    @Test
    void allowedDomainsAndSwitchingColleaguesOff() {
        SenderCheck strict = new SenderCheck(new ThreadingProperties(null, null, false,
                Map.of("acme.example", List.of("acme-sub.example")), null, null, null), IDENTITY);
        assertThat(strict.refusal(ticket, "carol@acme.example")).isNotNull();
        assertThat(strict.refusal(ticket, "dave@acme-sub.example")).isNull();
    }
}
