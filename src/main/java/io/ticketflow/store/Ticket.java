package io.ticketflow.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One ticket, as stored in the tickets index.
 *
 * @param status       new, open, pending, solved, closed
 * @param customer     address of the customer who opened it
 * @param participants every address seen on the ticket's messages (From/To/Cc), for the sender check of replies
 * @param messageKeys  raw ids of its messages in arrival order: makes appending idempotent and lets a ticket's messages
 *                     be read by realtime multi-get instead of near-real-time search
 */
public record Ticket(
        String number,
        String status,
        String channel,
        String customer,
        String customerName,
        List<String> participants,
        String subject,
        Instant createdAt,
        Instant updatedAt,
        Instant lastMessageAt,
        int messageCount,
        List<String> messageKeys,
        List<String> tags) {

    public static final String NEW = "new";

    public Ticket {
        participants = participants == null ? List.of() : List.copyOf(participants);
        messageKeys = messageKeys == null ? List.of() : List.copyOf(messageKeys);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static Ticket open(String number, String channel, String customer, String customerName, String subject,
            Instant at) {
        return new Ticket(number, NEW, channel, customer, customerName, List.of(customer), subject, at, at, null, 0,
                List.of(), List.of());
    }

    public boolean hasMessage(String key) {
        return messageKeys.contains(key);
    }

    /** The ticket after one more message; unchanged if that message is already on it (a retry). */
    public Ticket withMessage(String key, List<String> addresses, Instant at) {
        if (hasMessage(key)) {
            return this;
        }
        List<String> keys = new ArrayList<>(messageKeys);
        keys.add(key);
        LinkedHashSet<String> people = new LinkedHashSet<>(participants);
        people.addAll(addresses);
        Instant now = Instant.now();
        return new Ticket(number, status, channel, customer, customerName, List.copyOf(people), subject, createdAt, now,
                at, keys.size(), keys, tags);
    }
}
