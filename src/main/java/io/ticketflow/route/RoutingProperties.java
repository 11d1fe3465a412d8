package io.ticketflow.route;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * Routing settings ({@code ticketflow.routing.*}).
 *
 * @param file          the rule file; when absent, the rules shipped inside the jar are used
 * @param reloadCheck   how often the file is checked for changes (hot reload); key {@code reload-check-ms}: a plain
 *                      number is milliseconds, {@code 2s} works too
 * @param replyTags     the routing tags whose presence on a message appended to a ticket must be what the whole
 *                      classification cascade gives (docs/classification.md, "When the embedding runs"): default
 *                      {@code refund} (a reply tagged refund makes its ticket a refund request); empty: a reply's tags
 *                      may come from the sparse models' labels, and its sentence embedding is saved
 */
@ConfigurationProperties("ticketflow.routing")
public record RoutingProperties(String file,
        @Name("reload-check-ms") @DurationUnit(ChronoUnit.MILLIS) Duration reloadCheck,
        @Name("reply-tags") java.util.List<String> replyTags) {

    /** The default of {@code reply-tags}: the tag that makes a ticket a refund request. */
    public static final java.util.List<String> REPLY_TAGS = java.util.List.of("refund");

    public RoutingProperties {
        file = file == null || file.isBlank() ? "config/routing.yml" : file;
        reloadCheck = reloadCheck == null ? Duration.ofSeconds(2) : reloadCheck;
        replyTags = replyTags == null ? REPLY_TAGS : replyTags.stream().filter(t -> !t.isBlank()).toList();
    }
}
