package io.ticketflow.bench.jmh;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.List;

/** The same generated mail the end-to-end benchmark delivers, as raw messages for the stage beans. */
final class Mails {

    private Mails() {
    }

    static List<RawMessage> raw(long seed, int count) {
        return MailGenerator.generate(MailGenerator.Options.of(seed, count)).stream()
                .map(m -> RawMessage.of(m.bytes(), "imap", "support")).toList();
    }

    static TicketflowIdentity identity() {
        return new TicketflowIdentity(List.of("support@ticketflow.local"), "support@ticketflow.local",
                "Ticketflow Support", "ticketflow.local", "TF", "ticketflow", "bench-secret");
    }
}
