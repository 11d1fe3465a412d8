package io.ticketflow.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One ticket, as stored in the tickets index.
 *
 * @param status       where the ticket is in its life
 * @param customer     address of the customer who opened it
 * @param participants every address seen on the ticket's messages (From/To/Cc), for the sender check of replies
 * @param messageKeys  raw ids of its messages in arrival order: makes appending idempotent and lets a ticket's messages
 *                     be read by realtime multi-get instead of near-real-time search
 * @param triage       where it is handled and how urgent it is (classification, routing rules, agent corrections)
 * @param sla          service-level targets and breach flags
 * @param lifecycle    first response, resolution and closing times, with durations for KPIs
 * @param links        related tickets (linked follow-ups, merges)
 * @param inboundCount  messages from the customer side; outboundCount: messages we sent (messageCount is all)
 */
public record Ticket(
        String number,
        TicketStatus status,
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
        List<String> tags,
        Triage triage,
        Sla sla,
        Lifecycle lifecycle,
        Links links,
        Integer inboundCount,
        Integer outboundCount) {

    public Ticket {
        participants = participants == null ? List.of() : List.copyOf(participants);
        messageKeys = messageKeys == null ? List.of() : List.copyOf(messageKeys);
        tags = tags == null ? List.of() : List.copyOf(tags);
        triage = triage == null ? Triage.UNSET : triage;
        sla = sla == null ? Sla.NONE : sla;
        lifecycle = lifecycle == null ? Lifecycle.NONE : lifecycle;
        links = links == null ? Links.NONE : links;
        inboundCount = inboundCount == null ? 0 : inboundCount;
        outboundCount = outboundCount == null ? 0 : outboundCount;
    }

    /**
     * Where the ticket is handled and how urgent it is.
     *
     * @param level       support level: L0 gathers and forwards, L1 resolves, L2 experts
     * @param type        incident (business impact), service-request or question
     * @param language    ISO 639-3 code of the customer's language ({@code eng}, {@code deu} ...)
     * @param needsReview a classifier was below its confidence threshold: a person should check the fields
     */
    public record Triage(String queue, String level, String priority, String category, String type, String language,
            String assigneeGroup, String assignee, Boolean needsReview) {
        public static final Triage UNSET = new Triage(null, null, null, null, null, null, null, null, null);
    }

    /**
     * Service-level policy, due times and breach flags.
     *
     * @param escalated the escalation steps already taken ({@code firstResponse:0}, {@code resolution:1} ...), so each
     *                  step happens once
     */
    public record Sla(String policy, Instant firstResponseDueAt, Instant resolutionDueAt, Boolean firstResponseBreached,
            Boolean resolutionBreached, Integer escalations, List<String> escalated) {
        public static final Sla NONE = new Sla(null, null, null, null, null, null);

        public Sla {
            escalated = escalated == null ? List.of() : List.copyOf(escalated);
        }

        public Sla(String policy, Instant firstResponseDueAt, Instant resolutionDueAt, Boolean firstResponseBreached,
                Boolean resolutionBreached, Integer escalations) {
            this(policy, firstResponseDueAt, resolutionDueAt, firstResponseBreached, resolutionBreached, escalations,
                    List.of());
        }
    }

    /**
     * Life-cycle times and their durations in minutes (numbers, so Kibana can average them).
     *
     * @param statusChangedAt when the status last changed (pending reminders count from here)
     * @param reminders       reminders sent since the ticket last became pending
     * @param satisfactionRequestedAt when the satisfaction request for the last solution was queued
     */
    public record Lifecycle(Instant firstResponseAt, Long firstResponseMinutes, Instant resolvedAt, Long resolutionMinutes,
            Instant closedAt, Integer reopened, Instant statusChangedAt, Integer reminders,
            Instant satisfactionRequestedAt) {
        public static final Lifecycle NONE = new Lifecycle(null, null, null, null, null, null);

        public Lifecycle(Instant firstResponseAt, Long firstResponseMinutes, Instant resolvedAt, Long resolutionMinutes,
                Instant closedAt, Integer reopened) {
            this(firstResponseAt, firstResponseMinutes, resolvedAt, resolutionMinutes, closedAt, reopened, null, null, null);
        }
    }

    /** Related tickets: a follow-up opened from a closed ticket, a sender-check rejection, merges. */
    public record Links(List<String> related, String mergedInto, List<String> mergedFrom) {
        public static final Links NONE = new Links(List.of(), null, List.of());

        public Links {
            related = related == null ? List.of() : List.copyOf(related);
            mergedFrom = mergedFrom == null ? List.of() : List.copyOf(mergedFrom);
        }
    }

    public Ticket withTriage(Triage next) {
        return new Ticket(number, status, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                lastMessageAt, messageCount, messageKeys, tags, next, sla, lifecycle, links, inboundCount, outboundCount);
    }

    public Ticket withSla(Sla next) {
        return new Ticket(number, status, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                lastMessageAt, messageCount, messageKeys, tags, triage, next, lifecycle, links, inboundCount, outboundCount);
    }

    public Ticket withLifecycle(Lifecycle next) {
        return new Ticket(number, status, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                lastMessageAt, messageCount, messageKeys, tags, triage, sla, next, links, inboundCount, outboundCount);
    }

    public Ticket withLinks(Links next) {
        return new Ticket(number, status, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                lastMessageAt, messageCount, messageKeys, tags, triage, sla, lifecycle, next, inboundCount, outboundCount);
    }

    public Ticket withStatus(TicketStatus next) {
        return new Ticket(number, next, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                lastMessageAt, messageCount, messageKeys, tags, triage, sla, lifecycle, links, inboundCount, outboundCount);
    }

    public Ticket withTags(List<String> next) {
        return new Ticket(number, status, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                lastMessageAt, messageCount, messageKeys, next, triage, sla, lifecycle, links, inboundCount, outboundCount);
    }

    public static Ticket open(String number, String channel, String customer, String customerName, String subject,
            Instant at) {
        return new Ticket(number, TicketStatus.NEW, channel, customer, customerName, List.of(customer), subject, at, at, null, 0,
                List.of(), List.of(), null, null, null, null, 0, 0);
    }

    public boolean hasMessage(String key) {
        return messageKeys.contains(key);
    }

    /** The ticket after one more message; unchanged if that message is already on it (a retry). */
    /**
     * A screened message (out-of-office reply, bounce) listed on the ticket without touching its status, participants
     * or last customer activity: machine mail is not the customer speaking.
     */
    public Ticket withScreenedMessage(String key) {
        if (hasMessage(key)) {
            return this;
        }
        List<String> keys = new ArrayList<>(messageKeys);
        keys.add(key);
        return new Ticket(number, status, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                lastMessageAt, keys.size(), keys, tags, triage, sla, lifecycle, links, inboundCount, outboundCount);
    }

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
                at, keys.size(), keys, tags, triage, sla, lifecycle, links, inboundCount + 1, outboundCount);
    }

    /** The ticket after we sent one more message on it (for the outbound count; respond calls it). */
    public Ticket withOutboundMessage(Instant at) {
        return new Ticket(number, status, channel, customer, customerName, participants, subject, createdAt, Instant.now(),
                at, messageCount, messageKeys, tags, triage, sla, lifecycle, links, inboundCount, outboundCount + 1);
    }

    @JsonIgnore
    public boolean isSolvedOrClosed() {
        return status.isDone();
    }

    /** A solved or closed ticket the customer wrote into again: open, counted as reopened, no longer closed. */
    public Ticket reopened() {
        Lifecycle l = lifecycle;
        Lifecycle next = new Lifecycle(l.firstResponseAt(), l.firstResponseMinutes(), null, null, null,
                (l.reopened() == null ? 0 : l.reopened()) + 1);
        return withLifecycle(next).withStatus(TicketStatus.OPEN);
    }

    /** Linked to another ticket (idempotent). */
    public Ticket withRelated(String other) {
        if (other == null || other.equals(number) || links.related().contains(other)) {
            return this;
        }
        List<String> related = new ArrayList<>(links.related());
        related.add(other);
        return withLinks(new Links(related, links.mergedInto(), links.mergedFrom()));
    }

    /** This ticket merged into the target: status merged, the old number redirects there (idempotent). */
    public Ticket mergedInto(String target) {
        return target.equals(links.mergedInto()) ? this
                : withLinks(new Links(links.related(), target, links.mergedFrom())).withStatus(TicketStatus.MERGED);
    }

    /** The target of a merge after taking over the source's messages, participants and tags (idempotent). */
    public Ticket absorbing(Ticket source) {
        boolean again = links.mergedFrom().contains(source.number());
        if (again && messageKeys.containsAll(source.messageKeys())) {
            return this;
        }
        List<String> keys = new ArrayList<>(messageKeys);
        source.messageKeys().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        LinkedHashSet<String> people = new LinkedHashSet<>(participants);
        people.addAll(source.participants());
        LinkedHashSet<String> allTags = new LinkedHashSet<>(tags);
        allTags.addAll(source.tags());
        List<String> from = new ArrayList<>(links.mergedFrom());
        if (!again) {
            from.add(source.number());
        }
        // a message that reached the source during the merge is taken over later, without counting the rest twice
        int addedIn = again ? 0 : source.inboundCount();
        int addedOut = again ? 0 : source.outboundCount();
        Instant last = lastMessageAt == null
                || (source.lastMessageAt() != null && source.lastMessageAt().isAfter(lastMessageAt))
                ? source.lastMessageAt() : lastMessageAt;
        return new Ticket(number, status, channel, customer, customerName, List.copyOf(people), subject, createdAt,
                Instant.now(), last, keys.size(), keys, List.copyOf(allTags), triage, sla, lifecycle,
                new Links(links.related(), links.mergedInto(), from), inboundCount + addedIn, outboundCount + addedOut);
    }
}
