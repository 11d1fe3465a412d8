package io.ticketflow.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;

/**
 * The SLA clock of a ticket (stored as {@code clock}): it stands still while the ticket waits on the customer
 * (pending), and it keeps the next-response target, which starts when a customer writes on a ticket that has had its
 * first response and ends with the next agent reply. Due times themselves stay in {@link Ticket.Sla}; a pause pushes
 * them when it ends.
 *
 * @param pausedAt             when the running pause began; null while the clock runs
 * @param pausedMinutes        business minutes of all ended pauses (the due times were pushed by as much)
 * @param pauses               how many pauses began
 * @param nextResponseDueAt    when the agents' next reply is due; null when none is owed
 * @param nextResponseSince    the customer's reply that started it
 * @param nextResponseRound    next-response targets started so far (escalation steps are taken once per round)
 * @param nextResponseMinutes  minutes from the customer's reply to the agent's answer, of the last round answered
 * @param nextResponseBreached whether the last round missed its target
 * @param nextResponseBreaches rounds that missed their target
 * @param breached             1 once any target of the ticket was missed, else 0 (its average is the breach rate)
 */
public record SlaClock(Instant pausedAt, Long pausedMinutes, Integer pauses, Instant nextResponseDueAt,
        Instant nextResponseSince, Integer nextResponseRound, Long nextResponseMinutes, Boolean nextResponseBreached,
        Integer nextResponseBreaches, Integer breached) {

    public static final SlaClock NONE = new SlaClock(null, null, null, null, null, null, null, null, null, null);

    @JsonIgnore
    public boolean isPaused() {
        return pausedAt != null;
    }

    /** Business time of the ended pauses. */
    @JsonIgnore
    public Duration paused() {
        return Duration.ofMinutes(pausedMinutes == null ? 0 : pausedMinutes);
    }

    @JsonIgnore
    public int round() {
        return nextResponseRound == null ? 0 : nextResponseRound;
    }

    public SlaClock pausing(Instant at) {
        return new SlaClock(at, pausedMinutes, (pauses == null ? 0 : pauses) + 1, nextResponseDueAt, nextResponseSince,
                nextResponseRound, nextResponseMinutes, nextResponseBreached, nextResponseBreaches, breached);
    }

    /** The pause ended after {@code business} business time; the next-response due time as pushed by the caller. */
    public SlaClock resumed(Duration business, Instant nextDue) {
        return new SlaClock(null, (pausedMinutes == null ? 0 : pausedMinutes) + business.toMinutes(), pauses, nextDue,
                nextResponseSince, nextResponseRound, nextResponseMinutes, nextResponseBreached, nextResponseBreaches,
                breached);
    }

    /** A new next-response round: the customer wrote at {@code since}, an answer is due at {@code due}. */
    public SlaClock awaitingAnswer(Instant since, Instant due) {
        return new SlaClock(pausedAt, pausedMinutes, pauses, due, since, round() + 1, nextResponseMinutes, null,
                nextResponseBreaches, breached);
    }

    /** The round ended: answered after {@code minutes} (null: ended without an answer, e.g. the ticket was solved). */
    public SlaClock answered(Long minutes, boolean late) {
        boolean newBreach = late && !Boolean.TRUE.equals(nextResponseBreached);
        return new SlaClock(pausedAt, pausedMinutes, pauses, null, null, nextResponseRound,
                minutes != null ? minutes : nextResponseMinutes, late ? Boolean.TRUE : nextResponseBreached,
                newBreach ? Integer.valueOf((nextResponseBreaches == null ? 0 : nextResponseBreaches) + 1)
                        : nextResponseBreaches,
                breached);
    }

    /** The running round missed its due time (flagged once per round). */
    public SlaClock nextResponseMissed() {
        return Boolean.TRUE.equals(nextResponseBreached) ? this
                : new SlaClock(pausedAt, pausedMinutes, pauses, nextResponseDueAt, nextResponseSince, nextResponseRound,
                        nextResponseMinutes, true, (nextResponseBreaches == null ? 0 : nextResponseBreaches) + 1, breached);
    }

    public SlaClock withBreached(int flag) {
        return new SlaClock(pausedAt, pausedMinutes, pauses, nextResponseDueAt, nextResponseSince, nextResponseRound,
                nextResponseMinutes, nextResponseBreached, nextResponseBreaches, flag);
    }
}
