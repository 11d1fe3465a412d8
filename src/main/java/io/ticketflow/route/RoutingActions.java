package io.ticketflow.route;

import java.util.List;

/**
 * A rule's {@code then} block (or the file's {@code defaults}); null fields leave the decision as it is, tags are added.
 */
public record RoutingActions(String queue, String level, String priority, String sla, List<String> tags,
        List<String> removeTags, String assigneeGroup, String acknowledgement, String spam, String reject,
        List<String> faq) {

    public static final RoutingActions NONE = new RoutingActions(null, null, null, null, List.of(), List.of(), null, null,
            null, null, List.of());

    public RoutingActions {
        tags = tags == null ? List.of() : List.copyOf(tags);
        removeTags = removeTags == null ? List.of() : List.copyOf(removeTags);
        faq = faq == null ? List.of() : List.copyOf(faq);
    }
}
