package io.ticketflow.respond.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.store.OutboxEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers on Mastodon: a status in reply to the customer's latest status of the thread, mentioning the customer (a
 * direct status reaches only the accounts it mentions), with the customer's visibility: direct stays direct, private
 * stays private, and a public mention is answered unlisted (a support answer does not belong on the public timelines).
 * Posted with the outbox entry's id as Idempotency-Key, so a retry after a crash does not post twice.
 */
public final class MastodonSender implements ChannelSender {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_TEXT = 500;
    /** Our message id of a Mastodon status: {@code <status id>.<visibility>@mastodon.channel.ticketflow.invalid}. */
    private static final Pattern REF = Pattern.compile("^<?(\\d+)\\.([a-z]+)@mastodon\\.channel\\.ticketflow\\.invalid>?$");

    private final MastodonApi api;

    public MastodonSender(MastodonApi api) {
        this.api = api;
    }

    @Override
    public String channel() {
        return "mastodon";
    }

    @Override
    public Delivery send(OutboxEntry entry) {
        String accountId = entry.to().substring(entry.to().indexOf(':') + 1);
        String[] answered = latestStatus(entry);
        try {
            String acct = api.get("/api/v1/accounts/" + accountId).path("acct").asText(null);
            if (acct == null) {
                return Delivery.refused("Mastodon account " + accountId + " not found");
            }
            String visibility = answered == null ? "direct" : switch (answered[1]) {
                case "direct", "private" -> answered[1];
                default -> "unlisted";
            };
            String text = "@" + acct + " " + (entry.body() == null ? "" : entry.body().strip());
            ObjectNode body = JSON.createObjectNode().put("status", limit(text)).put("visibility", visibility);
            if (answered != null) {
                body.put("in_reply_to_id", answered[0]);
            }
            JsonNode status = api.post("/api/v1/statuses", body, entry.id());
            return Delivery.sent(status.path("id").asText(null));
        }
        catch (ChannelApiFailure f) {
            if (f.status() == 404 || f.status() == 422) {
                return Delivery.refused("Mastodon refused the status: " + f.getMessage());
            }
            return Delivery.failed("Mastodon: " + f.getMessage(), f.retryAfter());
        }
    }

    static String limit(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    /** Status id and visibility of the newest customer status the entry's thread names, or null. */
    static String[] latestStatus(OutboxEntry entry) {
        List<String> ids = new ArrayList<>(entry.references() == null ? List.of() : entry.references());
        if (entry.inReplyTo() != null) {
            ids.add(entry.inReplyTo());
        }
        for (int i = ids.size() - 1; i >= 0; i--) {
            Matcher m = REF.matcher(ids.get(i));
            if (m.matches()) {
                return new String[] { m.group(1), m.group(2) };
            }
        }
        return null;
    }
}
