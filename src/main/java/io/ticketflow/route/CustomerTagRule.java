package io.ticketflow.route;

import java.util.List;

/** Tags given to customers by address or domain ({@code customers:} in the rule file), for conditions and tickets. */
public record CustomerTagRule(List<String> addresses, List<String> domains, List<String> tags) {

    public boolean applies(RoutingInput input) {
        String domain = input.fromDomain();
        return addresses.contains(input.from())
                || domains.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
    }
}
