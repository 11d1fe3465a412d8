package io.ticketflow.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

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
 * @param alert        the monitoring alert an incident is about, null for every other ticket
 * @param csat         the customer's satisfaction rating of the last solution, null until they rate it
 * @param clock        the SLA clock: pauses while waiting on the customer, the next-response target
 * @param review       the quality review of a sampled solved ticket, null unless the sampling picked it
 * @param refund       a refund request's order, amount and decision, null for every other ticket
 * @param kpi          0/1 outcome flags derived from the fields above on every write, so Kibana averages them to rates
 * @param customerIdentities the same person's identities when an admin linked chat identities to an e-mail
 *                     customer: the e-mail address first, then the linked channel identities ({@code telegram:12345});
 *                     null when the customer has no links (docs/channels.md)
 * @param selfService  the knowledge-base articles the acknowledgement suggested, and whether the customer solved the
 *                     ticket with them (L0 self-service); null when none were suggested
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
        Integer outboundCount,
        Alert alert,
        Csat csat,
        SlaClock clock,
        Review review,
        Refund refund,
        Kpi kpi,
        List<String> customerIdentities,
        SelfService selfService) {

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
        clock = clock == null ? SlaClock.NONE : clock;
        kpi = Kpi.of(status, inboundCount, lifecycle, sla);
        customerIdentities = customerIdentities == null || customerIdentities.isEmpty() ? null
                : List.copyOf(customerIdentities);
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

    /**
     * The monitoring alert of an incident, as its last notification left it.
     *
     * @param identity Alertmanager's fingerprint or host/service: one open incident per identity
     * @param source   the monitoring system ({@code alertmanager}, {@code nagios}, {@code checkmk} ...)
     * @param status   {@code firing} or {@code resolved}
     * @param labels   the alert's labels (Alertmanager), or host and service: analysts filter on them
     */
    public record Alert(String identity, String source, String status, String severity, java.util.Map<String, String> labels,
            Instant lastNotificationAt) {
        public Alert {
            labels = labels == null ? java.util.Map.of() : java.util.Map.copyOf(labels);
        }
    }

    /**
     * The customer's rating of the solution (one-click links of the satisfaction request).
     *
     * @param rating {@code good} or {@code bad}
     * @param score  1 for good, 0 for bad: its average is the share of good ratings
     * @param agent  the agent the ticket was assigned to when it was rated
     */
    public record Csat(String rating, Integer score, String comment, Instant ratedAt, String agent) {
    }

    public Ticket withReview(Review next) {
        return change(b -> b.review = next);
    }

    public Ticket withRefund(Refund next) {
        return change(b -> b.refund = next);
    }

    /** The customer's linked identities as they are now (null: none); the same ticket when they did not change. */
    public Ticket withCustomerIdentities(List<String> next) {
        List<String> normal = next == null || next.isEmpty() ? null : List.copyOf(next);
        return java.util.Objects.equals(normal, customerIdentities) ? this : change(b -> b.customerIdentities = normal);
    }

    public Ticket withSelfService(SelfService next) {
        return change(b -> b.selfService = next);
    }

    public Ticket withCsat(Csat next) {
        return change(b -> b.csat = next);
    }

    public Ticket withClock(SlaClock next) {
        return change(b -> b.clock = next);
    }

    public Ticket withAlert(Alert next) {
        return change(b -> b.alert = next);
    }

    public Ticket withTriage(Triage next) {
        return change(b -> b.triage = next);
    }

    public Ticket withSla(Sla next) {
        return change(b -> b.sla = next);
    }

    public Ticket withLifecycle(Lifecycle next) {
        return change(b -> b.lifecycle = next);
    }

    public Ticket withLinks(Links next) {
        return change(b -> b.links = next);
    }

    public Ticket withStatus(TicketStatus next) {
        return change(b -> b.status = next);
    }

    public Ticket withTags(List<String> next) {
        return change(b -> b.tags = next);
    }

    public static Ticket open(String number, String channel, String customer, String customerName, String subject,
            Instant at) {
        return new Ticket(number, TicketStatus.NEW, channel, customer, customerName, List.of(customer), subject, at, at, null, 0,
                List.of(), List.of(), null, null, null, null, 0, 0, null, null, null, null, null, null, null, null);
    }

    public boolean hasMessage(String key) {
        return messageKeys.contains(key);
    }

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
        return change(f -> f.messageKeys = keys);
    }

    public Ticket withMessage(String key, List<String> addresses, Instant at) {
        if (hasMessage(key)) {
            return this;
        }
        List<String> keys = new ArrayList<>(messageKeys);
        keys.add(key);
        LinkedHashSet<String> people = new LinkedHashSet<>(participants);
        people.addAll(addresses);
        return change(f -> {
            f.messageKeys = keys;
            f.participants = List.copyOf(people);
            f.lastMessageAt = at;
            f.inboundCount = inboundCount + 1;
        });
    }

    /** The ticket after we sent one more message on it (for the outbound count; respond calls it). */
    public Ticket withOutboundMessage(Instant at) {
        return change(f -> {
            f.lastMessageAt = at;
            f.outboundCount = outboundCount + 1;
        });
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
        return target.equals(links.mergedInto()) ? this : withLinks(new Links(links.related(), target, links.mergedFrom()));
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
        return change(f -> {
            f.messageKeys = keys;
            f.participants = List.copyOf(people);
            f.tags = List.copyOf(allTags);
            f.lastMessageAt = last;
            f.links = new Links(links.related(), links.mergedInto(), from);
            f.inboundCount = inboundCount + addedIn;
            f.outboundCount = outboundCount + addedOut;
        });
    }

    /** A copy with some fields changed and updatedAt now: the one place that lists every field. */
    private Ticket change(Consumer<Fields> edit) {
        Fields f = new Fields(this);
        edit.accept(f);
        return f.ticket();
    }

    /**
     * The changeable fields of a ticket, to change a few without repeating the rest; number, channel, customer,
     * subject and creation time never change. The message count follows the message keys.
     */
    private static final class Fields {
        private final Ticket from;
        TicketStatus status;
        List<String> participants;
        Instant lastMessageAt;
        List<String> messageKeys;
        List<String> tags;
        Triage triage;
        Sla sla;
        Lifecycle lifecycle;
        Links links;
        int inboundCount;
        int outboundCount;
        Alert alert;
        Csat csat;
        SlaClock clock;
        Review review;
        Refund refund;
        List<String> customerIdentities;
        SelfService selfService;

        Fields(Ticket from) {
            this.from = from;
            status = from.status;
            participants = from.participants;
            lastMessageAt = from.lastMessageAt;
            messageKeys = from.messageKeys;
            tags = from.tags;
            triage = from.triage;
            sla = from.sla;
            lifecycle = from.lifecycle;
            links = from.links;
            inboundCount = from.inboundCount;
            outboundCount = from.outboundCount;
            alert = from.alert;
            csat = from.csat;
            clock = from.clock;
            review = from.review;
            refund = from.refund;
            customerIdentities = from.customerIdentities;
            selfService = from.selfService;
        }

        Ticket ticket() {
            int count = messageKeys == from.messageKeys ? from.messageCount : messageKeys.size();
            return new Ticket(from.number, status, from.channel, from.customer, from.customerName, participants,
                    from.subject, from.createdAt, Instant.now(), lastMessageAt, count, messageKeys, tags, triage, sla,
                    lifecycle, links, inboundCount, outboundCount, alert, csat, clock, review, refund, null,
                    customerIdentities, selfService);
        }
    }
}
