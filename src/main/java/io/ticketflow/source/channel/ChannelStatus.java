package io.ticketflow.source.channel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code /actuator/health/channels/<channel>} shows for one chat channel: when it last got through to the
 * channel's API (a poll, or a verified webhook call), the last error and when it happened, and how many messages it
 * handed to the intake. Thread-safe: updated by the poller or the webhook, read by the health endpoint.
 */
public final class ChannelStatus {

    private final String channel;
    private final String source;
    private volatile Instant lastSuccess;
    private volatile Instant lastErrorAt;
    private volatile String lastError;
    private volatile String configurationProblem;
    private final AtomicLong messages = new AtomicLong();

    /** @param source what "success" means here: {@code poll} or {@code webhook} */
    public ChannelStatus(String channel, String source) {
        this.channel = channel;
        this.source = source;
    }

    public String channel() {
        return channel;
    }

    public void succeeded(Instant at) {
        lastSuccess = at;
        lastError = null;
    }

    public void failed(Instant at, String error) {
        lastErrorAt = at;
        lastError = error;
    }

    public void misconfigured(String problem) {
        configurationProblem = problem;
    }

    public void handedOver(int count) {
        messages.addAndGet(count);
    }

    /** Down while misconfigured or while the latest attempt failed. */
    public boolean healthy() {
        return configurationProblem == null && lastError == null;
    }

    public boolean seen() {
        return lastSuccess != null;
    }

    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", source);
        d.put("lastSuccessful" + Character.toUpperCase(source.charAt(0)) + source.substring(1),
                lastSuccess == null ? "never" : lastSuccess.toString());
        if (configurationProblem != null) {
            d.put("configuration", configurationProblem);
        }
        if (lastError != null || lastErrorAt != null) {
            d.put("lastError", lastError == null ? "(recovered)" : lastError);
            d.put("lastErrorAt", String.valueOf(lastErrorAt));
        }
        d.put("messages", messages.get());
        return d;
    }
}
