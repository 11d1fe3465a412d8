package io.ticketflow.route;

import java.time.ZonedDateTime;
import java.util.Set;

/** A message as the conditions see it: the input plus what the rule file derives from it once. */
public record RuleContext(RoutingInput input, Set<String> customerTags, ZonedDateTime localTime, boolean businessHours) {
}
