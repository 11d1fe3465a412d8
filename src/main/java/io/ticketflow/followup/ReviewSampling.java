package io.ticketflow.followup;

import io.ticketflow.lifecycle.QualityReviews;
import io.ticketflow.lifecycle.ReviewConfig;
import io.ticketflow.store.ReviewQueries;
import io.ticketflow.ticket.Ticket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The quality review's sample, a step of the follow-up pass: for each completed week (the last
 * {@code sampling.lookbackWeeks}) and each agent, the configured number (or share) of their tickets solved that week
 * goes to the review queue. Which tickets is decided by a hash of the ticket number, not by chance or by the order
 * tickets are read in, so two instances pick the same ones; the mark is a compare-and-set, so a ticket is sampled at
 * most once. Only completed weeks: in a running week the set of candidates still grows.
 */
@Component
public class ReviewSampling {

    private static final Logger log = LoggerFactory.getLogger(ReviewSampling.class);

    private final QualityReviews reviews;
    private final ReviewQueries queries;
    private final Clock clock;

    public ReviewSampling(QualityReviews reviews, ReviewQueries queries, Clock clock) {
        this.reviews = reviews;
        this.queries = queries;
        this.clock = clock;
    }

    public int run() {
        reviews.reloadIfChanged();
        return run(clock.instant());
    }

    /** Samples the weeks completed before {@code now}; returns how many tickets this call put into the queue. */
    public int run(Instant now) {
        ReviewConfig c = reviews.config();
        if (c == null || !c.enabled()) {
            return 0;
        }
        Instant thisWeek = now.atZone(c.zone()).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(c.zone()).toInstant();
        int sampled = 0;
        for (int back = c.lookbackWeeks(); back >= 1; back--) {
            Instant from = thisWeek.atZone(c.zone()).minusWeeks(back).toInstant();
            Instant to = thisWeek.atZone(c.zone()).minusWeeks(back - 1L).toInstant();
            sampled += week(c, QualityReviews.week(from, c.zone()), queries.solvedBetween(from, to));
        }
        if (sampled > 0) {
            log.info("Quality review: {} solved tickets sampled", sampled);
        }
        return sampled;
    }

    private int week(ReviewConfig c, String week, List<Ticket> solved) {
        Map<String, List<Ticket>> byAgent = new TreeMap<>();
        solved.forEach(t -> byAgent.computeIfAbsent(t.triage().assignee(), a -> new ArrayList<>()).add(t));
        int sampled = 0;
        for (Map.Entry<String, List<Ticket>> agent : byAgent.entrySet()) {
            long already = agent.getValue().stream().filter(t -> t.review() != null && week.equals(t.review().week())
                    && agent.getKey().equals(t.review().agent())).count();
            List<Ticket> open = agent.getValue().stream().filter(t -> t.review() == null)
                    .sorted(Comparator.comparingDouble(t -> draw(t.number()))).toList();
            List<Ticket> picked = c.rate() != null
                    ? open.stream().filter(t -> draw(t.number()) < c.rate()).toList()
                    : open.subList(0, (int) Math.max(0, Math.min(open.size(), c.perAgentPerWeek() - already)));
            for (Ticket t : picked) {
                if (reviews.sample(t.number(), agent.getKey(), week)) {
                    sampled++;
                }
            }
        }
        return sampled;
    }

    /** The ticket's fixed place in [0, 1): the same on every instance and in every pass. */
    static double draw(String number) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("review:" + number).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return bits / (double) (1L << 56);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
