package io.ticketflow.ticket;

import java.time.Instant;
import java.util.List;

/**
 * L0 self-service on a ticket: the knowledge-base articles suggested with the acknowledgement and, once the customer
 * says they solved it ("solved" reply or the signed link), who solved it and how.
 *
 * @param suggested ids of the suggested articles (config/knowledge/ file names)
 * @param solvedBy  {@code customer-self-service} once the customer closed it with the suggestions (Kibana counts it)
 * @param solvedVia {@code reply} or {@code link}
 */
public record SelfService(List<String> suggested, Instant suggestedAt, String solvedBy, Instant solvedAt,
        String solvedVia) {

    public static final String SOLVED_BY_CUSTOMER = "customer-self-service";

    public SelfService {
        suggested = suggested == null ? List.of() : List.copyOf(suggested);
    }
}
