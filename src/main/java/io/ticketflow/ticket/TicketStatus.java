package io.ticketflow.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where a ticket is in its life; stored and shown in lower case ({@code new}, {@code open} ...). */
public enum TicketStatus {
    NEW,
    OPEN,
    /** Waiting on the customer: reminders and auto-close apply. */
    PENDING,
    SOLVED,
    /** Final for the life cycle; a later customer mail reopens or opens a linked ticket (threading policy). */
    CLOSED,
    /** Merged into another ticket (links.mergedInto): kept so the old number still resolves. */
    MERGED;

    /** The statuses an agent can set (every status of the life cycle but new). */
    public static final List<TicketStatus> AGENT_SETTABLE = List.of(OPEN, PENDING, SOLVED, CLOSED);

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Solved or closed: the customer's question is answered. */
    public boolean isDone() {
        return this == SOLVED || this == CLOSED;
    }

    @JsonCreator
    public static TicketStatus of(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown ticket status \"" + label + "\""));
    }

    @Override
    public String toString() {
        return label();
    }
}
